// STS GetCallerIdentity and IAM GetRole through the real SDK v3 clients, signatures verified.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { ssoRoleName, startSandbox } from '../../sandbox/index.js';
import type { SandboxHandle } from '../../sandbox/index.js';
import { iamClient, roleCredentials, signIn, stsClient } from './helpers/clients.js';
import { DEMO_USER, DEV, PROD, demoYaml } from './helpers/demo.js';

let sandbox: SandboxHandle;
let accessToken: string;

beforeAll(async () => {
  sandbox = await startSandbox(demoYaml, { clusterServers: 'lazy' });
  accessToken = (await signIn(sandbox, DEMO_USER)).accessToken;
});
afterAll(async () => {
  await sandbox?.close();
});

describe('STS GetCallerIdentity', () => {
  it('returns the assumed-role ARN of the SSO role, without its path', async () => {
    const credentials = await roleCredentials(sandbox, accessToken, PROD, 'AdministratorAccess');
    const identity = await stsClient(sandbox, credentials, 'eu-west-1').send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(PROD);
    expect(identity.Arn).toMatch(new RegExp(`^arn:aws:sts::${PROD}:assumed-role/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}/demo@example.com$`));
    expect(identity.UserId).toMatch(/^AROA[A-Z2-7]{17}:demo@example.com$/);
  });

  it('honours AWS_ENDPOINT_URL_STS from the environment', async () => {
    const credentials = await roleCredentials(sandbox, accessToken, DEV, 'Developer');
    const saved = process.env.AWS_ENDPOINT_URL_STS;
    process.env.AWS_ENDPOINT_URL_STS = sandbox.env.AWS_ENDPOINT_URL_STS;
    try {
      const identity = await new STSClient({ region: 'us-east-1', credentials, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
      expect(identity.Arn).toContain(':assumed-role/AWSReservedSSO_Developer_');
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
      else process.env.AWS_ENDPOINT_URL_STS = saved;
    }
  });

  it('rejects a wrong secret, an unknown key and a missing session token with the STS error names', async () => {
    const credentials = await roleCredentials(sandbox, accessToken, PROD, 'ReadOnly');
    const failure = async (override: Partial<typeof credentials>) => {
      try {
        await stsClient(sandbox, { ...credentials, ...override }).send(new GetCallerIdentityCommand({}));
        return 'ok';
      } catch (error) {
        return `${(error as Error).name} ${(error as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode}`;
      }
    };
    expect(await failure({})).toBe('ok');
    // One character changed (to a different one: the secret may already end in 'x').
    const wrongSecret = `${credentials.secretAccessKey.slice(0, -1)}${credentials.secretAccessKey.endsWith('x') ? 'y' : 'x'}`;
    expect(await failure({ secretAccessKey: wrongSecret })).toBe('SignatureDoesNotMatch 403');
    expect(await failure({ accessKeyId: 'ASIAAAAAAAAAAAAAAAAA' })).toBe('InvalidClientTokenId 403');
    expect(await failure({ sessionToken: 'forged' })).toBe('InvalidClientTokenId 403');
  });
});

describe('IAM GetRole', () => {
  it('returns the full ARN with the aws-reserved path and the Identity Center region', async () => {
    const credentials = await roleCredentials(sandbox, accessToken, DEV, 'Developer');
    const roleName = `AWSReservedSSO_Developer_${/_([0-9a-f]{16})$/.exec((await stsClient(sandbox, credentials).send(new GetCallerIdentityCommand({}))).Arn?.split('/')[1] ?? '')?.[1]}`;
    const role = await iamClient(sandbox, credentials).send(new GetRoleCommand({ RoleName: roleName }));
    expect(role.Role?.Path).toBe('/aws-reserved/sso.amazonaws.com/eu-west-1/');
    expect(role.Role?.Arn).toBe(`arn:aws:iam::${DEV}:role/aws-reserved/sso.amazonaws.com/eu-west-1/${roleName}`);
    expect(role.Role?.RoleId).toMatch(/^AROA/);
    expect(JSON.parse(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? '{}'))).toMatchObject({ Version: '2012-10-17' });

    const missing = await iamClient(sandbox, credentials)
      .send(new GetRoleCommand({ RoleName: 'NoSuchRole' }))
      .catch((error: unknown) => error as Error);
    expect(missing).toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('is denied where the permission set does not allow iam:GetRole', async () => {
    const credentials = await roleCredentials(sandbox, accessToken, PROD, 'ReadOnly');
    const denied = await iamClient(sandbox, credentials)
      .send(new GetRoleCommand({ RoleName: 'eks-node-group-role' }))
      .catch((error: unknown) => error as Error & { $metadata: { httpStatusCode?: number } });
    expect(denied).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });
});

describe('IAM GetRole with Identity Center in us-east-1', () => {
  it('has no region segment in the role path', async () => {
    const east = await startSandbox(
      `identityCenter: { region: us-east-1, startUrl: "https://d-9000000001.awsapps.com/start" }
users: [{ name: carol@example.com }]
accounts: [{ id: "444444444444", name: solo }]
permissionSets: [{ name: PowerUser, actions: ["iam:GetRole"] }]
assignments: [{ user: carol@example.com, account: "444444444444", permissionSet: PowerUser }]
`,
    );
    try {
      const token = (await signIn(east, 'carol@example.com')).accessToken;
      const credentials = await roleCredentials(east, token, '444444444444', 'PowerUser');
      const role = await iamClient(east, credentials).send(new GetRoleCommand({ RoleName: ssoRoleName(east.startUrl, 'PowerUser', '444444444444') }));
      expect(role.Role?.Path).toBe('/aws-reserved/sso.amazonaws.com/');
      expect(role.Role?.Arn).toBe(`arn:aws:iam::444444444444:role/aws-reserved/sso.amazonaws.com/${ssoRoleName(east.startUrl, 'PowerUser', '444444444444')}`);
    } finally {
      await east.close();
    }
  });
});
