// The EKS control plane through the real SDK v3 client: listing and describing clusters (with
// their API servers' endpoints and CAs), pagination, access entries and policies,
// authentication-mode updates, and the permission set's allow-list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  DeleteAccessEntryCommand,
  DescribeAccessEntryCommand,
  DescribeClusterCommand,
  DescribeUpdateCommand,
  DisassociateAccessPolicyCommand,
  ListAccessEntriesCommand,
  ListAccessPoliciesCommand,
  ListAssociatedAccessPoliciesCommand,
  ListClustersCommand,
  UpdateAccessEntryCommand,
  UpdateClusterConfigCommand,
  paginateListClusters,
} from '@aws-sdk/client-eks';
import type { EKSClient } from '@aws-sdk/client-eks';
import { ssoRoleName, startSandbox } from '../../sandbox/index.js';
import type { SandboxHandle } from '../../sandbox/index.js';
import { eksClient, roleCredentials, signIn } from './helpers/clients.js';
import type { Credentials } from './helpers/clients.js';
import { DEMO_USER, DEV, PROD, SHARED, demoYaml } from './helpers/demo.js';

let sandbox: SandboxHandle;
let accessToken: string;
const creds = new Map<string, Credentials>();

async function credentialsFor(account: string, permissionSet: string): Promise<Credentials> {
  const key = `${account}/${permissionSet}`;
  let found = creds.get(key);
  if (!found) creds.set(key, (found = await roleCredentials(sandbox, accessToken, account, permissionSet)));
  return found;
}

async function eks(account: string, permissionSet: string, region: string): Promise<EKSClient> {
  return eksClient(sandbox, await credentialsFor(account, permissionSet), region);
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const typed = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: typed.name, message: typed.message, status: typed.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  sandbox = await startSandbox(demoYaml, { updateDurationMs: 60_000 });
  accessToken = (await signIn(sandbox, DEMO_USER)).accessToken;
});
afterAll(async () => {
  await sandbox?.close();
});

describe('clusters', () => {
  it('lists the clusters of the signing account and region, paginated', async () => {
    const client = await eks(SHARED, 'AdministratorAccess', 'eu-west-1');
    expect((await client.send(new ListClustersCommand({}))).clusters).toEqual(['dev-hang']);
    const east = await eks(SHARED, 'AdministratorAccess', 'us-east-1');
    expect((await east.send(new ListClustersCommand({}))).clusters).toEqual(['sandbox-unknown']);
    const dev = await eks(DEV, 'Developer', 'eu-west-1');
    const names: string[] = [];
    for await (const page of paginateListClusters({ client: dev, pageSize: 1 }, {})) names.push(...(page.clusters ?? []));
    expect(names).toEqual(['dev-shared']);
    expect(await failure(dev.send(new ListClustersCommand({ maxResults: 0 })))).toMatchObject({ name: 'InvalidParameterException', status: 400 });
  });

  it('describes an ACTIVE cluster with its API server endpoint and CA, and a CREATING one without', async () => {
    const client = await eks(PROD, 'ReadOnly', 'eu-west-1');
    const { cluster } = await client.send(new DescribeClusterCommand({ name: 'prod-api' }));
    expect(cluster).toMatchObject({
      name: 'prod-api',
      arn: `arn:aws:eks:eu-west-1:${PROD}:cluster/prod-api`,
      version: '1.31',
      platformVersion: 'eks.20',
      status: 'ACTIVE',
      accessConfig: { authenticationMode: 'API' },
      resourcesVpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: true },
    });
    expect(cluster?.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(cluster?.createdAt).toBeInstanceOf(Date);
    const pem = Buffer.from(cluster?.certificateAuthority?.data ?? '', 'base64').toString('utf8');
    expect(new X509Certificate(pem).ca).toBe(true);

    const creating = await (await eks(DEV, 'Developer', 'us-east-1')).send(new DescribeClusterCommand({ name: 'dev-next' }));
    expect(creating.cluster?.status).toBe('CREATING');
    expect(creating.cluster?.endpoint).toBeUndefined();
    expect(creating.cluster?.certificateAuthority?.data).toBeUndefined();

    expect(await failure(client.send(new DescribeClusterCommand({ name: 'nope' })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });
});

describe('pagination', () => {
  // Three clusters in one account and region (plus one elsewhere that must not show up), so a
  // page size of 2 really gives two pages.
  const scenario = `identityCenter: { region: us-east-1, startUrl: "https://d-9000000003.awsapps.com/start" }
users: [{ name: pat@example.com }]
accounts: [{ id: "444444444444", name: paged }]
permissionSets: [{ name: Admin, actions: ["eks:*"] }]
assignments: [{ user: pat@example.com, account: "444444444444", permissionSet: Admin }]
clusters:
  - { name: alpha, account: "444444444444", region: eu-west-1, version: "1.31" }
  - { name: bravo, account: "444444444444", region: eu-west-1, version: "1.31" }
  - { name: charlie, account: "444444444444", region: eu-west-1, version: "1.31" }
  - { name: delta, account: "444444444444", region: us-east-1, version: "1.31" }
`;
  let paged: SandboxHandle;
  let pagedCredentials: Credentials;
  beforeAll(async () => {
    paged = await startSandbox(scenario, { clusterServers: 'lazy' });
    pagedCredentials = await roleCredentials(paged, (await signIn(paged, 'pat@example.com')).accessToken, '444444444444', 'Admin');
  });
  afterAll(async () => {
    await paged?.close();
  });

  it('pages ListClusters with nextToken and names every cluster of the region once', async () => {
    const client = eksClient(paged, pagedCredentials, 'eu-west-1');
    const pages: string[][] = [];
    for await (const page of paginateListClusters({ client, pageSize: 2 }, {})) pages.push(page.clusters ?? []);
    expect(pages.map((page) => page.length)).toEqual([2, 1]);
    expect(pages.flat().sort()).toEqual(['alpha', 'bravo', 'charlie']);

    const first = await client.send(new ListClustersCommand({ maxResults: 2 }));
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await client.send(new ListClustersCommand({ maxResults: 2, nextToken: first.nextToken }));
    expect([...(first.clusters ?? []), ...(second.clusters ?? [])].sort()).toEqual(['alpha', 'bravo', 'charlie']);
    expect(second.nextToken).toBeUndefined();
  });

  it('refuses a garbage nextToken, and a token from another listing, with InvalidParameterException', async () => {
    const client = eksClient(paged, pagedCredentials, 'eu-west-1');
    expect(await failure(client.send(new ListClustersCommand({ nextToken: 'garbage' })))).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    const { nextToken } = await client.send(new ListClustersCommand({ maxResults: 1 }));
    const otherRegion = eksClient(paged, pagedCredentials, 'us-east-1');
    expect(await failure(otherRegion.send(new ListClustersCommand({ nextToken })))).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(await failure(client.send(new ListAccessPoliciesCommand({ nextToken })))).toMatchObject({ name: 'InvalidParameterException', status: 400 });
  });

  it('pages ListAccessPolicies by maxResults', async () => {
    const client = eksClient(paged, pagedCredentials, 'eu-west-1');
    const all = (await client.send(new ListAccessPoliciesCommand({}))).accessPolicies?.map((policy) => policy.name) ?? [];
    expect(all.length).toBeGreaterThan(5);
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListAccessPoliciesCommand({ maxResults: 5, ...(nextToken ? { nextToken } : {}) }));
      expect(page.accessPolicies?.length).toBeLessThanOrEqual(5);
      names.push(...(page.accessPolicies ?? []).map((policy) => policy.name ?? ''));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBe(Math.ceil(all.length / 5));
    expect(names).toEqual(all);
  });
});

describe('access entries', () => {
  it('lists, describes and lists associated policies of the scenario entries', async () => {
    const client = await eks(PROD, 'AdministratorAccess', 'eu-west-1');
    const { accessEntries } = await client.send(new ListAccessEntriesCommand({ clusterName: 'prod-api' }));
    expect(accessEntries).toHaveLength(3);
    const adminArn = accessEntries?.find((arn) => arn.includes('AdministratorAccess')) ?? '';
    expect(adminArn).toMatch(new RegExp(`^arn:aws:iam::${PROD}:role/aws-reserved/sso\\.amazonaws\\.com/eu-west-1/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}$`));
    const { accessEntry } = await client.send(new DescribeAccessEntryCommand({ clusterName: 'prod-api', principalArn: adminArn }));
    expect(accessEntry?.type).toBe('STANDARD');
    expect(accessEntry?.username).toMatch(/^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/\{\{SessionName\}\}$/);
    const associated = await client.send(new ListAssociatedAccessPoliciesCommand({ clusterName: 'prod-api', principalArn: adminArn }));
    expect(associated.associatedAccessPolicies?.map((policy) => policy.policyArn)).toEqual(['arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy']);
    const filtered = await client.send(new ListAccessEntriesCommand({ clusterName: 'prod-api', associatedPolicyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy' }));
    expect(filtered.accessEntries).toHaveLength(1);
    const policies = await client.send(new ListAccessPoliciesCommand({}));
    expect(policies.accessPolicies?.map((policy) => policy.name)).toContain('AmazonEKSAdminViewPolicy');
  });

  it('creates an entry only from the full role ARN, then associates, disassociates and deletes', async () => {
    const client = await eks(DEV, 'AdministratorAccess', 'eu-west-1');
    // bob's ReadOnly role exists in DEV (it is assigned to him there), so it can be granted.
    const fullArn = `arn:aws:iam::${DEV}:role/aws-reserved/sso.amazonaws.com/eu-west-1/${ssoRoleName(sandbox.startUrl, 'ReadOnly', DEV)}`;
    const stripped = `arn:aws:iam::${DEV}:role/${ssoRoleName(sandbox.startUrl, 'ReadOnly', DEV)}`;

    const invalid = await failure(client.send(new CreateAccessEntryCommand({ clusterName: 'dev-shared', principalArn: stripped })));
    expect(invalid).toMatchObject({ name: 'InvalidParameterException', status: 400, message: 'The specified principalArn is invalid: invalid principal.' });

    const created = await client.send(new CreateAccessEntryCommand({ clusterName: 'dev-shared', principalArn: fullArn }));
    expect(created.accessEntry?.principalArn).toBe(fullArn);
    const inUse = await failure(client.send(new CreateAccessEntryCommand({ clusterName: 'dev-shared', principalArn: fullArn })));
    expect(inUse).toMatchObject({ name: 'ResourceInUseException', status: 409, message: 'The specified access entry resource is already in use on this cluster.' });

    const view = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy';
    const associated = await client.send(
      new AssociateAccessPolicyCommand({ clusterName: 'dev-shared', principalArn: fullArn, policyArn: view, accessScope: { type: 'namespace', namespaces: ['team-b'] } }),
    );
    expect(associated.associatedAccessPolicy?.accessScope).toEqual({ type: 'namespace', namespaces: ['team-b'] });
    const rescoped = await client.send(new AssociateAccessPolicyCommand({ clusterName: 'dev-shared', principalArn: fullArn, policyArn: view, accessScope: { type: 'cluster' } }));
    expect(rescoped.associatedAccessPolicy?.accessScope?.type).toBe('cluster');
    const noNamespaces = await failure(
      client.send(new AssociateAccessPolicyCommand({ clusterName: 'dev-shared', principalArn: fullArn, policyArn: view, accessScope: { type: 'namespace', namespaces: [] } })),
    );
    expect(noNamespaces.name).toBe('InvalidParameterException');

    const updated = await client.send(new UpdateAccessEntryCommand({ clusterName: 'dev-shared', principalArn: fullArn, kubernetesGroups: ['viewers'], username: 'reader:{{SessionName}}' }));
    expect(updated.accessEntry).toMatchObject({ kubernetesGroups: ['viewers'], username: 'reader:{{SessionName}}' });
    const reserved = await failure(client.send(new UpdateAccessEntryCommand({ clusterName: 'dev-shared', principalArn: fullArn, username: 'system:admin' })));
    expect(reserved.name).toBe('InvalidParameterException');

    await client.send(new DisassociateAccessPolicyCommand({ clusterName: 'dev-shared', principalArn: fullArn, policyArn: view }));
    expect((await client.send(new ListAssociatedAccessPoliciesCommand({ clusterName: 'dev-shared', principalArn: fullArn }))).associatedAccessPolicies).toEqual([]);
    await client.send(new DeleteAccessEntryCommand({ clusterName: 'dev-shared', principalArn: fullArn }));
    expect(await failure(client.send(new DescribeAccessEntryCommand({ clusterName: 'dev-shared', principalArn: fullArn })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses access entries on a CONFIG_MAP cluster with the real message', async () => {
    const client = await eks(PROD, 'AdministratorAccess', 'us-east-1');
    const principalArn = `arn:aws:iam::${PROD}:role/ci-deployer`;
    expect(await failure(client.send(new CreateAccessEntryCommand({ clusterName: 'prod-legacy', principalArn })))).toMatchObject({
      name: 'InvalidRequestException',
      status: 400,
      message: "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.",
    });
  });

  it('denies what the permission set does not allow', async () => {
    const client = await eks(PROD, 'ReadOnly', 'eu-west-1');
    const denied = await failure(client.send(new CreateAccessEntryCommand({ clusterName: 'prod-api', principalArn: `arn:aws:iam::${PROD}:role/ci-deployer` })));
    expect(denied).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    expect(denied.message).toMatch(/is not authorized to perform: eks:CreateAccessEntry on resource: arn:aws:eks:eu-west-1:111111111111:cluster\/prod-api$/);
  });
});

describe('authentication mode updates', () => {
  it('moves one step at a time, one way, through UPDATING', async () => {
    const client = await eks(PROD, 'AdministratorAccess', 'us-east-1');
    const skip = await failure(client.send(new UpdateClusterConfigCommand({ name: 'prod-legacy', accessConfig: { authenticationMode: 'API' } })));
    expect(skip).toMatchObject({ name: 'InvalidParameterException', message: 'Unsupported authentication mode update from CONFIG_MAP to API' });

    const { update } = await client.send(new UpdateClusterConfigCommand({ name: 'prod-legacy', accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } }));
    expect(update).toMatchObject({ status: 'InProgress', type: 'AccessConfigUpdate', params: [{ type: 'AuthenticationMode', value: 'API_AND_CONFIG_MAP' }] });
    const during = await client.send(new DescribeClusterCommand({ name: 'prod-legacy' }));
    expect(during.cluster?.status).toBe('UPDATING');
    expect(during.cluster?.accessConfig?.authenticationMode).toBe('CONFIG_MAP');
    expect(await failure(client.send(new UpdateClusterConfigCommand({ name: 'prod-legacy', accessConfig: { authenticationMode: 'API' } })))).toMatchObject({
      name: 'ResourceInUseException',
    });

    // The update finishes on the sandbox clock.
    sandbox.admin.setClockOffset(61_000);
    try {
      const done = await eksClient(sandbox, await credentialsFor(PROD, 'AdministratorAccess'), 'us-east-1', 3).send(
        new DescribeUpdateCommand({ name: 'prod-legacy', updateId: update?.id }),
      );
      expect(done.update?.status).toBe('Successful');
    } finally {
      sandbox.admin.setClockOffset(0);
    }
    const after = await client.send(new DescribeClusterCommand({ name: 'prod-legacy' }));
    expect(after.cluster?.status).toBe('ACTIVE');
    expect(after.cluster?.accessConfig?.authenticationMode).toBe('API_AND_CONFIG_MAP');
    const back = await failure(client.send(new UpdateClusterConfigCommand({ name: 'prod-legacy', accessConfig: { authenticationMode: 'CONFIG_MAP' } })));
    expect(back.message).toBe('Unsupported authentication mode update from API_AND_CONFIG_MAP to CONFIG_MAP');
  });
});
