// Sign-in against the sandbox's SSO OIDC with the real SDK: device flow, registration reuse,
// denial, cancellation, expiry of the device code, and the PKCE flow.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { startSandbox, validateScenario, type SandboxHandle } from '../../../sandbox/index.js';
import { createSso, type LoginPrompt } from '../../../main/core/sso/index.js';
import { registrationCacheKey } from '../../../main/core/sso/cache-keys.js';
import { sandboxContext, SMALL_ORG, type TestContext } from './sandbox-context.js';
import { rejection } from '../../helpers/rejection.js';

let sandbox: SandboxHandle;
let current: TestContext | undefined;

beforeAll(async () => {
  sandbox = await startSandbox(validateScenario(SMALL_ORG));
});
afterAll(async () => {
  await sandbox?.close();
});
afterEach(async () => {
  await current?.cleanup();
  current = undefined;
});

async function setup(options: Parameters<typeof sandboxContext>[1] = {}) {
  current = await sandboxContext(sandbox.env, options);
  return current;
}

const approveAs = (user: string) => (prompt: LoginPrompt) => {
  // Approve a moment later, as a person would, while the product is polling.
  setTimeout(() => sandbox.admin.approveDevice(prompt.userCode!, user), 50);
};

describe('device-code sign-in', () => {
  it('signs in, writes the CLI-format token and registration caches 0600, and records the sso-session', async () => {
    const { context, home, opened } = await setup();
    const prompts: LoginPrompt[] = [];
    const sso = createSso(context);
    const startedAt = Date.now();
    const state = await sso.login({
      startUrl: sandbox.startUrl,
      region: sandbox.region,
      onPrompt: (prompt) => {
        prompts.push(prompt);
        approveAs('alice@example.com')(prompt);
      },
    });
    expect(state).toMatchObject({ name: 'd-9067aaaaaa', status: 'signed-in', startUrl: sandbox.startUrl, region: 'eu-west-1', sessionEndEstimated: false });
    // The portal session's default 8 hours, counted from the sign-in.
    expect(state.sessionEndsAt).toBeGreaterThanOrEqual(startedAt + 8 * 3_600_000);
    expect(state.sessionEndsAt).toBeLessThanOrEqual(Date.now() + 8 * 3_600_000);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]!.userCode).toMatch(/\S/);
    expect(prompts[0]!.startUrl).toBe(sandbox.startUrl);
    expect(opened).toEqual([prompts[0]!.verificationUriComplete]);

    const cacheDir = path.join(home, '.aws', 'sso', 'cache');
    expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
    const tokenFile = path.join(cacheDir, `${createHash('sha1').update('d-9067aaaaaa').digest('hex')}.json`);
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    const token = JSON.parse(await readFile(tokenFile, 'utf8')) as Record<string, string>;
    expect(Object.keys(token)).toEqual(['startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken']);
    expect(token.expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(token.registrationExpiresAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Date.parse(token.expiresAt!)).toBe(state.accessTokenExpiresAt);

    const registrationFile = path.join(
      cacheDir,
      `${registrationCacheKey({ startUrl: sandbox.startUrl, region: 'eu-west-1', scopes: ['sso:account:access'], sessionName: 'd-9067aaaaaa' })}.json`,
    );
    const registration = JSON.parse(await readFile(registrationFile, 'utf8')) as Record<string, unknown>;
    expect(registration).toEqual({ clientId: token.clientId, clientSecret: token.clientSecret, expiresAt: token.registrationExpiresAt, scopes: ['sso:account:access'] });
    expect((await readdir(cacheDir)).filter((name) => name.endsWith('.tmp') || name.endsWith('.lock'))).toEqual([]);

    const config = await readFile(path.join(home, '.aws', 'config'), 'utf8');
    expect(config).toBe(`[sso-session d-9067aaaaaa]\nsso_start_url = ${sandbox.startUrl}\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n`);
    expect(await sso.sessions()).toEqual([{ name: 'd-9067aaaaaa', startUrl: sandbox.startUrl, region: 'eu-west-1' }]);
  });

  it('signs in to the session `aws configure sso` already made for this start URL', async () => {
    const { context, home } = await setup();
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(path.join(home, '.aws'));
    const cliConfig = `[profile dev]\nsso_session = my-sso\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\n\n[sso-session my-sso]\nsso_start_url = ${sandbox.startUrl}/\nsso_region = eu-west-1\n`;
    await writeFile(path.join(home, '.aws', 'config'), cliConfig);
    const state = await createSso(context).login({ startUrl: sandbox.startUrl, region: sandbox.region, openBrowser: false, onPrompt: approveAs('alice@example.com') });
    expect(state.name).toBe('my-sso');
    expect(state.startUrl).toBe(`${sandbox.startUrl}/`);
    await stat(path.join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('my-sso').digest('hex')}.json`));
    expect(await readFile(path.join(home, '.aws', 'config'), 'utf8')).toBe(`${cliConfig}sso_registration_scopes = sso:account:access\n`);
  });

  it('reuses the cached client registration on the next sign-in', async () => {
    const { context } = await setup();
    const sso = createSso(context);
    await sso.login({ session: 'work', startUrl: sandbox.startUrl, region: sandbox.region, openBrowser: false, onPrompt: approveAs('alice@example.com') });
    const before = sandbox.admin.counts().RegisterClient ?? 0;
    await sso.login({ session: 'work', startUrl: sandbox.startUrl, region: sandbox.region, openBrowser: false, onPrompt: approveAs('alice@example.com') });
    expect(sandbox.admin.counts().RegisterClient ?? 0).toBe(before);
  });

  it('says "sign-in was denied in the browser" and writes no token', async () => {
    const { context, home } = await setup();
    const sso = createSso(context);
    const error = await rejection(
      sso.login({
        startUrl: sandbox.startUrl,
        region: sandbox.region,
        openBrowser: false,
        onPrompt: (prompt) => setTimeout(() => sandbox.admin.denyDevice(prompt.userCode!), 50),
      }),
    );
    expect(error.code).toBe('access-denied');
    expect(error.message).toBe('sign-in was denied in the browser');
    expect((await sso.sessionStates()).filter((state) => state.status !== 'signed-out')).toEqual([]);
    await expect(stat(path.join(home, '.aws', 'config'))).rejects.toThrow();
  });

  it('can be cancelled while waiting, leaving no token and no config behind', async () => {
    const { context, home } = await setup();
    const sso = createSso(context);
    const controller = new AbortController();
    const error = await rejection(
      sso.login({ startUrl: sandbox.startUrl, region: sandbox.region, openBrowser: false, signal: controller.signal, onPrompt: () => setTimeout(() => controller.abort(), 100) }),
    );
    expect(error.code).toBe('cancelled');
    const files = await readdir(path.join(home, '.aws', 'sso', 'cache'));
    for (const file of files) expect(JSON.parse(await readFile(path.join(home, '.aws', 'sso', 'cache', file), 'utf8'))).not.toHaveProperty('accessToken');
    await expect(stat(path.join(home, '.aws', 'config'))).rejects.toThrow();
  });

  it('refuses an unknown start URL with a hint', async () => {
    const { context } = await setup();
    const error = await rejection(createSso(context).login({ startUrl: 'https://d-0000000000.awsapps.com/start', region: sandbox.region, openBrowser: false }));
    expect(error.code).toBe('aws');
    expect(error.hint).toContain('start URL');
  });

  it('says the network is down when the sign-in service cannot be reached', async () => {
    const { context } = await setup({ extraEnv: { AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9' } });
    const error = await rejection(createSso(context).login({ startUrl: sandbox.startUrl, region: sandbox.region, openBrowser: false }));
    expect(error.code).toBe('network');
    expect(error.toLine()).toMatch(/^cannot reach the SSO sign-in service in eu-west-1 \(ECONNREFUSED\)\. Check your network/);
  });
});

describe('device code expiry', () => {
  let shortLived: SandboxHandle;
  beforeAll(async () => {
    shortLived = await startSandbox(validateScenario({ ...SMALL_ORG, identityCenter: { ...SMALL_ORG.identityCenter, deviceCodeLifetime: 2 } }));
  });
  afterAll(async () => {
    await shortLived?.close();
  });

  it('gives up when the code expires unapproved, with a clear message', async () => {
    const { context } = await setup();
    current = { ...current!, context: { ...context, env: { ...context.env, ...shortLived.env } } };
    const error = await rejection(createSso(current.context).login({ startUrl: shortLived.startUrl, region: shortLived.region, openBrowser: false }));
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('the sign-in code expired before it was approved');
  });
});

describe('PKCE sign-in', () => {
  it('registers for the authorization code, listens on 127.0.0.1 and exchanges the code with the real port', async () => {
    sandbox.admin.setAutoApprove('alice@example.com');
    try {
      const pages: string[] = [];
      const { context, home } = await setup({
        // A browser that follows the /authorize redirect to our loopback listener.
        openBrowser: async (url) => {
          const authorize = await fetch(url, { redirect: 'manual' });
          const location = authorize.headers.get('location')!;
          expect(new URL(location).hostname).toBe('127.0.0.1');
          pages.push(await (await fetch(location)).text());
        },
      });
      const state = await createSso(context).login({ startUrl: sandbox.startUrl, region: sandbox.region, flow: 'pkce', session: 'pkce' });
      expect(state.status).toBe('signed-in');
      expect(pages[0]).toContain('You can close this tab');
      const url = new URL(current!.opened[0]!);
      expect(url.pathname).toBe('/authorize');
      expect(url.searchParams.get('scopes')).toBe('sso:account:access');
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
      const files = await readdir(path.join(home, '.aws', 'sso', 'cache'));
      const registrations = await Promise.all(files.map(async (file) => JSON.parse(await readFile(path.join(home, '.aws', 'sso', 'cache', file), 'utf8')) as Record<string, unknown>));
      expect(registrations.find((entry) => !('accessToken' in entry))).toMatchObject({ grantTypes: ['authorization_code', 'refresh_token'] });
    } finally {
      sandbox.admin.setAutoApprove(false);
    }
  });
});
