// One context checked the way `kubectl get nodes` would experience it, with the reason when it
// fails: signed out → cluster not ACTIVE → DNS/TCP/TLS/livez → who am I (SelfSubjectReview) →
// list nodes, or, when that is forbidden, which namespaces are still usable. The token is minted
// in-process from the role credentials (no exec plugin), and the whole check has one deadline.
import { performance } from 'node:perf_hooks';
import { setMaxListeners } from 'node:events';
import { AuthenticationV1Api, CoreV1Api, VersionApi, AuthorizationV1Api } from '@kubernetes/client-node';
import type { CoreContext, RoleCredentials } from '../context.js';
import { mintEksToken } from '../eks/token.js';
import type { ContextSpec } from '../kubeconfig/contexts.js';
import { ssoRoleArns, roleFromAssumedRoleArn, parseRoleArn } from '../arn/sso-role-arn.js';
import { endpointFor } from '../grant/endpoints.js';
import { grantedNamespaces } from '../grant/audit-log.js';
import type { CheckResult, SsoAccess } from './types.js';
import { probeEndpoint, untilAborted } from './probe-endpoint.js';
import { openKubeSession, httpStatusOf, statusMessageOf, type KubeSession } from './kube-client.js';
import { startDeadline, type Deadline } from './timeout.js';
import { namespacesFromAccessPolicies, usableNamespaces } from './namespaces.js';
import { createSemaphore, runPool } from './pool.js';
import { credentialsFailure, type CheckVerdict } from './credentials-failure.js';
import { countNodes } from './node-count.js';

export const DEFAULT_CHECK_TIMEOUT_MS = 5000;

export interface CheckOptions {
  /** Per-check deadline, default 5 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Extra namespaces worth asking about when nodes are forbidden (e.g. one just granted). */
  namespaceHints?: string[];
  /** Shares one credentials request per role across a batch of checks. */
  credentials?: (spec: ContextSpec) => Promise<RoleCredentials>;
  /** Shares one read of the session states across a batch of checks. */
  sessionStates?: ReturnType<SsoAccess['sessionStates']>;
  /** A slot for the authenticated half (batches limit it separately; the wait does not count). */
  authSlot?: () => Promise<() => void>;
}

type CheckOutcome = CheckVerdict;

export async function checkContext(context: CoreContext, sso: SsoAccess, spec: ContextSpec, options: CheckOptions = {}): Promise<CheckResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const started = performance.now();
  const deadline = startDeadline(context.clock, timeoutMs, options.signal);
  let outcome: CheckOutcome;
  const progress: CheckProgress = { stage: 'starting' };
  try {
    outcome = await runCheck(context, sso, spec, options, deadline, progress);
  } catch (error) {
    if (deadline.expired()) outcome = timedOut(spec, timeoutMs, progress.stage);
    else if (options.signal?.aborted) throw options.signal.reason;
    else {
      const message = error instanceof Error ? error.message : String(error);
      outcome = { status: 'unreachable', summary: `check failed: ${message.split('\n')[0]?.slice(0, 160) ?? ''}`, detail: message };
    }
  } finally {
    deadline.dispose();
  }
  // Cancelled (not timed out): no verdict, whatever the stage made of the abort.
  if (!deadline.expired() && options.signal?.aborted) throw options.signal.reason;
  return { contextName: spec.contextName, checkedAt: context.clock.now(), latencyMs: Math.round(performance.now() - started), ...outcome };
}

function privateOnly(spec: ContextSpec): boolean {
  return !spec.cluster.endpointPublicAccess && spec.cluster.endpointPrivateAccess;
}

/** How far a check got, so a timeout can say what it was waiting for. */
interface CheckProgress {
  stage: string;
}

function timedOut(spec: ContextSpec, timeoutMs: number, stage: string): CheckOutcome {
  const isPrivate = privateOnly(spec);
  return {
    status: 'unreachable',
    summary: isPrivate ? 'private endpoint: reachable only from inside the VPC (or over VPN)' : `no answer within ${timeoutMs / 1000} s (${stage})`,
    detail: `the check did not finish within ${timeoutMs} ms, ${stage} (${spec.cluster.endpoint ?? 'no endpoint'})`,
    ...(isPrivate ? { privateOnly: true } : {}),
  };
}

async function runCheck(context: CoreContext, sso: SsoAccess, spec: ContextSpec, options: CheckOptions, deadline: Deadline, progress: CheckProgress): Promise<CheckOutcome> {
  const { cluster } = spec;
  const signal = deadline.signal;
  const states = await (options.sessionStates ?? sso.sessionStates());
  const session = states.find((state) => state.name === spec.session);
  if (!session || session.status === 'expired' || session.status === 'signed-out') {
    return {
      status: 'signed-out',
      summary: `SSO session "${spec.session}" ${session?.status === 'expired' ? 'expired' : 'is signed out'}: sign in again`,
      detail: `no valid sign-in for session "${spec.session}"; run: eks-sso login --session ${spec.session}`,
    };
  }
  if (cluster.status !== 'ACTIVE') {
    return { status: 'not-active', summary: `cluster is ${cluster.status}`, detail: `DescribeCluster reports status ${cluster.status} for ${cluster.name} in ${cluster.region}` };
  }
  if (!cluster.endpoint || !cluster.certificateAuthorityData) {
    return { status: 'not-active', summary: 'cluster has no endpoint yet', detail: `DescribeCluster returned no endpoint or CA for ${cluster.name}` };
  }

  // Credentials (portal) and the network probe (cluster) do not depend on each other.
  const credentialsPromise = (options.credentials ?? ((one) => sso.roleCredentials({ session: one.session, accountId: one.accountId, roleName: one.roleName })))(spec);
  credentialsPromise.catch(() => undefined);
  progress.stage = 'probing the endpoint';
  const probe = await probeEndpoint(cluster.endpoint, cluster.certificateAuthorityData, signal);
  if (!probe.ok) {
    const isPrivate = probe.verdict === 'unreachable' && privateOnly(spec);
    return {
      status: probe.verdict,
      summary: isPrivate ? `private endpoint: reachable only from inside the VPC (or over VPN); ${probe.reason}` : probe.reason,
      detail: `${probe.stage.toUpperCase()} stage failed for ${cluster.endpoint}: ${probe.reason}${probe.code ? ` [${probe.code}]` : ''}`,
      ...(isPrivate ? { privateOnly: true } : {}),
    };
  }
  const livez = `GET /livez → ${probe.livezStatus}${probe.livezBody ? ` ${JSON.stringify(probe.livezBody.slice(0, 40))}` : ''}`;

  let credentials: RoleCredentials;
  try {
    progress.stage = 'waiting for role credentials from the SSO portal';
    credentials = await untilAborted(credentialsPromise, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    return credentialsFailure(spec, error);
  }
  // The endpoint answered; the authenticated half costs handshakes and CPU on both sides, so a
  // batch runs fewer of those at once. Waiting for a slot is not the endpoint's time.
  let release = () => {};
  if (options.authSlot) {
    deadline.pause();
    const slot = options.authSlot();
    try {
      release = await untilAborted(slot, signal);
    } catch (error) {
      // Cancelled while queueing: hand the slot back as soon as it is ours.
      void slot.then((giveBack) => giveBack());
      throw error;
    } finally {
      deadline.resume();
    }
  }
  try {
    const stsEndpoint = endpointFor(context.env, 'STS');
    const { token } = await mintEksToken(credentials, { region: cluster.region, clusterName: cluster.name, ...(stsEndpoint ? { stsEndpoint } : {}), now: context.clock.now() });
    const kube = openKubeSession({ endpoint: cluster.endpoint, certificateAuthorityData: cluster.certificateAuthorityData, token }, signal);
    progress.stage = 'waiting for the API server to answer authenticated requests';
    try {
      return await authenticatedChecks(context, spec, credentials, kube, session.region, options, signal, livez);
    } finally {
      await kube.close();
    }
  } finally {
    release();
  }
}

async function authenticatedChecks(
  context: CoreContext,
  spec: ContextSpec,
  credentials: RoleCredentials,
  kube: KubeSession,
  identityCenterRegion: string,
  options: CheckOptions,
  signal: AbortSignal,
  livez: string,
): Promise<CheckOutcome> {
  let username: string | undefined;
  let groups: string[] | undefined;
  let principalArn: string | undefined;
  try {
    const review = await kube.config.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    const user = review.status?.userInfo;
    username = user?.username;
    groups = user?.groups;
    principalArn = fullArnFromIdentity(spec, identityCenterRegion, user?.extra, username);
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 401) return unauthorized(spec, livez, statusMessageOf(error));
    // 404: a server without authentication.k8s.io/v1 (before 1.28); who-am-I is optional.
    if (status === undefined) throw error;
  }
  const who = { ...(username ? { username } : {}), ...(groups ? { groups } : {}) };
  let serverVersion: string | undefined;
  try {
    // One after the other on the session's kept-alive connection: a second parallel request
    // would cost a second TLS handshake, which is what a batch of checks spends its CPU on.
    const nodes = await kube.config.makeApiClient(CoreV1Api).listNode({ limit: 500 });
    const version = await kube.config
      .makeApiClient(VersionApi)
      .getCode()
      .catch(() => undefined);
    serverVersion = version?.gitVersion;
    const count = countNodes(nodes);
    return {
      status: 'ok',
      summary: `${count.summary}${serverVersion ? ` · ${serverVersion}` : ''}`,
      detail: `${livez}; signed in as ${username ?? 'unknown'}${groups?.length ? ` (groups ${groups.join(', ')})` : ''}; GET /api/v1/nodes → 200`,
      ...(count.nodes !== undefined ? { nodes: count.nodes } : {}),
      readyNodes: count.readyNodes,
      ...(count.readyOfFirst !== undefined ? { readyOfFirst: count.readyOfFirst } : {}),
      ...(serverVersion ? { serverVersion } : {}),
      ...who,
    };
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 401) return unauthorized(spec, livez, statusMessageOf(error));
    if (status !== 403) throw error;
    const reason = await nodesReviewReason(kube);
    const fromPolicies =
      principalArn && spec.cluster.authenticationMode !== 'CONFIG_MAP' ? await namespacesFromAccessPolicies(context, credentials, spec.cluster, principalArn, signal) : [];
    const hints = [...(options.namespaceHints ?? []), ...(await grantedNamespaces(context.env, spec.contextName).catch(() => []))];
    const namespaces = await usableNamespaces(kube, fromPolicies, hints);
    const as = username ?? `role ${spec.roleName}`;
    // Out of time while asking about namespaces: the verdict stands, the namespace list does not.
    const known = !signal.aborted;
    const usable = !known ? 'usable namespaces not determined in time' : namespaces.length ? `namespaces: ${namespaces.join(', ')}` : 'no usable namespace known';
    return {
      status: 'forbidden',
      summary: `signed in as ${as} but not allowed to list nodes; ${usable}`,
      detail: `${livez}; GET /api/v1/nodes → 403: ${statusMessageOf(error)}${reason ? `; review: ${reason}` : ''}`,
      ...(known ? { namespaces } : {}),
      ...who,
    };
  }
}

function unauthorized(spec: ContextSpec, livez: string, message: string): CheckOutcome {
  const where = spec.cluster.authenticationMode === 'CONFIG_MAP' ? 'no aws-auth mapping' : spec.cluster.authenticationMode === 'API' ? 'no access entry' : 'no access entry or aws-auth mapping';
  return {
    status: 'unauthorized',
    summary: `not mapped: ${where} for role ${spec.roleName} (401); grant access to fix`,
    detail: `${livez}; the API server answered 401 Unauthorized${message && !/^HTTP 401$/.test(message) ? `: ${message}` : ''}`,
  };
}

/** The SelfSubjectAccessReview's reason for "list nodes", for the tooltip. */
async function nodesReviewReason(kube: KubeSession): Promise<string> {
  try {
    const review = await kube.config.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'list', resource: 'nodes' } } },
    });
    const status = review.status;
    if (!status) return '';
    return `${status.allowed ? 'allowed' : 'denied'}${status.reason ? ` (${status.reason})` : ''}`;
  } catch {
    return '';
  }
}

/** The role's full IAM ARN (what access entries are keyed by), from what the cluster told us. */
function fullArnFromIdentity(spec: ContextSpec, identityCenterRegion: string, extra: Record<string, string[]> | undefined, username: string | undefined): string | undefined {
  const candidates = [...(extra?.canonicalArn ?? []), ...(extra?.arn ?? []), ...(username ? [username] : [])];
  for (const candidate of candidates) {
    const roleName = roleFromAssumedRoleArn(candidate)?.roleArn ?? (parseRoleArn(candidate) ? candidate : undefined);
    const parsed = roleName ? parseRoleArn(roleName) : null;
    if (parsed && parsed.accountId === spec.accountId) {
      return ssoRoleArns({ accountId: parsed.accountId, roleName: parsed.roleName, identityCenterRegion }).full;
    }
  }
  return undefined;
}

/**
 * The network half of a check mostly waits (and an endpoint that hangs holds its slot for the
 * whole timeout), so many run at once: every hanging endpoint starts its clock early instead of
 * queueing behind healthy ones. The authenticated half costs TLS handshakes and token checks,
 * so fewer of those run at once.
 */
export const DEFAULT_CHECK_CONCURRENCY = 256;
export const DEFAULT_AUTH_CONCURRENCY = 32;

export interface CheckManyOptions {
  concurrency?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  onResult?: (result: CheckResult) => void;
}

/**
 * Checks many contexts in parallel: total time ≈ the slowest check, not the sum. Contexts of
 * the same role share one credentials request.
 */
export async function checkContexts(context: CoreContext, sso: SsoAccess, specs: readonly ContextSpec[], options: CheckManyOptions = {}): Promise<CheckResult[]> {
  // Every check listens on the batch signal: that is hundreds of listeners, on purpose.
  const batch = new AbortController();
  setMaxListeners(0, batch.signal);
  const onAbort = () => batch.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const sessionStates = sso.sessionStates();
  sessionStates.catch(() => undefined);
  const authSlot = createSemaphore(Math.min(options.concurrency ?? DEFAULT_CHECK_CONCURRENCY, DEFAULT_AUTH_CONCURRENCY));
  const byRole = new Map<string, Promise<RoleCredentials>>();
  const credentials = (spec: ContextSpec): Promise<RoleCredentials> => {
    const key = JSON.stringify([spec.session, spec.accountId, spec.roleName]);
    let pending = byRole.get(key);
    if (!pending) {
      pending = sso.roleCredentials({ session: spec.session, accountId: spec.accountId, roleName: spec.roleName });
      byRole.set(key, pending);
    }
    return pending;
  };
  try {
    return await runPool(
      specs,
      options.concurrency ?? DEFAULT_CHECK_CONCURRENCY,
      async (spec) => {
        const result = await checkContext(context, sso, spec, {
          credentials,
          sessionStates,
          authSlot,
          signal: batch.signal,
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        });
        options.onResult?.(result);
        return result;
      },
      batch.signal,
    );
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
