// The knobs tests, benchmarks and the demo turn: approve or deny sign-ins, faults, the clock,
// sessions, token lifetimes, cluster endpoint behaviour, and the request log. The admin HTTP
// API (admin-server.ts) exposes exactly these as JSON.
import type { EndpointBehavior } from '../kube/contract.js';
import type { Faults, FaultSettings } from '../runtime/faults.js';
import type { RequestLog, RequestLogEntry } from '../runtime/request-log.js';
import type { SandboxClock } from '../runtime/clock.js';
import type { SessionStore, TokenLifetimes } from '../identity/sessions.js';
import type { Directory } from '../identity/directory.js';
import { checkFaultSettings } from './fault-body.js';

export interface TokenLifetimeChange {
  accessTokenSeconds?: number;
  /** Alias of sessionSeconds: a refresh token lives as long as the portal session. */
  refreshTokenSeconds?: number;
  sessionSeconds?: number;
}

export interface PendingDevice {
  userCode: string;
  startUrl: string;
  expiresAt: string;
}

export interface SandboxAdmin {
  /** Approves a pending device sign-in as `user` (default: the scenario's first user). Throws when the code is unknown or no longer pending. */
  approveDevice(userCode: string, user?: string): void;
  denyDevice(userCode: string): void;
  pendingDevices(): PendingDevice[];
  /** Approve every new sign-in as this user after a short delay; false turns it off. */
  setAutoApprove(user: string | false): void;
  /** Latency, throttling (token bucket) or a 5xx fraction for an operation ("*" for all); null clears it. Unknown or out-of-range settings: AdminError 400. */
  setFault(operation: string, settings: FaultSettings | null): void;
  clearFaults(): void;
  faults(): Record<string, FaultSettings>;
  /** Moves the sandbox clock (token expiry, signature windows, updates) by `ms` from real time. */
  setClockOffset(ms: number): void;
  clockOffset(): number;
  /** The user's portal sessions end now: no access, no refresh. Returns how many ended. */
  expireSession(user: string): number;
  /** Revokes the user's sessions and the role credentials issued from them. */
  revokeSession(user: string): number;
  setTokenLifetimes(change: TokenLifetimeChange): TokenLifetimes;
  setEndpointBehavior(clusterName: string, behavior: EndpointBehavior, accountId?: string): Promise<void>;
  requestLog(): RequestLogEntry[];
  /** Requests per operation. */
  counts(): Record<string, number>;
  /** Requests per "Operation status". */
  statusCounts(): Record<string, number>;
  clearRequestLog(): void;
}

export interface AdminDeps {
  directory: Directory;
  sessions: SessionStore;
  faults: Faults;
  log: RequestLog;
  clock: SandboxClock;
  autoApprove: { user: string | undefined };
  setEndpointBehavior(clusterName: string, behavior: EndpointBehavior, accountId?: string): Promise<void>;
}

export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

const BEHAVIORS: readonly EndpointBehavior[] = ['answer', 'hang', 'refuse', 'wrong-ca'];

export function createSandboxAdmin(deps: AdminDeps): SandboxAdmin {
  const { directory, sessions, faults, log, clock } = deps;
  const firstUser = () => directory.scenario.users[0]?.name ?? '';
  const knownUser = (user: string) => {
    if (!directory.users.has(user)) throw new AdminError(400, `unknown user "${user}"`);
    return user;
  };
  const finite = (value: unknown, name: string) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new AdminError(400, `${name} must be a number`);
    return value;
  };

  return {
    approveDevice(userCode, user) {
      if (!sessions.decideDevice(userCode, 'approve', knownUser(user ?? firstUser()))) throw new AdminError(404, `no pending sign-in with code ${userCode}`);
    },
    denyDevice(userCode) {
      if (!sessions.decideDevice(userCode, 'deny')) throw new AdminError(404, `no pending sign-in with code ${userCode}`);
    },
    pendingDevices() {
      return sessions.pendingDevices().map((device) => ({ userCode: device.userCode, startUrl: device.startUrl, expiresAt: new Date(device.expiresAt).toISOString() }));
    },
    setAutoApprove(user) {
      deps.autoApprove.user = user === false ? undefined : knownUser(user);
    },
    setFault(operation, settings) {
      if (typeof operation !== 'string' || operation.length === 0) throw new AdminError(400, 'operation is required');
      if (settings === null) return faults.set(operation, null);
      const checked = checkFaultSettings(operation, settings);
      if (!checked.ok) throw new AdminError(400, checked.message);
      faults.set(checked.operation, checked.settings);
    },
    clearFaults() {
      faults.clear();
    },
    faults() {
      return faults.list();
    },
    setClockOffset(ms) {
      clock.setOffset(finite(ms, 'offsetMs'));
    },
    clockOffset() {
      return clock.offset();
    },
    expireSession(user) {
      return sessions.expireSessions(knownUser(user));
    },
    revokeSession(user) {
      return sessions.revokeSessions(knownUser(user));
    },
    setTokenLifetimes(change) {
      const update: Partial<TokenLifetimes> = {};
      if (change.accessTokenSeconds !== undefined) update.accessTokenSeconds = finite(change.accessTokenSeconds, 'accessTokenSeconds');
      const session = change.sessionSeconds ?? change.refreshTokenSeconds;
      if (session !== undefined) update.sessionSeconds = finite(session, 'sessionSeconds');
      return sessions.setTokenLifetimes(update);
    },
    async setEndpointBehavior(clusterName, behavior, accountId) {
      if (!BEHAVIORS.includes(behavior)) throw new AdminError(400, `behavior must be one of ${BEHAVIORS.join(', ')}`);
      await deps.setEndpointBehavior(clusterName, behavior, accountId);
    },
    requestLog: () => log.list(),
    counts: () => log.counts(),
    statusCounts: () => log.statusCounts(),
    clearRequestLog: () => log.clear(),
  };
}
