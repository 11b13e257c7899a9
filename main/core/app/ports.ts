// The narrow view of the core that the app controller drives. The real core is adapted onto it
// in core-ports.ts; keeping the controller behind this seam lets each piece be swapped or
// observed in unit tests while the end-to-end tests run the real thing.
import type { SerializedError } from '../errors.js';
import type { Settings } from '../settings.js';

export type SessionStatus = 'signed-in' | 'expiring' | 'expired' | 'signed-out';

export interface SessionInfo {
  name: string;
  startUrl: string;
  region: string;
  status: SessionStatus;
  /** Epoch ms the current access token expires. */
  expiresAt: number | null;
  /** Epoch ms after which no refresh can extend the session. */
  sessionEndsAt: number | null;
  /** True when sessionEndsAt is an estimate from the configured session length. */
  sessionEndEstimated?: boolean;
}

export interface SignInRequest {
  startUrl: string;
  region: string;
  session?: string | undefined;
  flow?: 'device' | 'pkce' | undefined;
}

/** What the sign-in flow asks the person to do. */
export interface SignInPrompt {
  session: string;
  flow: 'device' | 'pkce';
  userCode: string | null;
  /** The page to approve on (with the user code embedded where the flow allows it). */
  verificationUri: string;
  expiresAt: number | null;
}

export interface AccountInfo {
  session: string;
  accountId: string;
  accountName: string;
  roles: string[];
}

export interface DiscoveryProblem {
  session: string;
  accountId: string;
  accountName: string;
  region: string | null;
  error: SerializedError;
}

export interface Progress {
  done: number;
  total: number;
}

export interface ClusterInfo {
  session: string;
  accountId: string;
  region: string;
  name: string;
  status: string;
  authenticationMode: string | null;
  version: string | null;
}

/** One kubeconfig context as the core plans it; `spec` is the core's own object, kept opaque. */
export interface PlannedContext {
  contextName: string;
  session: string;
  accountId: string;
  accountName: string;
  roleName: string;
  cluster: ClusterInfo;
  /** False for clusters kubectl cannot reach yet (no endpoint): listed, never written. */
  inKubeconfig: boolean;
  spec: unknown;
}

export type CheckStatus = 'ok' | 'unauthorized' | 'forbidden' | 'unreachable' | 'tls' | 'not-active' | 'signed-out' | 'error';

/** What a check found besides its verdict, where known (see the contract's checkFactsSchema). */
export interface CheckFacts {
  latencyMs?: number;
  nodes?: number;
  readyNodes?: number;
  readyOfFirst?: number;
  serverVersion?: string;
  namespaces?: string[];
  privateOnly?: boolean;
}

export interface CheckOutcome extends CheckFacts {
  contextName: string;
  status: CheckStatus;
  summary: string;
  detail: string | null;
  checkedAt: number;
}

export interface KubeconfigWriteResult {
  file: string;
  added: string[];
  updated: string[];
  removed: string[];
}

export interface GrantRequest {
  scope: 'cluster' | 'namespace';
  namespace?: string | undefined;
  policy?: 'AmazonEKSAdminViewPolicy' | 'AmazonEKSEditPolicy' | undefined;
}

/** A plan as the person reads it; `plan` is the core's own object, passed back to apply it. */
export interface PlannedGrant {
  clusterName: string;
  authenticationMode: string;
  method: 'access-entry' | 'aws-auth';
  scope: 'cluster' | 'namespace';
  namespace: string | null;
  policy: string;
  principalArn: string;
  actingRole: string;
  steps: string[];
  warnings: string[];
  noop: boolean;
  /** The switch to API_AND_CONFIG_MAP this CONFIG_MAP cluster could make, offered, never made silently. */
  offerModeChange: { from: string; to: 'API_AND_CONFIG_MAP'; warning: string } | null;
  plan: unknown;
}

export interface GrantOutcome {
  summary: string;
  undoable: boolean;
}

export interface ModeChangeOutcome {
  summary: string;
  changed: boolean;
  /** `sameCluster` as passed in, now carrying the cluster's new authentication mode. */
  contexts: PlannedContext[];
}

export interface AppPorts {
  loadSettings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<void>;

  sessions(): Promise<SessionInfo[]>;
  signIn(request: SignInRequest, options: { signal: AbortSignal; openBrowser: boolean; onPrompt(prompt: SignInPrompt): void }): Promise<{ session: string }>;
  signOut(session: string): Promise<void>;

  accounts(
    session: string,
    options: { signal: AbortSignal; onProgress(progress: Progress): void },
  ): Promise<{ accounts: AccountInfo[]; failures: DiscoveryProblem[] }>;
  clusters(
    session: string,
    accounts: AccountInfo[],
    options: { regions: string[]; signal: AbortSignal; onProgress(progress: Progress): void },
  ): Promise<{ clusters: ClusterInfo[]; failures: DiscoveryProblem[] }>;
  planContexts(accounts: AccountInfo[], clusters: ClusterInfo[], settings: Settings): PlannedContext[];

  writeKubeconfig(contexts: PlannedContext[], settings: Settings): Promise<KubeconfigWriteResult>;
  readCurrentContext(settings: Settings): Promise<{ file: string; currentContext: string | null }>;
  useContext(contextName: string, settings: Settings): Promise<void>;

  check(contexts: PlannedContext[], options: { signal: AbortSignal; onResult(outcome: CheckOutcome): void }): Promise<void>;

  planGrant(context: PlannedContext, request: GrantRequest): Promise<PlannedGrant>;
  applyGrant(context: PlannedContext, grant: PlannedGrant, onProgress: (line: string) => void): Promise<GrantOutcome>;
  revokeGrant(context: PlannedContext, onProgress: (line: string) => void): Promise<GrantOutcome>;
  /**
   * Switches the context's CONFIG_MAP cluster to API_AND_CONFIG_MAP (irreversible) and waits
   * until it is ACTIVE again. `sameCluster`: every listed context of that cluster, the asked one included.
   */
  enableAccessEntries(context: PlannedContext, sameCluster: PlannedContext[], onProgress: (line: string) => void): Promise<ModeChangeOutcome>;

  exportProfiles(settings: Settings): Promise<{ file: string; written: string[] }>;
}
