// `eks-sso status` through the installed command runs from one CommonJS file
// (dist/cli/light/status.cjs): it must answer exactly as the main build does, fail the same
// way, and hold no copy of what it loads lazily (those imports point into the main build).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/repo.js';
import { cliPath, ensureCli } from './kube/kube-env.js';

const bin = path.join(repoRoot, 'bin', 'eks-sso.cjs');
const light = path.join(path.dirname(cliPath), 'light', 'status.cjs');
let home: string;
let env: NodeJS.ProcessEnv;

function run(script: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { env, timeout: 60_000 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err });
    });
  });
}

beforeAll(async () => {
  ensureCli();
  home = await mkdtemp(path.join(tmpdir(), 'eks-sso-light-'));
  env = { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), AWS_CONFIG_FILE: path.join(home, 'aws-config') };
  await writeFile(env.AWS_CONFIG_FILE!, '[sso-session work]\nsso_start_url = https://d-abc123.awsapps.com/start\nsso_region = us-west-2\n');
  const cache = path.join(home, '.aws', 'sso', 'cache');
  await mkdir(cache, { recursive: true });
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  // sha1("work").json, as `aws sso login --sso-session work` writes it.
  await writeFile(
    path.join(cache, `${createHash('sha1').update('work').digest('hex')}.json`),
    JSON.stringify({ startUrl: 'https://d-abc123.awsapps.com/start', region: 'us-west-2', accessToken: 'SECRET-ACCESS', expiresAt: iso(Date.now() + 40 * 60_000), clientId: 'c', clientSecret: 'SECRET-CLIENT', registrationExpiresAt: iso(Date.now() + 86_400_000), refreshToken: 'SECRET-REFRESH' }),
    { mode: 0o600 },
  );
}, 120_000);
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('eks-sso status from the light bundle', () => {
  it('answers as the main build does, without a secret', async () => {
    const fromMain = await run(cliPath, ['status', '--json']);
    const fromBin = await run(bin, ['status', '--json']);
    expect(fromBin.code, fromBin.err).toBe(0);
    expect(fromBin.err).toBe('');
    expect(fromBin.out).not.toContain('SECRET');
    const sessions = (out: string) => (JSON.parse(out) as { sessions: unknown[] }).sessions;
    expect(sessions(fromBin.out)).toEqual(sessions(fromMain.out));
    expect(sessions(fromBin.out)).toEqual([expect.objectContaining({ name: 'work', status: 'signed-in', region: 'us-west-2' })]);
    const text = await run(bin, ['status']);
    expect(text.out).toMatch(/^SESSION\s+STATUS/);
    expect(text.out).toMatch(/\nwork\s+signed-in\s+https:\/\/d-abc123\.awsapps\.com\/start\s+us-west-2/);
  });

  it('fails the same way, in one line, and leaves other commands to the main build', async () => {
    const bad = await run(bin, ['status', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toEqual([expect.stringMatching(/^eks-sso: unknown option '--bogus'\. Usage: eks-sso status/)]);
    expect((await run(bin, ['status', '--help'])).out).toMatch(/^usage: eks-sso status \[--json\]/);
    expect((await run(bin, ['version'])).out.trim()).toMatch(/^eks-sso \d+\.\d+\.\d+/);
  });

  it('copies in nothing it would load lazily: those imports point at files of the main build', async () => {
    const text = await readFile(light, 'utf8');
    const lazy = [...text.matchAll(/import\("([^"]+)"\)/g)].map((match) => match[1]!);
    expect(lazy.length).toBeGreaterThan(0);
    for (const specifier of lazy.filter((specifier) => !specifier.startsWith('node:'))) {
      expect(specifier).toMatch(/^\.\.\/chunks\//);
      expect(existsSync(path.join(path.dirname(light), specifier)), specifier).toBe(true);
    }
    // The sign-in flows (the PKCE listener) stay out of it, and so does the AWS SDK (megabytes).
    expect(text).not.toContain('createServer');
    expect(text.length).toBeLessThan(150_000);
  });
});

describe('isCoreError', () => {
  it('recognises a CoreError made by another copy of the module (a lazily loaded build)', async () => {
    const first = await import('../../main/core/errors.js');
    vi.resetModules();
    const second = await import('../../main/core/errors.js');
    expect(second.CoreError).not.toBe(first.CoreError);
    const error = new first.CoreError('network', 'the portal is unreachable', { hint: 'Check your connection' });
    expect(second.isCoreError(error)).toBe(true);
    expect(second.isCoreError(new Error('plain'))).toBe(false);
    expect(second.isCoreError({ code: 'network' })).toBe(false);
  });
});
