// Finds every EKS cluster of a session's accounts in the configured regions.
//
// - One role per account lists (the clusters do not depend on who lists them): roles are
//   tried in a stable order, the one that worked last time first, and the winner remembered.
// - AccessDenied for an account or region is a result (a DiscoveryFailure), not a failed run;
//   only an expired SSO session or cancellation stops everything.
// - Calls are paced per account + region (EKS throttles there), retried with backoff on 429,
//   5xx and dropped connections; account + region pairs run with bounded concurrency.
// - Results stream out (onCluster, onProgress) and land in a cache with timestamps, so the
//   next run can reuse what is fresh and fetch only what is missing or stale.
import type { DescribeClusterResponse, EKSClient } from '@aws-sdk/client-eks';
import type { CoreContext, RoleCredentials, RoleRef } from '../context.js';
import { CoreError, isCoreError, serializeError, type SerializedError } from '../errors.js';
import { errorName, isAbort, isNetworkError, isServerFault, isThrottle } from '../sso/aws-errors.js';
import { withRetry } from '../sso/retry.js';
import { accessEntriesSupported, type AuthenticationMode, type ClusterInfo, type DiscoveryFailure } from './cluster-info.js';
import { readDiscoveryCache, regionKey, writeDiscoveryCache, type RegionEntry } from './discovery-cache.js';
import { createEksClient, createSharedAgents, destroySharedAgents, type EksSdk } from './eks-client.js';
import { createTokenBucket, type Pacer } from './token-bucket.js';

export type { ClusterInfo, DiscoveryFailure } from './cluster-info.js';

/** What discovery needs from the sign-in core (the real `Sso` satisfies it). */
export interface DiscoverySso {
  accounts(
    session: string,
    options?: { signal?: AbortSignal },
  ): Promise<{ accounts: Array<{ accountId: string; accountName: string; roles: string[]; error?: SerializedError }> }>;
  roleCredentials(ref: RoleRef, options?: { signal?: AbortSignal }): Promise<RoleCredentials>;
}

export interface DiscoveryOptions {
  session: string;
  regions: string[];
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  onCluster?: (cluster: ClusterInfo) => void;
  /** Fetch again what the cache holds (default: reuse cached account + region results). */
  refresh?: boolean;
  /** With refresh, results younger than this are kept (incremental refresh). Default 0. */
  maxAgeMs?: number;
  /** Account + region pairs in flight at once, default 48. */
  concurrency?: number;
  /** Pace per account + region, default 10 requests per second with a burst of 10. */
  ratePerSecond?: number;
  burst?: number;
}

export interface DiscoveryResult {
  clusters: ClusterInfo[];
  failures: DiscoveryFailure[];
  /** When the oldest result used was fetched (epoch ms). */
  fetchedAt: number;
}

interface AccountState {
  accountId: string;
  accountName: string;
  /** Roles in the order they are tried. */
  roles: string[];
  /** Role known to list clusters in this run. */
  working: string | null;
  credentials: Map<string, Promise<RoleCredentials>>;
}

function isAccessDenied(error: unknown): boolean {
  if (isCoreError(error)) return error.code === 'access-denied' || error.code === 'not-found';
  const name = errorName(error);
  return name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnauthorizedOperation' || name === 'ForbiddenException';
}

/** The session is gone: nothing else in this run can succeed. */
function isSessionFatal(error: unknown): boolean {
  return isCoreError(error) && (error.code === 'session-expired' || error.code === 'signed-out' || error.code === 'cancelled');
}

function describeFailure(error: unknown, where: string): SerializedError {
  if (isCoreError(error)) return serializeError(error);
  const name = errorName(error) || 'Error';
  if (isThrottle(error)) return { code: 'throttled', message: `EKS kept throttling ${where}`, hint: 'Try again in a minute', retryable: true };
  if (isNetworkError(error)) return { code: 'network', message: `cannot reach EKS for ${where}`, hint: 'Check your network connection, VPN or proxy', retryable: true };
  if (isServerFault(error)) return { code: 'aws', message: `EKS failed for ${where} (${name})`, retryable: true };
  if (name === 'UnrecognizedClientException' || name === 'InvalidClientTokenId') {
    return { code: 'access-denied', message: `the region is not enabled for ${where} (${name})`, retryable: false };
  }
  return { code: 'aws', message: `EKS refused ${where} (${name})`, retryable: false };
}

function toClusterInfo(
  session: string,
  account: AccountState,
  region: string,
  role: string,
  cluster: NonNullable<DescribeClusterResponse['cluster']>,
): ClusterInfo {
  const version = cluster.version ?? '';
  const platformVersion = cluster.platformVersion ?? '';
  const mode = cluster.accessConfig?.authenticationMode;
  return {
    session,
    accountId: account.accountId,
    accountName: account.accountName,
    region,
    name: cluster.name ?? '',
    arn: cluster.arn ?? `arn:aws:eks:${region}:${account.accountId}:cluster/${cluster.name ?? ''}`,
    endpoint: cluster.endpoint ?? null,
    certificateAuthorityData: cluster.certificateAuthority?.data ?? null,
    version,
    platformVersion,
    status: cluster.status ?? 'UNKNOWN',
    // Clusters created before access entries existed report no accessConfig: they are CONFIG_MAP.
    authenticationMode: (mode === 'API' || mode === 'API_AND_CONFIG_MAP' || mode === 'CONFIG_MAP' ? mode : 'CONFIG_MAP') satisfies AuthenticationMode,
    endpointPublicAccess: cluster.resourcesVpcConfig?.endpointPublicAccess ?? true,
    endpointPrivateAccess: cluster.resourcesVpcConfig?.endpointPrivateAccess ?? false,
    accessEntriesSupported: accessEntriesSupported(version, platformVersion),
    listedByRole: role,
  };
}

function byIdentity(a: ClusterInfo, b: ClusterInfo): number {
  return a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region) || a.name.localeCompare(b.name);
}

export async function discoverClusters(context: CoreContext, sso: DiscoverySso, options: DiscoveryOptions): Promise<DiscoveryResult> {
  const { session, regions, signal } = options;
  const clock = context.clock;
  const throwIfCancelled = () => {
    if (signal?.aborted) throw new CoreError('cancelled', 'cluster discovery was cancelled');
  };
  throwIfCancelled();

  const cache = await readDiscoveryCache(context.env, context.logger, session);
  const listing = await sso.accounts(session, signal ? { signal } : {});
  throwIfCancelled();

  const failures: DiscoveryFailure[] = [];
  const accounts: AccountState[] = [];
  for (const account of listing.accounts) {
    if (account.error && account.roles.length === 0) {
      failures.push({ session, accountId: account.accountId, error: account.error });
      continue;
    }
    if (account.roles.length === 0) continue;
    const sorted = [...new Set(account.roles)].sort();
    const remembered = cache.workingRoles[account.accountId];
    const roles = remembered && sorted.includes(remembered) ? [remembered, ...sorted.filter((role) => role !== remembered)] : sorted;
    accounts.push({ accountId: account.accountId, accountName: account.accountName, roles, working: null, credentials: new Map() });
  }

  const now = clock.now();
  const maxAge = options.maxAgeMs ?? 0;
  const pairs = accounts.flatMap((account) => regions.map((region) => ({ account, region })));
  const total = pairs.length;
  let done = 0;
  const results = new Map<string, RegionEntry>();
  const emit = (entry: RegionEntry) => {
    results.set(regionKey(entry.accountId, entry.region), entry);
    for (const cluster of entry.clusters) options.onCluster?.(cluster);
    done += 1;
    options.onProgress?.(done, total);
  };

  const pending: typeof pairs = [];
  for (const pair of pairs) {
    const cached = cache.regions[regionKey(pair.account.accountId, pair.region)];
    // A cached failure is retried; cached clusters are reused unless a refresh asks otherwise.
    const fresh = cached && !cached.failure && (!options.refresh || now - cached.fetchedAt < maxAge);
    if (fresh) {
      const accountName = pair.account.accountName;
      emit({ ...cached, clusters: cached.clusters.map((cluster) => ({ ...cluster, session, accountName })) });
    } else pending.push(pair);
  }
  options.onProgress?.(done, total);

  const ratePerSecond = options.ratePerSecond ?? 10;
  const burst = options.burst ?? 10;

  function credentialsFor(account: AccountState, role: string): Promise<RoleCredentials> {
    let promise = account.credentials.get(role);
    if (!promise) {
      promise = sso.roleCredentials({ session, accountId: account.accountId, roleName: role }, signal ? { signal } : {});
      account.credentials.set(role, promise);
    }
    return promise;
  }

  async function listRegion(client: EKSClient, sdk: EksSdk, pacer: Pacer, where: string): Promise<string[]> {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await withRetry(() => client.send(new sdk.ListClustersCommand({ maxResults: 100, ...(nextToken ? { nextToken } : {}) }), signal ? { abortSignal: signal } : {}), {
        clock,
        limiter: pacer,
        ...(signal ? { signal } : {}),
        onRetry: (error, attempt, delayMs) => context.logger.debug('retrying ListClusters', { where, attempt, delayMs, error: errorName(error) }),
      });
      names.push(...(page.clusters ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return names;
  }

  async function discoverPair(account: AccountState, region: string): Promise<RegionEntry> {
    const where = `account ${account.accountId} in ${region}`;
    const pacer = createTokenBucket(clock, ratePerSecond, burst);
    const order = account.working ? [account.working, ...account.roles.filter((role) => role !== account.working)] : account.roles;
    let lastDenied: unknown = null;
    for (const role of order) {
      throwIfCancelled();
      let credentials: RoleCredentials;
      try {
        credentials = await credentialsFor(account, role);
      } catch (error) {
        if (isSessionFatal(error) || isAbort(error, signal)) throw error;
        lastDenied = error;
        continue;
      }
      const { sdk, client } = await createEksClient(context.env, credentials, region, agents);
      try {
        const names = await listRegion(client, sdk, pacer, where);
        account.working ??= role;
        const described = await Promise.all(
          names.map((name) =>
            withRetry(() => client.send(new sdk.DescribeClusterCommand({ name }), signal ? { abortSignal: signal } : {}), {
              clock,
              limiter: pacer,
              ...(signal ? { signal } : {}),
            }).then(
              (output) => (output.cluster ? toClusterInfo(session, account, region, role, output.cluster) : null),
              (error: unknown) => {
                // A cluster deleted between List and Describe is simply gone.
                if (errorName(error) === 'ResourceNotFoundException') return null;
                throw error;
              },
            ),
          ),
        );
        return { accountId: account.accountId, region, fetchedAt: clock.now(), clusters: described.filter((cluster): cluster is ClusterInfo => cluster !== null).sort(byIdentity) };
      } catch (error) {
        if (isAbort(error, signal)) throw new CoreError('cancelled', 'cluster discovery was cancelled');
        if (isAccessDenied(error)) {
          lastDenied = error;
          continue;
        }
        return { accountId: account.accountId, region, fetchedAt: clock.now(), clusters: [], failure: { session, accountId: account.accountId, region, error: describeFailure(error, where) } };
      }
    }
    const error: SerializedError =
      lastDenied && isCoreError(lastDenied) && lastDenied.code !== 'access-denied'
        ? serializeError(lastDenied)
        : { code: 'access-denied', message: `no role of ${account.accountName || account.accountId} may list EKS clusters in ${region}`, retryable: false };
    return { accountId: account.accountId, region, fetchedAt: clock.now(), clusters: [], failure: { session, accountId: account.accountId, region, error } };
  }

  // Pairs of one account start one after another (the first finds the working role), while
  // different accounts run side by side: order the queue round-robin by region.
  const queue = [...pending].sort((a, b) => regions.indexOf(a.region) - regions.indexOf(b.region));
  const concurrency = Math.max(1, options.concurrency ?? 48);
  // Clients are per account, role and region, but the hosts are few: share keep-alive sockets.
  // (client.destroy() would destroy the shared agents; they are destroyed once, below.)
  const agents = createSharedAgents(concurrency * 2);
  let fatal: unknown = null;
  async function worker(): Promise<void> {
    for (;;) {
      if (fatal || signal?.aborted) return;
      const pair = queue.shift();
      if (!pair) return;
      try {
        emit(await discoverPair(pair.account, pair.region));
      } catch (error) {
        fatal ??= error;
        return;
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, () => worker()));
  } finally {
    destroySharedAgents(agents);
  }

  // Remember what worked, and keep what finished even when the run stops early.
  for (const account of accounts) if (account.working) cache.workingRoles[account.accountId] = account.working;
  for (const [key, entry] of results) cache.regions[key] = entry;
  await writeDiscoveryCache(context.env, cache).catch((error: unknown) => context.logger.warn('could not write the clusters cache', { error: String(error) }));

  if (signal?.aborted) throw new CoreError('cancelled', 'cluster discovery was cancelled');
  if (fatal) throw fatal;

  const entries = [...results.values()];
  for (const entry of entries) if (entry.failure) failures.push(entry.failure);
  return {
    clusters: entries.flatMap((entry) => entry.clusters).sort(byIdentity),
    failures,
    fetchedAt: entries.length > 0 ? Math.min(...entries.map((entry) => entry.fetchedAt)) : now,
  };
}
