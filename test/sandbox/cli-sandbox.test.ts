// The built `eks-sso sandbox` command: prints the exports, writes the state file, serves, and
// stops cleanly on SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { distDir, repoRoot } from '../helpers/repo.js';

const cli = path.join(distDir, 'cli', 'eks-sso.js');
let folder: string;

beforeAll(async () => {
  if (!existsSync(cli)) execFileSync(process.execPath, ['scripts/build.js', 'cli'], { cwd: repoRoot, stdio: 'ignore' });
  folder = await mkdtemp(path.join(os.tmpdir(), 'eks-sso-sandbox-cli-'));
}, 120_000);
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function start(args: string[]): { child: ChildProcess; output: () => string; errors: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [cli, 'sandbox', ...args], { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => stdout, errors: () => stderr, exited };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 50) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('eks-sso sandbox', () => {
  it('prints the exports, writes the state file, answers, logs requests with --verbose, and stops on SIGTERM', async () => {
    const stateFile = path.join(folder, 'state.json');
    const run = start(['--state-file', stateFile, '--auto-approve', '--verbose']);
    try {
      await until(() => run.output().includes('Press Ctrl-C to stop'), 'the exports');
      const exports = Object.fromEntries([...run.output().matchAll(/^export (AWS_ENDPOINT_URL_[A-Z_]+)=(\S+)$/gm)].map((match) => [match[1], match[2]]));
      expect(Object.keys(exports).sort()).toEqual(['AWS_ENDPOINT_URL_EKS', 'AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC', 'AWS_ENDPOINT_URL_STS']);
      expect(run.output()).toContain('# Start URL: https://d-93670c0ffee.awsapps.com/start');
      expect(run.output()).toContain('# Region:    eu-west-1');
      expect(run.output()).toContain('approved automatically as demo@example.com');

      const state = JSON.parse(await readFile(stateFile, 'utf8')) as { startUrl: string; region: string; env: Record<string, string>; adminUrl: string };
      expect(state.env).toEqual(exports);
      expect(state.region).toBe('eu-west-1');
      const summary = (await (await fetch(state.adminUrl)).json()) as { startUrl: string };
      expect(summary.startUrl).toBe(state.startUrl);
      const unsigned = await fetch(`${exports.AWS_ENDPOINT_URL_EKS}/clusters`);
      expect(unsigned.status).toBe(403);
      await until(() => run.errors().includes('eks-sso: sandbox: eks ListClusters 403 MissingAuthenticationTokenException'), 'the --verbose request line');

      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(run.errors()).toContain('sandbox stopped');
      expect(existsSync(stateFile)).toBe(false);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  });

  it('fails with one line naming the field and line of a bad scenario', async () => {
    const run = start(['--generate', 'accounts=0']);
    expect(await run.exited).toBe(1);
    expect(run.errors().trim().split('\n')).toHaveLength(1);
    expect(run.errors()).toMatch(/^eks-sso: accounts must be a whole number/);
  });
});
