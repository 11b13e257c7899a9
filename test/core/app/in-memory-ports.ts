// A small in-memory organisation behind the controller's ports, for unit tests of the
// controller's own behaviour (state transitions, snapshots, errors). The end-to-end tests
// drive the real core against the real sandbox instead.
import { CoreError } from '../../../main/core/errors.js';
import { defaultSettings, type Settings } from '../../../main/core/settings.js';
import type { AppPorts, CheckOutcome, ClusterInfo, PlannedContext, SessionInfo, SignInPrompt } from '../../../main/core/app/ports.js';

/** Lets a debounced snapshot go out between steps, as real network calls would. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

export interface InMemoryOrg {
  ports: AppPorts;
  calls: string[];
  /** Resolves the pending sign-in as approved. */
  approve(): void;
  deny(): void;
  kubeconfig: { currentContext: string | null; contexts: string[] };
  sessions: SessionInfo[];
  granted: Set<string>;
  savedSettings: Settings[];
}

export function inMemoryOrg(now: () => number): InMemoryOrg {
  const calls: string[] = [];
  const sessions: SessionInfo[] = [];
  const granted = new Set<string>();
  const kubeconfig = { currentContext: null as string | null, contexts: [] as string[] };
  const savedSettings: Settings[] = [];
  let settings: Settings = { ...defaultSettings, regions: ['eu-west-1', 'us-east-1'] };
  let pending: { resolve(): void; reject(error: unknown): void } | null = null;

  const clusters: ClusterInfo[] = [
    { session: 'acme', accountId: '111111111111', region: 'eu-west-1', name: 'prod', status: 'ACTIVE', authenticationMode: 'API', version: '1.31' },
    { session: 'acme', accountId: '111111111111', region: 'us-east-1', name: 'new', status: 'CREATING', authenticationMode: 'API', version: '1.32' },
  ];

  const ports: AppPorts = {
    loadSettings: async () => settings,
    saveSettings: async (next) => {
      settings = next;
      savedSettings.push(next);
    },
    sessions: async () => sessions.map((session) => ({ ...session })),
    signIn: (request, options) => {
      calls.push(`signIn ${request.startUrl}`);
      const session = request.session ?? 'acme';
      const prompt: SignInPrompt = { session, flow: 'device', userCode: 'ABCD-EFGH', verificationUri: 'https://device.example/?user_code=ABCD-EFGH', expiresAt: now() + 600_000 };
      return new Promise((resolve, reject) => {
        pending = {
          resolve: () => {
            sessions.push({ name: session, startUrl: request.startUrl, region: request.region, status: 'signed-in', expiresAt: now() + 3_600_000, sessionEndsAt: now() + 28_800_000 });
            resolve({ session });
          },
          reject,
        };
        options.signal.addEventListener('abort', () => reject(new CoreError('cancelled', 'sign-in cancelled')));
        queueMicrotask(() => options.onPrompt(prompt));
      });
    },
    signOut: async (session) => {
      calls.push(`signOut ${session}`);
      sessions.splice(sessions.findIndex((entry) => entry.name === session), 1);
    },
    accounts: async (session, { onProgress }) => {
      onProgress({ done: 1, total: 2 });
      await tick();
      onProgress({ done: 2, total: 2 });
      return {
        accounts: [{ session, accountId: '111111111111', accountName: 'prod-account', roles: ['Admin', 'ReadOnly'] }],
        failures: [{ session, accountId: '222222222222', accountName: 'locked', region: null, error: { code: 'access-denied', message: 'no role may list clusters', retryable: false } }],
      };
    },
    clusters: async (_session, _accounts, { regions, onProgress }) => {
      await tick();
      onProgress({ done: regions.length, total: regions.length });
      return { clusters: clusters.filter((cluster) => regions.includes(cluster.region)), failures: [] };
    },
    planContexts: (accounts, found) =>
      accounts.flatMap((account) =>
        account.roles.flatMap((roleName) =>
          found
            .filter((cluster) => cluster.accountId === account.accountId)
            .map<PlannedContext>((cluster) => ({
              contextName: `${account.accountName}/${roleName}/${cluster.name}`,
              session: account.session,
              accountId: account.accountId,
              accountName: account.accountName,
              roleName,
              cluster,
              inKubeconfig: cluster.status === 'ACTIVE',
              spec: { secretLooking: 'never shown' },
            })),
        ),
      ),
    writeKubeconfig: async (contexts) => {
      const names = contexts.map((context) => context.contextName);
      const added = names.filter((name) => !kubeconfig.contexts.includes(name));
      kubeconfig.contexts = names;
      return { file: '/home/test/.kube/config', added, updated: [], removed: [] };
    },
    readCurrentContext: async () => ({ file: '/home/test/.kube/config', currentContext: kubeconfig.currentContext }),
    useContext: async (name) => {
      kubeconfig.currentContext = name;
    },
    check: async (contexts, { onResult }) => {
      await tick();
      for (const context of contexts) {
        const outcome: CheckOutcome =
          context.cluster.status !== 'ACTIVE'
            ? { contextName: context.contextName, status: 'not-active', summary: `cluster is ${context.cluster.status}`, detail: null, checkedAt: now() }
            : context.roleName === 'Admin' || granted.has(context.contextName)
              ? { contextName: context.contextName, status: 'ok', summary: '3 nodes, 3 Ready', detail: 'v1.31', checkedAt: now(), nodes: 3, readyNodes: 3, serverVersion: 'v1.31.2', latencyMs: 12 }
              : { contextName: context.contextName, status: 'unauthorized', summary: 'no access entry for this role', detail: 'HTTP 401', checkedAt: now() };
        onResult(outcome);
      }
    },
    planGrant: async (context, request) => ({
      clusterName: context.cluster.name,
      authenticationMode: 'API',
      method: 'access-entry',
      scope: request.scope,
      namespace: request.namespace ?? null,
      policy: 'AmazonEKSClusterAdminPolicy',
      principalArn: `arn:aws:iam::${context.accountId}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_${context.roleName}_0123`,
      actingRole: 'Admin',
      steps: ['CreateAccessEntry', 'AssociateAccessPolicy AmazonEKSClusterAdminPolicy (cluster)'],
      warnings: [],
      noop: false,
      offerModeChange: context.cluster.authenticationMode === 'CONFIG_MAP' ? { from: 'CONFIG_MAP', to: 'API_AND_CONFIG_MAP', warning: 'This cannot be undone.' } : null,
      plan: { contextName: context.contextName },
    }),
    applyGrant: async (context, _grant, onProgress) => {
      onProgress('CreateAccessEntry: created');
      granted.add(context.contextName);
      return { summary: 'Granted cluster admin', undoable: true };
    },
    revokeGrant: async (context, onProgress) => {
      onProgress('DeleteAccessEntry: deleted');
      granted.delete(context.contextName);
      return { summary: 'Revoked', undoable: false };
    },
    enableAccessEntries: async (context, sameCluster, onProgress) => {
      calls.push(`enableAccessEntries ${context.contextName}`);
      onProgress(`switching ${context.cluster.name} to API_AND_CONFIG_MAP`);
      for (const cluster of clusters) if (cluster.name === context.cluster.name) cluster.authenticationMode = 'API_AND_CONFIG_MAP';
      return {
        summary: `Switched ${context.cluster.name} to API_AND_CONFIG_MAP`,
        changed: true,
        contexts: sameCluster.map((one) => ({ ...one, cluster: { ...one.cluster, authenticationMode: 'API_AND_CONFIG_MAP' } })),
      };
    },
    exportProfiles: async () => ({ file: '/home/test/.aws/config', written: ['prod-account.Admin'] }),
  };

  return {
    ports,
    calls,
    approve: () => pending?.resolve(),
    deny: () => pending?.reject(new CoreError('access-denied', 'sign-in was denied in the browser', { hint: 'Sign in again and choose Allow' })),
    kubeconfig,
    sessions,
    granted,
    savedSettings,
  };
}
