// The aws CLI v1 on this machine (botocore, written by nobody here) against the sandbox:
// sign-in, portal, STS and EKS. Secrets go through --cli-input-json files and the
// environment, never the command line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ssoRoleName, startSandbox } from '../../sandbox/index.js';
import type { SandboxHandle } from '../../sandbox/index.js';
import { DEMO_USER, DEV, PROD, demoYaml } from './helpers/demo.js';
import { awsCliPath } from '../helpers/aws-cli.js';

const aws = awsCliPath ?? undefined;

let sandbox: SandboxHandle;
let home: string;
let inputCount = 0;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
    AWS_DEFAULT_REGION: 'eu-west-1',
    ...sandbox.env,
    ...extraEnv,
  };
  return new Promise((resolve) => {
    execFile(aws ?? 'aws', [...args, '--output', 'json'], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function json<T>(args: string[], extraEnv?: Record<string, string>): Promise<T> {
  const result = await run(args, extraEnv);
  if (result.code !== 0) throw new Error(`aws ${args.slice(0, 2).join(' ')} failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** Parameters through a 0600 file, so secrets stay out of argv. */
async function input(parameters: Record<string, unknown>): Promise<string[]> {
  const file = path.join(home, `input-${inputCount++}.json`);
  await writeFile(file, JSON.stringify(parameters), { mode: 0o600 });
  return ['--cli-input-json', `file://${file}`];
}

interface RoleCredentials {
  roleCredentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: number };
}

// Each aws invocation starts Python (a few seconds on a busy two-core machine): generous timeouts.
describe.runIf(aws !== undefined)('aws CLI v1 against the sandbox', { timeout: 180_000 }, () => {
  let accessToken = '';

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-aws-cli-'));
    const awsFolder = path.join(home, '.aws');
    await mkdir(awsFolder, { recursive: true, mode: 0o700 });
    await writeFile(path.join(awsFolder, 'config'), '[default]\nregion = eu-west-1\ncli_follow_urlparam = false\n');
    sandbox = await startSandbox(demoYaml);
  }, 60_000);
  afterAll(async () => {
    await sandbox?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('signs in with sso-oidc register-client, start-device-authorization and create-token', async () => {
    const client = await json<{ clientId: string; clientSecret: string }>(['sso-oidc', 'register-client', '--client-name', 'aws-cli-test', '--client-type', 'public']);
    const device = await json<{ deviceCode: string; userCode: string; verificationUriComplete: string }>([
      'sso-oidc',
      'start-device-authorization',
      ...(await input({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: sandbox.startUrl })),
    ]);
    const tokenInput = await input({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode });
    const pending = await run(['sso-oidc', 'create-token', ...tokenInput]);
    expect(pending.code).not.toBe(0);
    expect(pending.stderr).toContain('AuthorizationPendingException');

    sandbox.admin.approveDevice(device.userCode, DEMO_USER);
    const token = await json<{ accessToken: string; tokenType: string; expiresIn: number }>(['sso-oidc', 'create-token', ...tokenInput]);
    expect(token.tokenType).toBe('Bearer');
    accessToken = token.accessToken;
  });

  it('lists accounts and roles and gets role credentials with the sso commands', async () => {
    // Independent calls run side by side: each one is a Python start-up.
    const [accounts, roles, refused] = await Promise.all([
      input({ accessToken }).then((parameters) => json<{ accountList: Array<{ accountId: string }> }>(['sso', 'list-accounts', ...parameters])),
      input({ accessToken, accountId: PROD }).then((parameters) => json<{ roleList: Array<{ roleName: string }> }>(['sso', 'list-account-roles', ...parameters])),
      input({ accessToken: 'not-a-token' }).then((parameters) => run(['sso', 'list-accounts', ...parameters])),
    ]);
    expect(accounts.accountList.map((account) => account.accountId)).toHaveLength(3);
    // The portal lists permission-set names, as real Identity Center does.
    expect(roles.roleList.map((role) => role.roleName)).toEqual(['AdministratorAccess', 'ReadOnly']);
    const credentials = await json<RoleCredentials>(['sso', 'get-role-credentials', ...(await input({ accessToken, accountId: PROD, roleName: roles.roleList[0]?.roleName }))]);
    expect(credentials.roleCredentials.accessKeyId).toMatch(/^ASIA/);
    expect(credentials.roleCredentials.expiration).toBeGreaterThan(Date.now());

    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('UnauthorizedException');
  });

  it('calls sts get-caller-identity and the eks commands with those credentials', async () => {
    const asAdmin = async (account: string) => {
      const role = 'AdministratorAccess';
      const { roleCredentials } = await json<RoleCredentials>(['sso', 'get-role-credentials', ...(await input({ accessToken, accountId: account, roleName: role }))]);
      return { AWS_ACCESS_KEY_ID: roleCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: roleCredentials.secretAccessKey, AWS_SESSION_TOKEN: roleCredentials.sessionToken };
    };
    const [prod, dev] = await Promise.all([asAdmin(PROD), asAdmin(DEV)]);
    const [identity, listed, described, token] = await Promise.all([
      json<{ Account: string; Arn: string }>(['sts', 'get-caller-identity'], prod),
      json<{ clusters: string[] }>(['eks', 'list-clusters'], prod),
      json<{ cluster: { endpoint: string; status: string; certificateAuthority: { data: string } } }>(['eks', 'describe-cluster', '--name', 'prod-api'], prod),
      json<{ status: { token: string } }>(['eks', 'get-token', '--cluster-name', 'prod-api'], prod),
    ]);
    expect(identity.Account).toBe(PROD);
    expect(identity.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/${ssoRoleName(sandbox.startUrl, 'AdministratorAccess', PROD)}/${DEMO_USER}`);
    expect(listed.clusters).toEqual(['prod-api']);
    expect(described.cluster.status).toBe('ACTIVE');
    expect(described.cluster.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(described.cluster.certificateAuthority.data.length).toBeGreaterThan(100);

    // `aws eks get-token` presigns against the sandbox's STS; replaying it as the authenticator does works.
    const presigned = Buffer.from(token.status.token.replace(/^k8s-aws-v1\./, ''), 'base64url').toString('utf8');
    expect(presigned.startsWith(`${sandbox.env.AWS_ENDPOINT_URL_STS}/?`)).toBe(true);
    const replay = await fetch(presigned, { headers: { 'x-k8s-aws-id': 'prod-api', accept: 'application/json' } });
    expect(replay.status).toBe(200);
    const other = await fetch(presigned, { headers: { 'x-k8s-aws-id': 'dev-shared', accept: 'application/json' } });
    expect(other.status).toBe(403);

    const principalArn = `arn:aws:iam::${DEV}:role/aws-reserved/sso.amazonaws.com/eu-west-1/${ssoRoleName(sandbox.startUrl, 'ReadOnly', DEV)}`;
    const created = await json<{ accessEntry: { principalArn: string } }>(['eks', 'create-access-entry', '--cluster-name', 'dev-shared', '--principal-arn', principalArn], dev);
    expect(created.accessEntry.principalArn).toBe(principalArn);
    const associated = await json<{ associatedAccessPolicy: { policyArn: string; accessScope: { type: string; namespaces: string[] } } }>(
      [
        'eks',
        'associate-access-policy',
        '--cluster-name',
        'dev-shared',
        '--principal-arn',
        principalArn,
        '--policy-arn',
        'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
        '--access-scope',
        'type=namespace,namespaces=team-b',
      ],
      dev,
    );
    expect(associated.associatedAccessPolicy.accessScope).toEqual({ type: 'namespace', namespaces: ['team-b'] });
    const entries = await json<{ accessEntries: string[] }>(['eks', 'list-access-entries', '--cluster-name', 'dev-shared'], dev);
    expect(entries.accessEntries).toContain(principalArn);

    const duplicate = await run(['eks', 'create-access-entry', '--cluster-name', 'dev-shared', '--principal-arn', principalArn], dev);
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toContain('ResourceInUseException');
  });
});
