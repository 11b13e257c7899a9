// Reachability results as data: one per kubeconfig context, what `kubectl get nodes` would see
// and why. The dashboard shows `summary` on the badge and `detail` in the tooltip.
import type { Sso } from '../sso/index.js';

export type CheckStatus = 'ok' | 'unauthorized' | 'forbidden' | 'unreachable' | 'tls' | 'not-active' | 'signed-out' | 'checking';

export interface CheckResult {
  contextName: string;
  status: CheckStatus;
  /** One line for a person. */
  summary: string;
  /** The underlying detail, for a tooltip: stage, HTTP status, error code, namespaces. */
  detail: string;
  /** Epoch milliseconds (context.clock). */
  checkedAt: number;
  /** Wall time of the whole check. */
  latencyMs?: number;
  /** Nodes in the cluster (absent when the API said there are more than one page without a count). */
  nodes?: number;
  /** Ready nodes among those listed (see readyOfFirst). */
  readyNodes?: number;
  /** Present when readyNodes covers only the first page of the node list: that page's size. */
  readyOfFirst?: number;
  serverVersion?: string;
  /** Who the cluster says we are (SelfSubjectReview). */
  username?: string;
  groups?: string[];
  /** Namespaces this context can list pods in, where known (forbidden results). */
  namespaces?: string[];
  /** The endpoint has no public access: reachable only from inside the VPC (or over VPN). */
  privateOnly?: boolean;
}

/** What checks and grants need from the sign-in core: a narrow slice of main/core/sso's `Sso`. */
export type SsoAccess = Pick<Sso, 'sessionStates' | 'roleCredentials' | 'accounts'>;
