// The built `eks-sso sandbox` command: prints the exports, writes the state file, serves on
// random or given ports, auto-approves sign-ins, stops cleanly on SIGTERM and SIGINT, and names
// the file, line and field of a bad scenario.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ListAccountsCommand } from '@aws-sdk/client-sso';
import { distDir, repoRoot } from '../helpers/repo.js';
import { portalClient, signInByPolling } from './helpers/clients.js';

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

/** A base port where `count` consecutive loopback ports are free (checking `from` first when given). */
async function freePortRun(count: number, from?: number): Promise<number> {
  const bindable = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = attempt === 0 && from !== undefined ? from : 20_000 + Math.floor(Math.random() * 40_000);
    let free = true;
    for (let offset = 0; offset < count && free; offset++) free = await bindable(base + offset);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
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

  it('starts on the given --port (OIDC, portal, STS, IAM, EKS, admin on the six ports from it), approves as --auto-approve=USER, and stops on SIGINT', async () => {
    const base = await freePortRun(6);
    const stateFile = path.join(folder, 'state-port.json');
    const run = start(['--port', String(base), '--auto-approve=bob@example.com', '--state-file', stateFile]);
    try {
      await until(() => run.output().includes('Press Ctrl-C to stop'), 'the exports');
      const exports = Object.fromEntries([...run.output().matchAll(/^export (AWS_ENDPOINT_URL_[A-Z_]+)=(\S+)$/gm)].map((match) => [match[1], match[2]]));
      expect(exports).toEqual({
        AWS_ENDPOINT_URL_SSO_OIDC: `http://127.0.0.1:${base}`,
        AWS_ENDPOINT_URL_SSO: `http://127.0.0.1:${base + 1}`,
        AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${base + 2}`,
        AWS_ENDPOINT_URL_IAM: `http://127.0.0.1:${base + 3}`,
        AWS_ENDPOINT_URL_EKS: `http://127.0.0.1:${base + 4}`,
      });
      expect(run.output()).toContain(`# Admin API: http://127.0.0.1:${base + 5}`);
      expect(run.output()).toContain('approved automatically as bob@example.com');

      const state = JSON.parse(await readFile(stateFile, 'utf8')) as { startUrl: string; region: string; env: Record<string, string>; adminUrl: string };
      expect(state.adminUrl).toBe(`http://127.0.0.1:${base + 5}`);
      const accessToken = await signInByPolling(state);
      // bob is assigned to one account only; the demo's first user has three.
      const accounts = await portalClient(state).send(new ListAccountsCommand({ accessToken }));
      expect(accounts.accountList?.map((account) => account.accountId)).toEqual(['222222222222']);
      const log = (await (await fetch(`${state.adminUrl}/requests`)).json()) as { requests: Array<{ operation: string; user?: string }> };
      expect(log.requests.filter((entry) => entry.operation === 'ListAccounts').map((entry) => entry.user)).toEqual(['bob@example.com']);

      run.child.kill('SIGINT');
      expect(await run.exited).toBe(0);
      expect(run.errors()).toBe('eks-sso: sandbox stopped\n');
      expect(existsSync(stateFile)).toBe(false);
      // Every port is free again.
      expect(await freePortRun(6, base)).toBe(base);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  });

  it.each([
    {
      problem: 'an unquoted Kubernetes version',
      cluster: '    version: 1.30\n',
      line: 10,
      field: 'clusters[0].version',
      message: /expected a quoted version such as "1\.31"/,
    },
    {
      problem: 'a misspelt field',
      cluster: '    version: "1.30"\n    authMode: API\n',
      line: 11,
      field: 'clusters[0].authMode',
      message: /unknown field "authMode"/,
    },
  ])('fails with one line naming the file, the line and the field of a scenario with $problem', async ({ cluster, line, field, message }) => {
    const file = path.join(folder, `bad-${line}.yaml`);
    await writeFile(
      file,
      `identityCenter: { region: eu-west-1, startUrl: "https://d-9000000004.awsapps.com/start" }
users: [{ name: ana@example.com }]
accounts: [{ id: "111111111111", name: one }]
permissionSets: [{ name: Admin, actions: ["*"] }]
assignments: [{ user: ana@example.com, account: "111111111111", permissionSet: Admin }]
clusters:
  - name: broken
    account: "111111111111"
    region: eu-west-1
${cluster}`,
    );
    const run = start(['--scenario', file]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toBe('');
    const lines = run.errors().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`eks-sso: ${file}: scenario line ${line}: ${field}: `);
    expect(lines[0]).toMatch(message);
  });

  it('fails with one line for a --generate spec out of range', async () => {
    const run = start(['--generate', 'accounts=0']);
    expect(await run.exited).toBe(1);
    expect(run.errors().trim().split('\n')).toHaveLength(1);
    expect(run.errors()).toMatch(/^eks-sso: accounts must be a whole number/);
  });
});
