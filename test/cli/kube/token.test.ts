// `eks-sso token` as kubectl runs it: a separate process printing an ExecCredential, from the
// role credential cache when it can, through the portal when it must, and one exact line on
// stderr when the SSO session has expired.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startSandbox, validateScenario, type SandboxHandle } from '../../../sandbox/index.js';
import { mintEksToken } from '../../../main/core/eks/token.js';
import { readCachedRoleCredentials, tokenFilePath } from '../../../main/core/sso/index.js';
import { createFileSecretStore, secretsDir } from '../../../main/core/secrets/file-secret-store.js';
import { systemClock } from '../../../main/core/context.js';
import { distDir } from '../../helpers/repo.js';
import { SMALL_ORG } from '../../core/sso/sandbox-context.js';
import { cliPath, eksSso, ensureCli, signIn, temporaryHome } from './kube-env.js';

// Real processes (node, kubectl, aws) on a shared 2-core machine: allow for slow starts.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const SESSION = 'org';
let sandbox: SandboxHandle;
let home: string;
let env: NodeJS.ProcessEnv;
let roleName: string;

interface ExecCredential {
  kind: string;
  apiVersion: string;
  spec: object;
  status: { expirationTimestamp: string; token: string };
}

function args(role: string): string[] {
  return ['token', '--session', SESSION, '--account', '111111111111', '--role', role, '--region', 'eu-west-1', '--cluster', 'payments'];
}

beforeAll(async () => {
  ensureCli();
  sandbox = await startSandbox(validateScenario(SMALL_ORG));
  ({ home, env } = await temporaryHome(sandbox));
  await signIn(sandbox, env, SESSION, 'alice@example.com');
  const listed = await eksSso(['accounts', '--session', SESSION, '--json'], env);
  const accounts = JSON.parse(listed.stdout) as { accounts: Array<{ accountId: string; roles: string[] }> };
  roleName = accounts.accounts.find((account) => account.accountId === '111111111111')!.roles[0]!;
});
afterAll(async () => {
  await sandbox?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('eks-sso token', () => {
  it('fetches role credentials once, then answers from the cache with the token aws eks get-token would print', async () => {
    sandbox.admin.clearRequestLog();
    const first = await eksSso(args(roleName), env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(sandbox.admin.counts().GetRoleCredentials).toBe(1);

    const second = await eksSso(args(roleName), env);
    expect(second.code).toBe(0);
    expect(sandbox.admin.counts().GetRoleCredentials).toBe(1);

    const credential = JSON.parse(second.stdout) as ExecCredential;
    expect(credential).toMatchObject({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1beta1', spec: {} });
    const url = new URL(Buffer.from(credential.status.token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8'));
    expect(`${url.protocol}//${url.host}`).toBe(new URL(sandbox.env.AWS_ENDPOINT_URL_STS!).origin);
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');

    // Same credentials and signing time → the very same token (the signer is deterministic).
    const context = { secrets: createFileSecretStore(secretsDir(env)), clock: systemClock };
    const cached = await readCachedRoleCredentials(context, { session: SESSION, accountId: '111111111111', roleName });
    expect(cached).not.toBeNull();
    const date = url.searchParams.get('X-Amz-Date')!;
    const signedAt = Date.parse(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
    const expected = mintEksToken(cached!, { region: 'eu-west-1', clusterName: 'payments', stsEndpoint: sandbox.env.AWS_ENDPOINT_URL_STS!, now: signedAt });
    expect(credential.status.token).toBe(expected.token);
    expect(credential.status.expirationTimestamp).toBe(expected.expirationTimestamp);
    expect(Date.parse(credential.status.expirationTimestamp) - signedAt).toBe(14 * 60 * 1000);

    // Nothing secret leaves the process except inside the signed URL (never the secret key).
    for (const output of [first.stdout + first.stderr, second.stdout + second.stderr]) {
      expect(output).not.toContain(cached!.secretAccessKey);
    }
  });

  it('answers in the ExecCredential version kubectl asks for', async () => {
    const result = await eksSso(args(roleName), { ...env, KUBERNETES_EXEC_INFO: JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', spec: { interactive: false } }) });
    expect((JSON.parse(result.stdout) as ExecCredential).apiVersion).toBe('client.authentication.k8s.io/v1');
  });

  it('prints one line and exits 1 when the SSO session has expired, opening nothing', async () => {
    await rm(secretsDir(env), { recursive: true, force: true });
    const tokenFile = tokenFilePath(env, SESSION);
    const token = JSON.parse(await readFile(tokenFile, 'utf8')) as Record<string, unknown>;
    // Expired, and no refresh can carry it further.
    await writeFile(tokenFile, JSON.stringify({ ...token, expiresAt: '2020-01-01T00:00:00Z', refreshToken: undefined }));
    sandbox.admin.clearRequestLog();
    const result = await eksSso(args(roleName), { ...env, BROWSER: '/bin/false' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`SSO session "${SESSION}" expired; sign in from the tray or run: eks-sso login --session ${SESSION}\n`);
    expect(sandbox.admin.counts().StartDeviceAuthorization ?? 0).toBe(0);

    // The same when the portal says the session is over (expired on the server side).
    await writeFile(tokenFile, JSON.stringify(token));
    sandbox.admin.expireSession('alice@example.com');
    const revoked = await eksSso(args(roleName), env);
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toBe(`SSO session "${SESSION}" expired; sign in from the tray or run: eks-sso login --session ${SESSION}\n`);
  });

  it('refuses missing options with one usage line', async () => {
    const result = await eksSso(['token', '--session', SESSION], env);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('missing --account, --role, --region, --cluster');
  });

  it('loads no AWS SDK, YAML or schema code on the cached path (static imports of its bundle chunk)', async () => {
    const entry = await readFile(cliPath, 'utf8');
    const tokenChunk = /token:\s*\(\)\s*=>\s*import\("\.\/(chunks\/token-[A-Z0-9]+\.js)"\)/.exec(entry)?.[1];
    expect(tokenChunk).toBeDefined();
    const seen = new Set<string>();
    const pending = [path.join(distDir, 'cli', tokenChunk!)];
    let text = '';
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const source = await readFile(file, 'utf8');
      text += source;
      // Static imports only (`import{a}from"./x.js"`, `import"./x.js"`, minified or not):
      // `import(...)` (the portal refresh) is loaded on demand.
      for (const match of source.matchAll(/(?:^|[;\n])\s*(?:import|export)\b(?:[^;"'()]*?from)?\s*"(\.[^"]+)"/g)) pending.push(path.resolve(path.dirname(file), match[1]!));
    }
    // A handful of small chunks: what a kubectl call costs to load.
    expect(seen.size).toBeGreaterThan(1);
    expect(seen.size).toBeLessThan(12);
    expect(text.length).toBeLessThan(100_000);
    // The bundles are minified but keep names: these appear wherever those libraries are bundled.
    const libraries = /getSmithyContext|"@aws-sdk\/|\bYAMLMap\b|\bZodError\b/;
    expect(text).not.toMatch(libraries);
    const everything = (await Promise.all((await readdir(path.join(distDir, 'cli', 'chunks'))).filter((name) => name.endsWith('.js')).map((name) => readFile(path.join(distDir, 'cli', 'chunks', name), 'utf8')))).join('\n');
    expect(everything).toMatch(libraries);
    expect(text).toContain('k8s-aws-v1.');
  });
});
