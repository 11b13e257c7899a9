import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runEksSso } from './run-cli.js';

let home: string;
let env: NodeJS.ProcessEnv;
const cacheDir = () => path.join(home, '.aws', 'sso', 'cache');

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'eks-sso-status-'));
  env = { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') };
  await mkdir(cacheDir(), { recursive: true });
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

describe('eks-sso status', () => {
  it('picks up a sign-in the AWS CLI v2 wrote for an sso-session, without printing secrets', async () => {
    await mkdir(path.join(home, '.aws'), { recursive: true });
    await writeFile(
      path.join(home, '.aws', 'config'),
      '[sso-session admin]\nsso_start_url = https://d-abc123.awsapps.com/start\nsso_region = us-west-2\nsso_registration_scopes = sso:account:access\n',
    );
    const expiresAt = Date.now() + 50 * 60 * 1000;
    // Exactly what `aws sso login --sso-session admin` leaves: sha1("admin").json, CLI field order and format.
    await writeFile(
      path.join(cacheDir(), 'd033e22ae348aeb5660fc2140aec35850c4da997.json'),
      JSON.stringify({
        startUrl: 'https://d-abc123.awsapps.com/start',
        region: 'us-west-2',
        accessToken: 'SECRET-ACCESS-TOKEN',
        expiresAt: isoSeconds(expiresAt),
        clientId: 'client-id',
        clientSecret: 'SECRET-CLIENT-SECRET',
        registrationExpiresAt: isoSeconds(Date.now() + 80 * 86_400_000),
        refreshToken: 'SECRET-REFRESH-TOKEN',
      }),
      { mode: 0o600 },
    );
    const { code, out, err } = await runEksSso(['status', '--json'], env);
    expect(code, err).toBe(0);
    expect(out + err).not.toContain('SECRET');
    const status = JSON.parse(out) as { sessions: Array<Record<string, unknown>> };
    expect(status.sessions).toEqual([
      expect.objectContaining({
        name: 'admin',
        status: 'signed-in',
        startUrl: 'https://d-abc123.awsapps.com/start',
        region: 'us-west-2',
        accessTokenExpiresAt: Math.floor(expiresAt / 1000) * 1000,
        // Signed in by another tool: the end is estimated from when we first saw it (default 8 h).
        sessionEndEstimated: true,
      }),
    ]);
    expect(status.sessions[0]!.sessionEndsAt).toBeGreaterThan(Date.now() + 7 * 3_600_000);
    const text = await runEksSso(['status'], env);
    expect(text.out).toMatch(/admin\s+signed-in\s+https:\/\/d-abc123\.awsapps\.com\/start\s+us-west-2/);
    expect(text.out).not.toContain('SECRET');
  });

  it('reads a legacy sha1(start URL) file with an old `UTC` timestamp as an expired session', async () => {
    await writeFile(
      path.join(cacheDir(), '40a89917e3175433e361b710a9d43528d7f1890a.json'),
      JSON.stringify({ startUrl: 'https://d-abc123.awsapps.com/start', region: 'us-west-2', accessToken: 'x', expiresAt: '2020-10-18T03:52:38UTC' }),
    );
    const { code, out } = await runEksSso(['status', '--json'], env);
    expect(code).toBe(0);
    const status = JSON.parse(out) as { sessions: Array<Record<string, unknown>> };
    expect(status.sessions).toEqual([
      expect.objectContaining({ name: 'd-abc123', status: 'expired', accessTokenExpiresAt: Date.UTC(2020, 9, 18, 3, 52, 38), sessionEndsAt: Date.UTC(2020, 9, 18, 3, 52, 38) }),
    ]);
  });

  it('warns about a corrupted cache file, keeps it, and still answers', async () => {
    await mkdir(path.join(home, '.aws'), { recursive: true });
    await writeFile(path.join(home, '.aws', 'config'), '[sso-session admin]\nsso_start_url = https://d-abc123.awsapps.com/start\nsso_region = us-west-2\n');
    const broken = path.join(cacheDir(), 'd033e22ae348aeb5660fc2140aec35850c4da997.json');
    await writeFile(broken, '{"startUrl": "https://d-abc123.awsapps.com/start", "accessTo');
    const { code, out, err } = await runEksSso(['status'], env);
    expect(code).toBe(0);
    expect(out).toMatch(/admin\s+signed-out/);
    expect(err).toContain(`warning: ignoring the SSO cache file ${broken}: it is not valid JSON`);
    expect(await readdir(cacheDir())).toContain('d033e22ae348aeb5660fc2140aec35850c4da997.json');
  });

  it('says how to sign in when there is no session', async () => {
    const { code, out } = await runEksSso(['status'], env);
    expect(code).toBe(0);
    expect(out).toContain('eks-sso login --start-url URL --region REGION');
  });

  it('refuses a malformed start URL and an unknown region in one line with a hint', async () => {
    const bad = await runEksSso(['login', '--start-url', 'd-abc123.awsapps.com', '--region', 'us-east-1', '--no-browser'], env);
    expect(bad.code).toBe(1);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/^eks-sso: "d-abc123\.awsapps\.com" is not a valid start URL.*https:\/\/d-1234567890\.awsapps\.com\/start/);
    const region = await runEksSso(['login', '--start-url', 'https://d-abc123.awsapps.com/start', '--region', 'us-east-9', '--no-browser'], env);
    expect(region.code).toBe(1);
    expect(region.err).toMatch(/^eks-sso: unknown region "us-east-9"\. Check the region/);
  });
});
