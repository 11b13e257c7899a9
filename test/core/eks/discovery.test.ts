// Cluster discovery against the sandbox's EKS, through AWS_ENDPOINT_URL_EKS.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { startSandbox, validateScenario, type SandboxHandle } from '../../../sandbox/index.js';
import { createSso, type Sso } from '../../../main/core/sso/index.js';
import { discoverClusters, type ClusterInfo } from '../../../main/core/eks/discovery.js';
import { discoveryCacheFile } from '../../../main/core/eks/discovery-cache.js';
import { CoreError } from '../../../main/core/errors.js';
import { sandboxContext, type TestContext } from '../sso/sandbox-context.js';

const SESSION = 'org';
const ORG = {
  identityCenter: { region: 'eu-west-1', startUrl: 'https://d-9067bbbbbb.awsapps.com/start', pollInterval: 1 },
  users: [{ name: 'alice@example.com' }],
  accounts: [
    { id: '111111111111', name: 'platform' },
    { id: '222222222222', name: 'no-eks' },
    { id: '333333333333', name: 'payments' },
  ],
  permissionSets: [
    { name: 'AdministratorAccess', actions: ['*'] },
    { name: 'ReadOnly', actions: ['eks:Describe*', 'eks:List*'] },
    // Sorts first, may not touch EKS: discovery must move on to the next role and remember it.
    { name: 'AaaBilling', actions: ['iam:GetRole'] },
  ],
  assignments: [
    { user: 'alice@example.com', account: '111111111111', permissionSets: ['AdministratorAccess', 'ReadOnly'] },
    { user: 'alice@example.com', account: '222222222222', permissionSet: 'AaaBilling' },
    { user: 'alice@example.com', account: '333333333333', permissionSets: ['AaaBilling', 'ReadOnly'] },
  ],
  clusters: [
    { name: 'core', account: '111111111111', region: 'eu-west-1', version: '1.33', platformVersion: 'eks.4', authenticationMode: 'API' },
    { name: 'legacy', account: '111111111111', region: 'eu-west-1', version: '1.28', platformVersion: 'eks.5', authenticationMode: 'CONFIG_MAP' },
    { name: 'edge', account: '111111111111', region: 'us-east-1', version: '1.31', platformVersion: 'eks.2', endpointPrivateAccess: true, endpointPublicAccess: false },
    { name: 'new', account: '111111111111', region: 'us-east-1', version: '1.32', status: 'CREATING' },
    { name: 'checkout', account: '333333333333', region: 'eu-west-1', version: '1.30', platformVersion: 'eks.2' },
  ],
};
const REGIONS = ['eu-west-1', 'us-east-1'];

let sandbox: SandboxHandle;
let current: TestContext;
let sso: Sso;

beforeAll(async () => {
  sandbox = await startSandbox(validateScenario(ORG));
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(async () => {
  sandbox.admin.clearFaults();
  current = await sandboxContext(sandbox.env);
  sso = createSso(current.context, { portalRateLimit: 100 });
  await sso.login({
    session: SESSION,
    startUrl: sandbox.startUrl,
    region: sandbox.region,
    openBrowser: false,
    onPrompt: (prompt) => setTimeout(() => sandbox.admin.approveDevice(prompt.userCode!, 'alice@example.com'), 20),
  });
  sandbox.admin.clearRequestLog();
});
afterEach(async () => {
  sandbox.admin.clearFaults();
  await current.cleanup();
});

/**
 * The portal's name for a permission set's role. Real AWS answers the permission set name;
 * the sandbox currently answers the IAM role name (AWSReservedSSO_<set>_<suffix>): accept both.
 */
function role(roles: string[], permissionSet: string): string {
  const found = roles.find((name) => name === permissionSet || new RegExp(`^AWSReservedSSO_${permissionSet}_[0-9a-f]{16}$`).test(name));
  if (!found) throw new Error(`no role for ${permissionSet} in ${roles.join(', ')}`);
  return found;
}
async function rolesOf(accountId: string): Promise<string[]> {
  return (await sso.accounts(SESSION)).accounts.find((account) => account.accountId === accountId)!.roles;
}

const names = (clusters: ClusterInfo[]) => clusters.map((cluster) => `${cluster.accountId}/${cluster.region}/${cluster.name}`);

describe('discoverClusters', () => {
  it('finds every cluster with its details, reports denied accounts as data, streams and counts progress', async () => {
    const streamed: string[] = [];
    const progress: Array<[number, number]> = [];
    const result = await discoverClusters(current.context, sso, {
      session: SESSION,
      regions: REGIONS,
      onCluster: (cluster) => streamed.push(cluster.name),
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(names(result.clusters)).toEqual([
      '111111111111/eu-west-1/core',
      '111111111111/eu-west-1/legacy',
      '111111111111/us-east-1/edge',
      '111111111111/us-east-1/new',
      '333333333333/eu-west-1/checkout',
    ]);
    expect([...streamed].sort()).toEqual(['checkout', 'core', 'edge', 'legacy', 'new']);
    expect(progress.at(-1)).toEqual([6, 6]);
    for (let index = 1; index < progress.length; index += 1) expect(progress[index]![0]).toBeGreaterThanOrEqual(progress[index - 1]![0]);

    const core = result.clusters.find((cluster) => cluster.name === 'core')!;
    expect(core).toMatchObject({
      session: SESSION,
      accountName: 'platform',
      arn: 'arn:aws:eks:eu-west-1:111111111111:cluster/core',
      version: '1.33',
      platformVersion: 'eks.4',
      status: 'ACTIVE',
      authenticationMode: 'API',
      endpointPublicAccess: true,
      endpointPrivateAccess: false,
      accessEntriesSupported: true,
      listedByRole: role(await rolesOf('111111111111'), 'AdministratorAccess'),
    });
    expect(core.endpoint).toMatch(/^https:\/\//);
    expect(Buffer.from(core.certificateAuthorityData!, 'base64').toString()).toContain('BEGIN CERTIFICATE');
    expect(result.clusters.find((cluster) => cluster.name === 'legacy')).toMatchObject({ authenticationMode: 'CONFIG_MAP', accessEntriesSupported: false });
    expect(result.clusters.find((cluster) => cluster.name === 'edge')).toMatchObject({ endpointPublicAccess: false, endpointPrivateAccess: true });
    expect(result.clusters.find((cluster) => cluster.name === 'new')).toMatchObject({ status: 'CREATING' });
    // The account whose first role may not list clusters is listed by its next role.
    expect(result.clusters.find((cluster) => cluster.name === 'checkout')).toMatchObject({ listedByRole: role(await rolesOf('333333333333'), 'ReadOnly'), accountName: 'payments' });

    expect(result.failures.map((failure) => [failure.accountId, failure.region, failure.error.code]).sort()).toEqual([
      ['222222222222', 'eu-west-1', 'access-denied'],
      ['222222222222', 'us-east-1', 'access-denied'],
    ]);
  });

  it('remembers the role that worked, reuses the cache, and refreshes incrementally', async () => {
    await discoverClusters(current.context, sso, { session: SESSION, regions: ['eu-west-1'] });
    const cache = JSON.parse(await readFile(discoveryCacheFile(current.env, SESSION), 'utf8')) as { workingRoles: Record<string, string> };
    expect(cache.workingRoles).toEqual({
      '111111111111': role(await rolesOf('111111111111'), 'AdministratorAccess'),
      '333333333333': role(await rolesOf('333333333333'), 'ReadOnly'),
    });

    sandbox.admin.clearRequestLog();
    const cached = await discoverClusters(current.context, sso, { session: SESSION, regions: ['eu-west-1'] });
    expect(names(cached.clusters)).toEqual(['111111111111/eu-west-1/core', '111111111111/eu-west-1/legacy', '333333333333/eu-west-1/checkout']);
    // Only the denied account is asked again (failures are never served from the cache).
    const denied = sandbox.admin.requestLog().filter((entry) => entry.operation === 'ListClusters');
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((entry) => entry.account === '222222222222')).toBe(true);

    sandbox.admin.clearRequestLog();
    const widened = await discoverClusters(current.context, sso, { session: SESSION, regions: REGIONS });
    expect(names(widened.clusters)).toContain('111111111111/us-east-1/edge');
    const describes = sandbox.admin.requestLog().filter((entry) => entry.operation === 'DescribeCluster');
    expect(describes).toHaveLength(2); // edge and new, in the region that was not cached

    sandbox.admin.clearRequestLog();
    await discoverClusters(current.context, sso, { session: SESSION, regions: REGIONS, refresh: true });
    expect(sandbox.admin.counts().DescribeCluster).toBe(5);
    // The remembered role is tried first: payments is listed without another AccessDenied.
    const deniedForPayments = sandbox.admin
      .requestLog()
      .filter((entry) => entry.operation === 'ListClusters' && entry.status === 403 && entry.account === '333333333333');
    expect(deniedForPayments).toEqual([]);
  });

  it('rides out throttling and server errors with backoff', async () => {
    sandbox.admin.setFault('DescribeCluster', { throttle: { rate: 4, burst: 1 } });
    sandbox.admin.setFault('ListClusters', { errorRate: 0.34 });
    const result = await discoverClusters(current.context, sso, { session: SESSION, regions: REGIONS, ratePerSecond: 50, burst: 50 });
    expect(result.clusters).toHaveLength(5);
    expect(result.failures.every((failure) => failure.accountId === '222222222222')).toBe(true);
    expect(sandbox.admin.statusCounts()['DescribeCluster 429'] ?? 0).toBeGreaterThan(0);
    expect(sandbox.admin.statusCounts()['ListClusters 500'] ?? 0).toBeGreaterThan(0);
  });

  it('stops when cancelled', async () => {
    sandbox.admin.setFault('ListClusters', { latencyMs: 300 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const attempt = discoverClusters(current.context, sso, { session: SESSION, regions: REGIONS, signal: controller.signal, refresh: true });
    await expect(attempt).rejects.toBeInstanceOf(CoreError);
    await expect(attempt).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('fails the whole run, once, when the SSO session has expired', async () => {
    sandbox.admin.expireSession('alice@example.com');
    const fresh = createSso(current.context);
    await expect(discoverClusters(current.context, fresh, { session: SESSION, regions: REGIONS, refresh: true })).rejects.toMatchObject({ code: 'session-expired' });
  });
});
