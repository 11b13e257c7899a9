// Snapshots for the shell's tests, built through the contract's own schema so a fixture that
// drifts from the contract fails loudly instead of testing a shape main never sends.
import { stateSnapshotSchema, type ContextView, type SessionView, type StateSnapshot } from '../../main/contract.js';
import { defaultSettings } from '../../main/core/settings.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** 2026-11-30 08:00:00 UTC: a Monday morning. */
export const T0 = Date.UTC(2026, 10, 30, 8, 0, 0);

export function session(overrides: Partial<SessionView> = {}): SessionView {
  return {
    name: 'acme',
    startUrl: 'https://acme.awsapps.com/start',
    region: 'eu-west-1',
    status: 'signed-in',
    expiresAt: T0 + HOUR,
    sessionEndsAt: T0 + 6 * HOUR + 12 * MINUTE,
    ...overrides,
  };
}

export function context(overrides: Partial<Omit<ContextView, 'cluster' | 'check'>> & { cluster?: Partial<ContextView['cluster']>; check?: Partial<ContextView['check']> } = {}): ContextView {
  const { cluster, check, ...rest } = overrides;
  const accountName = rest.accountName ?? 'acme-prod';
  const roleName = rest.roleName ?? 'AdministratorAccess';
  const clusterName = cluster?.name ?? 'main';
  return {
    contextName: `${accountName}/${roleName}/${clusterName}`,
    session: 'acme',
    accountId: '111122223333',
    accountName,
    roleName,
    isCurrent: false,
    isFavourite: false,
    inKubeconfig: true,
    ...rest,
    cluster: { name: clusterName, region: 'eu-west-1', status: 'ACTIVE', authenticationMode: 'API', version: '1.32', ...cluster },
    check: { status: 'ok', summary: 'kubectl get nodes works', detail: null, checkedAt: T0, ...check },
  };
}

export function snapshot(overrides: Partial<StateSnapshot> = {}): StateSnapshot {
  return stateSnapshotSchema.parse({
    now: T0,
    sessions: [session()],
    signIn: null,
    signInError: null,
    discovery: { phase: 'idle', done: 0, total: 0, failures: [], startedAt: null, finishedAt: null },
    contexts: [],
    kubeconfig: { file: '/home/dev/.kube/config', currentContext: null, lastChange: null },
    grant: null,
    settings: defaultSettings,
    capabilities: { openBrowser: true },
    ...overrides,
  });
}
