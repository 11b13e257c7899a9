// What a grant asks for, and the plan shown before anything changes.
import type { ContextSpec } from '../kubeconfig/contexts.js';

export type AccessPolicyName = 'AmazonEKSClusterAdminPolicy' | 'AmazonEKSAdminViewPolicy' | 'AmazonEKSEditPolicy';
export const ACCESS_POLICY_NAMES: readonly AccessPolicyName[] = ['AmazonEKSClusterAdminPolicy', 'AmazonEKSAdminViewPolicy', 'AmazonEKSEditPolicy'];

export interface GrantRequest {
  scope: 'cluster' | 'namespace';
  namespace?: string;
  /** Default: cluster admin at cluster scope, admin-view (read-only) at namespace scope. */
  policy?: AccessPolicyName;
}

export interface GrantStep {
  description: string;
  /** e.g. 'eks:CreateAccessEntry' or 'PUT configmaps/kube-system/aws-auth'. */
  call: string;
  details: Record<string, unknown>;
}

export interface GrantPlan {
  contextName: string;
  /** The sign-in session and account the acting roles come from. */
  session: string;
  cluster: { name: string; region: string; accountId: string; authenticationMode: string };
  request: { scope: 'cluster' | 'namespace'; namespace?: string; policy: AccessPolicyName };
  /** The form actually used: full for access entries, path-less for aws-auth. */
  principalArn: string;
  principalArnFull: string;
  principalArnPathless: string;
  /** True when iam:GetRole confirmed the full ARN. */
  principalConfirmed: boolean;
  /** The Identity Center user (for the audit log). */
  sessionUser: string;
  /** The role that makes the change. */
  actingRole: string;
  /** Further roles to try, in order, if the acting role is refused. */
  fallbackRoles: string[];
  method: 'access-entry' | 'aws-auth';
  steps: GrantStep[];
  alreadyGranted: boolean;
  warnings: string[];
  offerModeChange?: { from: string; to: 'API_AND_CONFIG_MAP'; warning: string };
  /** The context itself, to re-check after applying. */
  spec: ContextSpec;
}

export interface PlanOptions {
  signal?: AbortSignal;
}

export interface ApplyOptions {
  signal?: AbortSignal;
  onProgress?: (step: string) => void;
  /** Re-check until the context is reachable (default true). */
  waitForAccess?: boolean;
  /** How long to wait for propagation (default 60 s). */
  waitTimeoutMs?: number;
}
