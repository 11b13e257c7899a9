// README "Point kubectl at a sandbox cluster": its shell recipe, run as written with the aws
// CLI v1 and kubectl against the demo sandbox. Only the secrets are fed differently: the access
// token through --cli-input-json (never on a command line in tests) and the role credentials
// through the environment, where the recipe's `export` line puts them.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/index.js';
import type { SandboxHandle } from '../../../sandbox/index.js';
import { repoRoot } from '../../helpers/repo.js';
import { signIn } from '../helpers/clients.js';
import { DEMO_USER, demoYaml } from '../helpers/demo.js';
import { AWS_CLI, KUBECTL, run } from './real-clients.js';

const CREDENTIALS_EXPORT = 'export AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… AWS_SESSION_TOKEN=…';

/** The first sh block of the section, with continuation lines joined. */
async function recipe(): Promise<string[]> {
  const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('## Point kubectl at a sandbox cluster');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (start < 0 || block === undefined) throw new Error('README has no recipe under "Point kubectl at a sandbox cluster"');
  return block.replace(/\\\n\s*/g, '').split('\n').filter((line) => line.trim() !== '');
}

let sandbox: SandboxHandle;
let home: string;

describe.skipIf(!AWS_CLI || !KUBECTL)('the README recipe for kubectl', () => {
  beforeAll(async () => {
    sandbox = await startSandbox(demoYaml);
    home = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-readme-recipe-'));
    await mkdir(path.join(home, '.aws'), { mode: 0o700 });
    await writeFile(path.join(home, '.aws', 'config'), '[default]\ncli_follow_urlparam = false\n', { mode: 0o600 });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('gets role credentials for the cluster account, writes a kubeconfig and lists the nodes as admin', async () => {
    const lines = await recipe();
    const getCredentials = lines[0] ?? '';
    expect(getCredentials).toMatch(/^aws sso get-role-credentials --access-token TOKEN /);
    expect(lines[1]).toBe(CREDENTIALS_EXPORT);

    const { accessToken } = await signIn(sandbox, DEMO_USER);
    const input = path.join(home, 'token.json');
    await writeFile(input, JSON.stringify({ accessToken }), { mode: 0o600 });
    const env = { HOME: home, ...sandbox.env, AWS_EC2_METADATA_DISABLED: 'true' } as Record<string, string>;
    const fetched = await run('bash', ['-c', getCredentials.replace('--access-token TOKEN', `--cli-input-json file://${input}`)], env);
    expect(fetched.stderr).toBe('');
    const { roleCredentials } = JSON.parse(fetched.stdout) as { roleCredentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string } };

    // The recipe's kubeconfig path, moved into this test's own folder.
    const written = lines.find((line) => line.startsWith('export KUBECONFIG='))?.slice('export KUBECONFIG='.length) ?? '';
    expect(written).not.toBe('');
    const script = lines.slice(2).map((line) => line.replaceAll(written, path.join(home, 'kubeconfig'))).join('\n');
    const rest = await run('bash', ['-e', '-c', script], {
      ...env,
      AWS_ACCESS_KEY_ID: roleCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: roleCredentials.secretAccessKey,
      AWS_SESSION_TOKEN: roleCredentials.sessionToken,
    }, 120_000);
    expect(rest.stderr).toBe('');
    expect(rest.code).toBe(0);
    expect(rest.stdout).toContain('Added new context arn:aws:eks:eu-west-1:222222222222:cluster/dev-shared');
    expect(rest.stdout).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\nip-10-0-1-17\.eu-west-1\.compute\.internal\s+Ready/m);
    expect(rest.stdout).toMatch(/^Username\s+arn:aws:sts::222222222222:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/demo-example\.com$/m);
    expect(rest.stdout).toMatch(/^ {2}name: aws-auth\n {2}namespace: kube-system$/m);
  }, 180_000);
});
