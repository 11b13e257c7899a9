// The real core behind the controller's ports: sign-in and accounts (sso), discovery (eks),
// the kubeconfig writer, reachability checks, grants and the settings file.
import type { CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import { loadSettings, saveSettings, type Settings } from '../settings.js';
import { createSso, type Sso } from '../sso/index.js';
import { discoverClusters, type ClusterInfo as CoreCluster } from '../eks/discovery.js';
import { planContexts, type ContextSpec } from '../kubeconfig/contexts.js';
import { readKubeconfigSummary, useContext, writeKubeconfig } from '../kubeconfig/write.js';
import { kubeconfigPath } from '../kubeconfig/path.js';
import type { ExecCommand } from '../kubeconfig/entries.js';
import { checkContexts } from '../check/check-context.js';
import { awsConfigPath, writeSsoProfiles, type SsoProfile } from '../aws-config/config-file.js';
import { profileName, validateProfileTemplate } from '../aws-config/profile-names.js';
import type { CheckResult } from '../check/types.js';
import type { AccountInfo, AppPorts, CheckFacts, ClusterInfo, PlannedContext, SessionInfo } from './ports.js';
import { createGrantPorts } from './grant-ports.js';
import { cachedCurrentContextReader } from './current-context-reader.js';

export interface CorePortsOptions {
  /** Share one Sso with the rest of the host (the tray); created here otherwise. */
  sso?: Sso;
  /** How kubectl runs `eks-sso token` (default: this Node binary and CLI script). */
  exec?: ExecCommand;
  /** Per-check deadline (default the core's 5 s). */
  checkTimeoutMs?: number;
}

function clusterView(cluster: CoreCluster): ClusterInfo {
  return {
    session: cluster.session,
    accountId: cluster.accountId,
    region: cluster.region,
    name: cluster.name,
    status: cluster.status,
    authenticationMode: cluster.authenticationMode,
    version: cluster.version || null,
  };
}

/** kubectl can use a cluster only once it has an endpoint and a CA (the kubeconfig planner's rule). */
function connectable(cluster: CoreCluster): boolean {
  return cluster.endpoint !== null && cluster.certificateAuthorityData !== null && (cluster.status === 'ACTIVE' || cluster.status === 'UPDATING');
}

/** The facts the dashboard shows, picked one by one: nothing else of a result crosses. */
function checkFacts(result: CheckResult): CheckFacts {
  return {
    ...(result.latencyMs !== undefined ? { latencyMs: result.latencyMs } : {}),
    ...(result.nodes !== undefined ? { nodes: result.nodes } : {}),
    ...(result.readyNodes !== undefined ? { readyNodes: result.readyNodes } : {}),
    ...(result.readyOfFirst !== undefined ? { readyOfFirst: result.readyOfFirst } : {}),
    ...(result.serverVersion !== undefined ? { serverVersion: result.serverVersion } : {}),
    ...(result.namespaces !== undefined ? { namespaces: result.namespaces } : {}),
    ...(result.privateOnly !== undefined ? { privateOnly: result.privateOnly } : {}),
  };
}

function specOf(context: PlannedContext): ContextSpec {
  return context.spec as ContextSpec;
}

export function createCorePorts(context: CoreContext, options: CorePortsOptions = {}): AppPorts {
  const sso = options.sso ?? createSso(context);
  // Discovery results by session, so planContexts sees the full cluster records.
  const clustersBySession = new Map<string, CoreCluster[]>();
  const grants = createGrantPorts(context, sso);
  const currentContext = cachedCurrentContextReader(
    (file) => kubeconfigPath(context.env, file),
    async (file) => {
      const summary = await readKubeconfigSummary(context, { file });
      return { file: summary.file, currentContext: summary.currentContext };
    },
  );

  return {
    loadSettings: () => loadSettings(context.env),
    saveSettings: (settings) => saveSettings(context.env, settings),

    async sessions(): Promise<SessionInfo[]> {
      const states = await sso.sessionStates();
      return states.map((state) => ({
        name: state.name,
        startUrl: state.startUrl,
        region: state.region,
        status: state.status,
        expiresAt: state.accessTokenExpiresAt,
        sessionEndsAt: state.sessionEndsAt,
        ...(state.sessionEndEstimated === undefined ? {} : { sessionEndEstimated: state.sessionEndEstimated }),
      }));
    },

    async signIn(request, { signal, openBrowser, onPrompt }) {
      const state = await sso.login({
        startUrl: request.startUrl,
        region: request.region,
        ...(request.session ? { session: request.session } : {}),
        ...(request.flow ? { flow: request.flow } : {}),
        openBrowser,
        signal,
        onPrompt: (prompt) =>
          onPrompt({
            session: prompt.session,
            flow: prompt.userCode ? 'device' : 'pkce',
            userCode: prompt.userCode ?? null,
            verificationUri: prompt.verificationUriComplete || prompt.verificationUri,
            expiresAt: prompt.expiresAt,
          }),
      });
      return { session: state.name };
    },

    async signOut(session) {
      await sso.logout(session);
      clustersBySession.delete(session);
    },

    async accounts(session, { signal, onProgress }) {
      const result = await sso.accounts(session, {
        signal,
        refresh: true,
        staleWhileRefresh: false,
        onProgress: (done, total) => onProgress({ done, total }),
      });
      const accounts: AccountInfo[] = result.accounts.map((account) => ({ session, accountId: account.accountId, accountName: account.accountName, roles: account.roles }));
      const failures = result.accounts
        .filter((account) => account.error)
        .map((account) => ({ session, accountId: account.accountId, accountName: account.accountName, region: null, error: account.error! }));
      return { accounts, failures };
    },

    async clusters(session, accounts, { regions, signal, onProgress }) {
      const result = await discoverClusters(context, sso, {
        session,
        regions,
        signal,
        refresh: true,
        onProgress: (done, total) => onProgress({ done, total }),
      });
      clustersBySession.set(session, result.clusters);
      const names = new Map(accounts.map((account) => [account.accountId, account.accountName]));
      return {
        clusters: result.clusters.map(clusterView),
        failures: result.failures.map((failure) => ({
          session,
          accountId: failure.accountId,
          accountName: names.get(failure.accountId) ?? failure.accountId,
          region: failure.region ?? null,
          error: failure.error,
        })),
      };
    },

    planContexts(accounts, clusters, settings: Settings): PlannedContext[] {
      const sessions = new Set(clusters.map((cluster) => cluster.session));
      const full = [...sessions].flatMap((session) => clustersBySession.get(session) ?? []);
      // Clusters kubectl cannot use yet (CREATING, FAILED…) are named by the same rules, so the
      // dashboard can list them as not active; only connectable ones are ever written.
      const placeholders = new Map<CoreCluster, CoreCluster>();
      const nameable = full.map((cluster) => {
        if (connectable(cluster)) return cluster;
        const stand = { ...cluster, status: 'ACTIVE', endpoint: cluster.endpoint ?? '', certificateAuthorityData: cluster.certificateAuthorityData ?? '' };
        placeholders.set(stand, cluster);
        return stand;
      });
      const specs = planContexts(
        nameable,
        accounts.map((account) => ({ accountId: account.accountId, accountName: account.accountName, roles: account.roles, session: account.session })),
        settings.contextTemplate,
      );
      return specs.map((spec) => {
        const original = placeholders.get(spec.cluster);
        const real: ContextSpec = original ? { ...spec, cluster: original } : spec;
        return {
          contextName: real.contextName,
          session: real.session,
          accountId: real.accountId,
          accountName: real.accountName,
          roleName: real.roleName,
          cluster: clusterView(real.cluster),
          inKubeconfig: original === undefined,
          spec: real,
        };
      });
    },

    async writeKubeconfig(contexts, settings) {
      const sessions = [...new Set([...clustersBySession.keys(), ...contexts.map((planned) => planned.session)])];
      const summary = await writeKubeconfig(context, contexts.map(specOf), {
        file: settings.kubeconfigFile,
        prune: true,
        pruneSessions: sessions,
        execMode: settings.execMode,
        profileTemplate: settings.profileTemplate,
        ...(options.exec ? { exec: options.exec } : {}),
      });
      return { file: summary.file, added: summary.added, updated: summary.updated, removed: summary.removed };
    },

    readCurrentContext: (settings) => currentContext(settings.kubeconfigFile),

    useContext: (contextName, settings) => useContext(context, contextName, { file: settings.kubeconfigFile }),

    async check(contexts, { signal, onResult }) {
      await checkContexts(context, sso, contexts.map(specOf), {
        signal,
        ...(options.checkTimeoutMs !== undefined ? { timeoutMs: options.checkTimeoutMs } : {}),
        onResult: (result) =>
          onResult({
            contextName: result.contextName,
            status: result.status === 'checking' ? 'error' : result.status,
            summary: result.summary,
            detail: result.detail || null,
            checkedAt: result.checkedAt,
            ...checkFacts(result),
          }),
      });
    },

    planGrant: (planned, request) => grants.plan(specOf(planned), request),
    applyGrant: (planned, grant, onProgress) => grants.apply(specOf(planned), grant, onProgress),
    revokeGrant: (planned, onProgress) => grants.revoke(specOf(planned), onProgress),

    async enableAccessEntries(planned, sameCluster, onProgress) {
      const outcome = await grants.enableAccessEntries(specOf(planned), onProgress);
      const mode = outcome.authenticationMode;
      // Later plans and discoveries must see the new mode (planGrant picks its method from it).
      const listed = clustersBySession.get(planned.session);
      if (listed) {
        const same = (cluster: CoreCluster) => cluster.accountId === planned.accountId && cluster.region === planned.cluster.region && cluster.name === planned.cluster.name;
        clustersBySession.set(planned.session, listed.map((cluster) => (same(cluster) ? { ...cluster, authenticationMode: mode } : cluster)));
      }
      const contexts = sameCluster.map((one) => {
        const spec = specOf(one);
        return { ...one, cluster: { ...one.cluster, authenticationMode: mode }, spec: { ...spec, cluster: { ...spec.cluster, authenticationMode: mode } } };
      });
      return { summary: outcome.summary, changed: outcome.changed, contexts };
    },

    async exportProfiles(settings) {
      validateProfileTemplate(settings.profileTemplate);
      const profiles: SsoProfile[] = [];
      const owners = new Map<string, string>();
      for (const state of await sso.sessionStates()) {
        if (state.status !== 'signed-in' && state.status !== 'expiring') continue;
        const listing = await sso.accounts(state.name, { staleWhileRefresh: false });
        for (const account of listing.accounts) {
          for (const role of account.roles) {
            const name = profileName(settings.profileTemplate, { account: account.accountName, accountId: account.accountId, role, session: state.name });
            const owner = `${state.name}/${account.accountId}/${role}`;
            if (owners.has(name) && owners.get(name) !== owner) {
              throw new CoreError('conflict', `the profile template gives the same name "${name}" to ${owners.get(name)} and ${owner}`, {
                hint: 'Add {accountId} or {session} to the profile name template',
              });
            }
            owners.set(name, owner);
            profiles.push({ name, session: state.name, accountId: account.accountId, roleName: role, region: state.region, startUrl: state.startUrl, ssoRegion: state.region });
          }
        }
      }
      if (profiles.length === 0) throw new CoreError('signed-out', 'no signed-in session has accounts to export', { hint: 'Sign in first' });
      await writeSsoProfiles(context.env, profiles);
      return { file: awsConfigPath(context.env), written: profiles.map((profile) => profile.name) };
    },
  };
}

