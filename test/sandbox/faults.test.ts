// Faults through the admin API and the scenario file, seen by real SDK clients: throttling (429
// with each service's own error, then a retry succeeds), a fraction of 5xx, latency, clock skew,
// revoked credentials.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTokenCommand } from '@aws-sdk/client-sso-oidc';
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand } from '@aws-sdk/client-sso';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { DescribeClusterCommand, ListClustersCommand } from '@aws-sdk/client-eks';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ssoRoleName, startSandbox } from '../../sandbox/index.js';
import type { SandboxHandle } from '../../sandbox/index.js';
import { eksClient, iamClient, oidcClient, portalClient, roleCredentials, signIn, stsClient } from './helpers/clients.js';
import { DEMO_USER, DEV, PROD, SHARED, demoYaml } from './helpers/demo.js';
import { Faults } from '../../sandbox/runtime/faults.js';
import { checkFaultSettings } from '../../sandbox/admin/fault-body.js';

let sandbox: SandboxHandle;
let accessToken: string;

beforeAll(async () => {
  sandbox = await startSandbox(demoYaml, { clusterServers: 'lazy' });
  accessToken = (await signIn(sandbox, DEMO_USER)).accessToken;
});
afterAll(async () => {
  await sandbox?.close();
});

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return `${(error as Error).name} ${(error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode}`;
  }
}

describe('throttling', () => {
  it('answers 429 TooManyRequestsException past the burst, and the SDK retry then succeeds', async () => {
    sandbox.admin.clearRequestLog();
    sandbox.admin.setFault('ListAccountRoles', { throttle: { rate: 2, burst: 1 } });
    try {
      const once = portalClient(sandbox, 1);
      expect(await outcome(once.send(new ListAccountRolesCommand({ accessToken, accountId: PROD })))).toBe('ok');
      expect(await outcome(once.send(new ListAccountRolesCommand({ accessToken, accountId: PROD })))).toBe('TooManyRequestsException 429');
      const retrying = portalClient(sandbox, 10);
      await retrying.send(new ListAccountRolesCommand({ accessToken, accountId: PROD }));
      await retrying.send(new ListAccountRolesCommand({ accessToken, accountId: PROD }));
      const statuses = sandbox.admin.statusCounts();
      expect(statuses['ListAccountRoles 429']).toBeGreaterThanOrEqual(1);
      expect(statuses['ListAccountRoles 200']).toBeGreaterThanOrEqual(3);
    } finally {
      sandbox.admin.setFault('ListAccountRoles', null);
    }
  });

  it('throttles EKS per account and region with ThrottlingException', async () => {
    sandbox.admin.setFault('ListClusters', { throttle: { rate: 0.001, burst: 1 } });
    try {
      const prod = eksClient(sandbox, await roleCredentials(sandbox, accessToken, PROD, 'AdministratorAccess'), 'eu-west-1');
      expect(await outcome(prod.send(new ListClustersCommand({})))).toBe('ok');
      expect(await outcome(prod.send(new ListClustersCommand({})))).toBe('ThrottlingException 429');
      const otherRegion = eksClient(sandbox, await roleCredentials(sandbox, accessToken, PROD, 'AdministratorAccess'), 'us-east-1');
      expect(await outcome(otherRegion.send(new ListClustersCommand({})))).toBe('ok');
      const otherAccount = eksClient(sandbox, await roleCredentials(sandbox, accessToken, SHARED, 'AdministratorAccess'), 'eu-west-1');
      expect(await outcome(otherAccount.send(new ListClustersCommand({})))).toBe('ok');
    } finally {
      sandbox.admin.setFault('ListClusters', null);
    }
  });
});

describe('throttling in every service', () => {
  // Each service answers 429 with its own throttling error; the first call passes the bucket
  // (whatever else it answers), the second finds it empty.
  it.each([
    {
      operation: 'CreateToken',
      error: 'SlowDownException',
      call: () =>
        oidcClient(sandbox).send(new CreateTokenCommand({ clientId: 'unknown-client', clientSecret: 'unknown', grantType: 'refresh_token', refreshToken: 'not-a-refresh-token' })),
    },
    {
      operation: 'GetCallerIdentity',
      error: 'Throttling',
      call: async () => stsClient(sandbox, await roleCredentials(sandbox, accessToken, PROD, 'ReadOnly')).send(new GetCallerIdentityCommand({})),
    },
    {
      operation: 'GetRole',
      error: 'Throttling',
      call: async () =>
        iamClient(sandbox, await roleCredentials(sandbox, accessToken, PROD, 'AdministratorAccess')).send(
          new GetRoleCommand({ RoleName: ssoRoleName(sandbox.startUrl, 'AdministratorAccess', PROD) }),
        ),
    },
  ])('$operation answers HTTP 429 $error past the burst', async ({ operation, error, call }) => {
    sandbox.admin.setFault(operation, { throttle: { rate: 0.001, burst: 1 } });
    try {
      expect(await outcome(call())).not.toMatch(/ 429$/);
      expect(await outcome(call())).toBe(`${error} 429`);
    } finally {
      sandbox.admin.setFault(operation, null);
    }
    expect(await outcome(call())).not.toMatch(/ 429$/);
  });
});

describe('server errors and latency', () => {
  it('fails exactly the configured fraction of requests with the service 5xx', async () => {
    const client = eksClient(sandbox, await roleCredentials(sandbox, accessToken, DEV, 'Developer'), 'us-east-1');
    sandbox.admin.setFault('DescribeCluster', { errorRate: 0.5 });
    try {
      const results: string[] = [];
      for (let index = 0; index < 4; index++) results.push(await outcome(client.send(new DescribeClusterCommand({ name: 'dev-next' }))));
      expect(results).toEqual(['ok', 'ServerException 500', 'ok', 'ServerException 500']);
    } finally {
      sandbox.admin.setFault('DescribeCluster', null);
    }
  });

  it('delays answers by the configured latency', async () => {
    sandbox.admin.setFault('ListAccounts', { latencyMs: 300 });
    try {
      sandbox.admin.clearRequestLog();
      await portalClient(sandbox).send(new ListAccountsCommand({ accessToken }));
      const entry = sandbox.admin.requestLog().find((logged) => logged.operation === 'ListAccounts');
      expect(entry?.durationMs).toBeGreaterThanOrEqual(290);
    } finally {
      sandbox.admin.setFault('ListAccounts', null);
    }
  });
});

describe('clock offset', () => {
  it('rejects signatures more than 15 minutes off, and the SDK corrects its clock from the Date header', async () => {
    const credentials = await roleCredentials(sandbox, accessToken, PROD, 'AdministratorAccess');
    sandbox.admin.setClockOffset(20 * 60 * 1000);
    try {
      expect(await outcome(eksClient(sandbox, credentials, 'eu-west-1', 1).send(new ListClustersCommand({})))).toBe('InvalidSignatureException 403');
      expect(await outcome(stsClient(sandbox, credentials).send(new GetCallerIdentityCommand({})))).toBe('SignatureDoesNotMatch 403');
      const corrected = await eksClient(sandbox, credentials, 'eu-west-1', 3).send(new ListClustersCommand({}));
      expect(corrected.clusters).toEqual(['prod-api']);
    } finally {
      sandbox.admin.setClockOffset(0);
    }
  });

  it('expires role credentials when the clock passes their expiration', async () => {
    const credentials = await roleCredentials(sandbox, accessToken, PROD, 'ReadOnly');
    sandbox.admin.setClockOffset(61 * 60 * 1000);
    try {
      // The SDK corrects its clock on the first answer, then the credentials are simply expired.
      expect(await outcome(eksClient(sandbox, credentials, 'eu-west-1', 3).send(new ListClustersCommand({})))).toBe('ExpiredTokenException 403');
    } finally {
      sandbox.admin.setClockOffset(0);
    }
  });
});

describe('revocation', () => {
  it('revoking a user ends their token (401) and their role credentials', async () => {
    const bob = await signIn(sandbox, 'bob@example.com');
    const credentials = await roleCredentials(sandbox, bob.accessToken, DEV, 'Developer');
    expect(await outcome(eksClient(sandbox, credentials, 'eu-west-1').send(new ListClustersCommand({})))).toBe('ok');
    sandbox.admin.revokeSession('bob@example.com');
    expect(await outcome(portalClient(sandbox).send(new ListAccountsCommand({ accessToken: bob.accessToken })))).toBe('UnauthorizedException 401');
    expect(await outcome(eksClient(sandbox, credentials, 'eu-west-1').send(new ListClustersCommand({})))).toBe('UnrecognizedClientException 403');
  });

  it('shortened token lifetimes apply to new sign-ins', async () => {
    sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 120, refreshTokenSeconds: 600 });
    try {
      const { token } = await signIn(sandbox, DEMO_USER);
      expect(token.expiresIn).toBe(120);
      sandbox.admin.setClockOffset(121_000);
      expect(await outcome(portalClient(sandbox).send(new ListAccountsCommand({ accessToken: token.accessToken })))).toBe('UnauthorizedException 401');
    } finally {
      sandbox.admin.setClockOffset(0);
      sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 3600, sessionSeconds: 8 * 3600 });
    }
  });
});

describe('faults from the scenario file', () => {
  it('applies the scenario faults (5xx, latency, throttling) and clock offset from the start', async () => {
    const faulty = await startSandbox(`identityCenter: { region: us-east-1, startUrl: "https://d-9000000002.awsapps.com/start" }
users: [{ name: dana@example.com }]
accounts: [{ id: "555555555555", name: faulty }]
permissionSets: [{ name: Admin, actions: ["*"] }]
assignments: [{ user: dana@example.com, account: "555555555555", permissionSet: Admin }]
faults:
  - { operation: ListAccounts, errorRate: 1 }
  - { operation: ListAccountRoles, latencyMs: 250 }
  - { operation: GetRoleCredentials, throttle: { rate: 0.001, burst: 1 } }
clockOffsetSeconds: 3600
`);
    try {
      expect(faulty.admin.clockOffset()).toBe(3_600_000);
      expect(faulty.admin.faults()).toEqual({
        ListAccounts: { errorRate: 1 },
        ListAccountRoles: { latencyMs: 250 },
        GetRoleCredentials: { throttle: { rate: 0.001, burst: 1 } },
      });
      const token = (await signIn(faulty, 'dana@example.com')).accessToken;
      expect(await outcome(portalClient(faulty).send(new ListAccountsCommand({ accessToken: token })))).toBe('InternalServerException 500');
      expect(await outcome(portalClient(faulty).send(new ListAccountRolesCommand({ accessToken: token, accountId: '555555555555' })))).toBe('ok');
      const delayed = faulty.admin.requestLog().find((entry) => entry.operation === 'ListAccountRoles');
      expect(delayed?.durationMs).toBeGreaterThanOrEqual(240);
      const credentials = () => portalClient(faulty).send(new GetRoleCredentialsCommand({ accessToken: token, accountId: '555555555555', roleName: 'Admin' }));
      expect(await outcome(credentials())).toBe('ok');
      expect(await outcome(credentials())).toBe('TooManyRequestsException 429');
    } finally {
      await faulty.close();
    }
  });
});

describe('faults for some accounts only', () => {
  it('applies to requests about those accounts and leaves the rest, and requests naming none, alone', () => {
    const faults = new Faults([{ operation: 'DescribeCluster', errorRate: 1, latencyMs: 50, accounts: ['222222222222'] }]);
    expect(faults.gate('DescribeCluster', '', '222222222222')).toBe('server-error');
    expect(faults.latency('DescribeCluster', '222222222222')).toBe(50);
    expect(faults.gate('DescribeCluster', '', '111111111111')).toBe('pass');
    expect(faults.latency('DescribeCluster', '111111111111')).toBe(0);
    expect(faults.gate('DescribeCluster')).toBe('pass');
    expect(checkFaultSettings('ListAccountRoles', { errorRate: 1, accounts: ['222222222222'] })).toMatchObject({ ok: true });
    expect(checkFaultSettings('ListAccountRoles', { accounts: ['not-an-account'] })).toMatchObject({ ok: false });
  });
});
