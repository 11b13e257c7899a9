// A generated large organisation, started for real: an auto-approved sign-in, the portal's
// account listing page by page, and a cluster whose API server starts only when DescribeCluster
// first asks for it (above 64 clusters the sandbox starts them lazily) and then answers /livez.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import https from 'node:https';
import { ListAccountRolesCommand, paginateListAccounts } from '@aws-sdk/client-sso';
import { DescribeClusterCommand, ListClustersCommand } from '@aws-sdk/client-eks';
import { generateScenario, startSandbox } from '../../sandbox/index.js';
import type { SandboxHandle, Scenario } from '../../sandbox/index.js';
import { startKubeApiServer } from '../../sandbox/kube/server.js';
import type { KubeApiServerOptions } from '../../sandbox/kube/contract.js';
import { eksClient, portalClient, roleCredentials, signInByPolling } from './helpers/clients.js';

const scenario: Scenario = generateScenario('accounts=200,roles=3,regions=4,clusters=2');
let sandbox: SandboxHandle;
/** Cluster API servers started so far, by cluster name. */
const started: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox(scenario, {
    autoApprove: true,
    autoApproveDelayMs: 20,
    startKubeApiServer: (options: KubeApiServerOptions) => {
      started.push(options.controlPlane.name);
      return startKubeApiServer(options);
    },
  });
}, 30_000);
afterAll(async () => {
  await sandbox?.close();
});

function livez(endpoint: string, caPem: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = https.get(`${endpoint}/livez`, { ca: caPem, agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.setTimeout(5000, () => request.destroy(new Error('no answer from /livez')));
  });
}

describe('a generated organisation (accounts=200,roles=3,regions=4,clusters=2)', () => {
  it('starts with 200 accounts and 400 clusters, none of whose API servers is running yet', () => {
    expect(scenario.accounts).toHaveLength(200);
    expect(scenario.clusters).toHaveLength(400);
    expect(new Set(scenario.clusters.map((cluster) => cluster.region)).size).toBe(4);
    expect(started).toEqual([]);
  });

  it('signs in through auto-approval, lists every account page by page, and describes a cluster whose endpoint starts on demand', async () => {
    const accessToken = await signInByPolling(sandbox);

    const pages: number[] = [];
    const accountIds: string[] = [];
    for await (const page of paginateListAccounts({ client: portalClient(sandbox) }, { accessToken })) {
      pages.push(page.accountList?.length ?? 0);
      accountIds.push(...(page.accountList ?? []).map((account) => account.accountId ?? ''));
    }
    // The portal's default page is 20 accounts.
    expect(pages).toEqual(Array.from({ length: 10 }, () => 20));
    expect(new Set(accountIds)).toEqual(new Set(scenario.accounts.map((account) => account.id)));

    const account = scenario.accounts[137];
    const cluster = scenario.clusters.find((candidate) => candidate.account === account?.id);
    if (!account || !cluster) throw new Error('the generator changed shape');
    const roles = await portalClient(sandbox).send(new ListAccountRolesCommand({ accessToken, accountId: account.id }));
    expect(roles.roleList?.map((role) => role.roleName)).toEqual(['AdministratorAccess', 'Developer', 'ReadOnly']);

    const eks = eksClient(sandbox, await roleCredentials(sandbox, accessToken, account.id, 'AdministratorAccess'), cluster.region);
    expect((await eks.send(new ListClustersCommand({}))).clusters).toContain(cluster.name);
    expect(started).toEqual([]);

    const described = (await eks.send(new DescribeClusterCommand({ name: cluster.name }))).cluster;
    expect(started).toEqual([cluster.name]);
    expect(described).toMatchObject({ name: cluster.name, status: 'ACTIVE', version: cluster.version, accessConfig: { authenticationMode: cluster.authenticationMode } });
    expect(described?.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const caPem = Buffer.from(described?.certificateAuthority?.data ?? '', 'base64').toString('utf8');
    expect(await livez(described?.endpoint ?? '', caPem)).toEqual({ status: 200, body: 'ok' });

    // A second DescribeCluster reuses the running server.
    const again = (await eks.send(new DescribeClusterCommand({ name: cluster.name }))).cluster;
    expect(again?.endpoint).toBe(described?.endpoint);
    expect(started).toEqual([cluster.name]);
  }, 30_000);
});
