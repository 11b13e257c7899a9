// Starts a whole sandbox from a scenario: the five AWS services and the admin API on loopback
// ports, and one Kubernetes API server per cluster that has an endpoint. Small scenarios start
// their cluster servers up front; large generated ones start each on its first DescribeCluster.
import { rm } from 'node:fs/promises';
import { writeFileAtomic } from '../main/core/fs/atomic-write.js';
import { parseScenario } from './scenario/parse.js';
import type { Scenario } from './scenario/schema.js';
import { kubeSeedFor } from './scenario/kube-seed.js';
import { Directory } from './identity/directory.js';
import { SessionStore } from './identity/sessions.js';
import type { DeviceAuthorization } from './identity/sessions.js';
import { SandboxClock } from './runtime/clock.js';
import { Faults } from './runtime/faults.js';
import { RequestLog } from './runtime/request-log.js';
import type { RequestLogEntry } from './runtime/request-log.js';
import { startServiceServer } from './http/service-server.js';
import type { RunningServer, ServiceDefinition } from './http/service-server.js';
import { oidcService } from './services/oidc.js';
import { portalService } from './services/portal.js';
import { stsService } from './services/sts.js';
import { iamService } from './services/iam.js';
import { eksService } from './eks/eks-service.js';
import { EksState } from './eks/cluster-state.js';
import type { ClusterState } from './eks/cluster-state.js';
import { clusterControlPlane } from './cluster-control-plane.js';
import { createSandboxAdmin, AdminError } from './admin/sandbox-admin.js';
import type { SandboxAdmin } from './admin/sandbox-admin.js';
import { startAdminServer } from './admin/admin-server.js';
import type { EndpointBehavior, KubeApiServerHandle, StartKubeApiServer } from './kube/contract.js';
import { startKubeApiServer as defaultStartKubeApiServer } from './kube/server.js';

export interface SandboxOptions {
  /** Base port: OIDC on port, portal +1, STS +2, IAM +3, EKS +4, admin +5. Default: random free ports. */
  port?: number;
  /** Approve every sign-in automatically: true = as the scenario's first user, or a user name. */
  autoApprove?: string | boolean;
  /** Write { startUrl, region, env, adminUrl } here once listening; removed on close. */
  stateFile?: string;
  /** Start cluster API servers with the sandbox ('eager') or on first DescribeCluster ('lazy'). Default: eager up to 64 clusters. */
  clusterServers?: 'eager' | 'lazy';
  /** How long UpdateClusterConfig keeps a cluster UPDATING, sandbox ms (default 2000). */
  updateDurationMs?: number;
  /** Delay before an auto-approved device sign-in is approved (default 300 ms). */
  autoApproveDelayMs?: number;
  /** Replaces the cluster API server implementation (tests of part 1 alone). */
  startKubeApiServer?: StartKubeApiServer;
  /** Sees sandbox bugs that were answered as 5xx. */
  onUnexpectedError?: (error: unknown) => void;
  /** Sees every request as it is logged (no secrets in it). */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface SandboxHandle {
  /** AWS_ENDPOINT_URL_SSO_OIDC, _SSO, _STS, _IAM, _EKS: merge into the environment of anything that should use the sandbox. */
  env: Record<string, string>;
  startUrl: string;
  /** The Identity Center region. */
  region: string;
  adminUrl: string;
  admin: SandboxAdmin;
  scenario: Scenario;
  /** The cluster API server of a cluster (started if needed), or undefined when it has no endpoint. */
  clusterServer(name: string, accountId?: string): Promise<KubeApiServerHandle | undefined>;
  close(): Promise<void>;
}

const EAGER_LIMIT = 64;

export async function startSandbox(scenarioInput: Scenario | string, options: SandboxOptions = {}): Promise<SandboxHandle> {
  const scenario = typeof scenarioInput === 'string' ? parseScenario(scenarioInput) : scenarioInput;
  const instance = scenario.identityCenter;
  const clock = new SandboxClock(scenario.clockOffsetSeconds * 1000);
  const faults = new Faults(scenario.faults);
  const log = new RequestLog(options.onRequest);
  const directory = new Directory(scenario);
  const sessions = new SessionStore(clock, instance, { accessTokenSeconds: instance.accessTokenLifetime, sessionSeconds: instance.sessionDuration });
  const state = new EksState(scenario, directory, clock);
  const firstUser = scenario.users[0]?.name;
  const autoApprove = { user: options.autoApprove === true ? firstUser : typeof options.autoApprove === 'string' ? options.autoApprove : undefined };
  if (autoApprove.user !== undefined && !directory.users.has(autoApprove.user)) throw new AdminError(400, `auto-approve: unknown user "${autoApprove.user}"`);

  const timers = new Set<NodeJS.Timeout>();
  sessions.onDeviceAuthorization = (device: DeviceAuthorization) => {
    const user = autoApprove.user;
    if (!user) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      sessions.decideDevice(device.userCode, 'approve', user);
    }, options.autoApproveDelayMs ?? 300);
    timer.unref();
    timers.add(timer);
  };

  const startKube = options.startKubeApiServer ?? defaultStartKubeApiServer;
  const kubeServers = new Map<ClusterState, Promise<KubeApiServerHandle>>();
  const running: RunningServer[] = [];
  let stsHosts: string[] = [];
  const controlPlaneDeps = { sessions, clock, faults, log, stsHosts: () => stsHosts };

  function kubeServerFor(cluster: ClusterState): Promise<KubeApiServerHandle> {
    let server = kubeServers.get(cluster);
    if (!server) {
      server = startKube({ controlPlane: clusterControlPlane(cluster, controlPlaneDeps), seed: kubeSeedFor(cluster.spec, directory), behavior: cluster.spec.endpoint });
      kubeServers.set(cluster, server);
    }
    return server;
  }
  const hasEndpoint = (cluster: ClusterState) => cluster.spec.status !== 'CREATING' && cluster.spec.status !== 'PENDING' && cluster.spec.status !== 'FAILED';

  function findCluster(name: string, accountId?: string): ClusterState {
    const matches = state.findByName(name).filter((cluster) => !accountId || cluster.spec.account === accountId);
    const [cluster] = matches;
    if (!cluster) throw new AdminError(404, `no cluster named "${name}"${accountId ? ` in ${accountId}` : ''}`);
    if (matches.length > 1) throw new AdminError(400, `several clusters are named "${name}": give the account`);
    return cluster;
  }

  const admin = createSandboxAdmin({
    directory,
    sessions,
    faults,
    log,
    clock,
    autoApprove,
    async setEndpointBehavior(name, behavior: EndpointBehavior, accountId) {
      const cluster = findCluster(name, accountId);
      if (!hasEndpoint(cluster)) throw new AdminError(400, `cluster "${name}" has no endpoint (status ${cluster.status})`);
      (await kubeServerFor(cluster)).setBehavior(behavior);
    },
  });

  const base = options.port;
  const portFor = (offset: number) => (base === undefined || base === 0 ? 0 : base + offset);
  const serve = async (definition: ServiceDefinition, offset: number) => {
    const server = await startServiceServer(definition, { clock, faults, log, port: portFor(offset), ...(options.onUnexpectedError ? { onUnexpectedError: options.onUnexpectedError } : {}) });
    running.push(server);
    return server;
  };

  try {
    const oidc = await serve(oidcService({ directory, sessions, clock, autoApproveUser: () => autoApprove.user }), 0);
    const portal = await serve(portalService({ directory, sessions, maxPageSize: instance.portalPageSize }), 1);
    const sts = await serve(stsService({ sessions, clock }), 2);
    stsHosts = [`127.0.0.1:${sts.port}`, `localhost:${sts.port}`];
    const iam = await serve(iamService({ directory, sessions, clock }), 3);
    const eks = await serve(
      eksService({
        directory,
        sessions,
        clock,
        state,
        updateDurationMs: options.updateDurationMs ?? 2000,
        async endpointOf(cluster) {
          if (!hasEndpoint(cluster)) return undefined;
          const server = await kubeServerFor(cluster);
          return { endpoint: server.endpoint, certificateAuthorityData: server.certificateAuthorityData };
        },
      }),
      4,
    );
    const env = {
      AWS_ENDPOINT_URL_SSO_OIDC: oidc.url,
      AWS_ENDPOINT_URL_SSO: portal.url,
      AWS_ENDPOINT_URL_STS: sts.url,
      AWS_ENDPOINT_URL_IAM: iam.url,
      AWS_ENDPOINT_URL_EKS: eks.url,
    };
    const adminServer = await startAdminServer(admin, () => ({ startUrl: instance.startUrl, region: instance.region, env }), portFor(5));
    running.push(adminServer);

    const eager = options.clusterServers === 'eager' || (options.clusterServers === undefined && state.all.length <= EAGER_LIMIT);
    if (eager) await Promise.all(state.all.filter(hasEndpoint).map((cluster) => kubeServerFor(cluster)));

    if (options.stateFile) {
      const content = { startUrl: instance.startUrl, region: instance.region, env, adminUrl: adminServer.url, pid: process.pid };
      await writeFileAtomic(options.stateFile, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    }

    let closed: Promise<void> | undefined;
    return {
      env,
      startUrl: instance.startUrl,
      region: instance.region,
      adminUrl: adminServer.url,
      admin,
      scenario,
      async clusterServer(name, accountId) {
        const cluster = findCluster(name, accountId);
        return hasEndpoint(cluster) ? kubeServerFor(cluster) : undefined;
      },
      close() {
        closed ??= (async () => {
          for (const timer of timers) clearTimeout(timer);
          const kube = await Promise.allSettled(kubeServers.values());
          await Promise.all([
            ...running.map((server) => server.close()),
            ...kube.map((result) => (result.status === 'fulfilled' ? result.value.close() : Promise.resolve())),
          ]);
          if (options.stateFile) await rm(options.stateFile, { force: true });
        })();
        return closed;
      },
    };
  } catch (error) {
    const kube = await Promise.allSettled(kubeServers.values());
    await Promise.all([...running.map((server) => server.close()), ...kube.map((result) => (result.status === 'fulfilled' ? result.value.close() : Promise.resolve()))]);
    throw error;
  }
}
