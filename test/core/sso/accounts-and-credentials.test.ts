// Accounts, roles, role credentials, refresh, revocation and sign-out against the sandbox.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { startSandbox, validateScenario, type SandboxHandle } from '../../../sandbox/index.js';
import { createSso, readCachedRoleCredentials, tokenFilePath, type Sso } from '../../../main/core/sso/index.js';
import { readTokenFile } from '../../../main/core/sso/token-cache.js';
import { sandboxContext, SMALL_ORG, type TestContext } from './sandbox-context.js';
import { rejection } from '../../helpers/rejection.js';

let sandbox: SandboxHandle;
let current: TestContext;
let sso: Sso;
const SESSION = 'org';

beforeAll(async () => {
  sandbox = await startSandbox(validateScenario(SMALL_ORG));
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(async () => {
  sandbox.admin.clearFaults();
  sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 3600, sessionSeconds: 8 * 3600 });
  current = await sandboxContext(sandbox.env);
  sso = createSso(current.context, { portalRateLimit: 50 });
  await sso.login({
    session: SESSION,
    startUrl: sandbox.startUrl,
    region: sandbox.region,
    openBrowser: false,
    onPrompt: (prompt) => setTimeout(() => sandbox.admin.approveDevice(prompt.userCode!, 'alice@example.com'), 20),
  });
});
afterEach(async () => {
  sandbox.admin.clearFaults();
  await current.cleanup();
});

describe('accounts and roles', () => {
  it('lists every account with its roles, reports progress, and caches the result with its time', async () => {
    const progress: Array<[number, number]> = [];
    const result = await sso.accounts(SESSION, { onProgress: (done, total) => progress.push([done, total]) });
    expect(result.session).toBe(SESSION);
    // Role names as the portal gives them (permission set names on AWS), sorted.
    expect(result.accounts).toEqual([
      expect.objectContaining({ accountId: '222222222222', accountName: 'payments', roles: [expect.stringContaining('AdministratorAccess'), expect.stringContaining('ReadOnly')] }),
      expect.objectContaining({ accountId: '111111111111', accountName: 'platform', roles: [expect.stringContaining('AdministratorAccess')] }),
    ]);
    expect(result.accounts.every((account) => !account.error)).toBe(true);
    expect(progress[0]).toEqual([0, 2]);
    expect(progress.at(-1)).toEqual([2, 2]);
    const calls = sandbox.admin.counts().ListAccountRoles ?? 0;
    const cached = await sso.accounts(SESSION);
    expect(cached).toEqual(result);
    expect(sandbox.admin.counts().ListAccountRoles ?? 0).toBe(calls);
    const refreshed = await sso.accounts(SESSION, { refresh: true });
    expect(refreshed.fetchedAt).toBeGreaterThanOrEqual(result.fetchedAt);
    expect(sandbox.admin.counts().ListAccountRoles ?? 0).toBe(calls + 2);
  });

  it('rides out portal throttling with backoff, never signing in again', async () => {
    sandbox.admin.setFault('ListAccountRoles', { throttle: { rate: 2, burst: 1 } });
    sandbox.admin.clearRequestLog();
    const result = await sso.accounts(SESSION, { refresh: true });
    expect(result.accounts.every((account) => !account.error)).toBe(true);
    expect(result.accounts.map((account) => account.roles.length)).toEqual([2, 1]);
    expect(sandbox.admin.statusCounts()['ListAccountRoles 429'] ?? 0).toBeGreaterThan(0);
    const counts = sandbox.admin.counts();
    expect(counts.CreateToken ?? 0).toBe(0);
    expect(counts.RegisterClient ?? 0).toBe(0);
  });

  it('reports a failing account on that account and still lists the others', async () => {
    sandbox.admin.setFault('ListAccountRoles', { errorRate: 1 });
    const result = await sso.accounts(SESSION, { refresh: true });
    expect(result.accounts).toHaveLength(2);
    for (const account of result.accounts) {
      expect(account.roles).toEqual([]);
      expect(account.error).toMatchObject({ code: 'aws', retryable: true });
    }
  });

  it('names a revoked session (portal 401) and how to sign in again', async () => {
    sandbox.admin.revokeSession('alice@example.com');
    const error = await rejection(sso.accounts(SESSION, { refresh: true }));
    expect(error.code).toBe('session-expired');
    expect(error.toLine()).toBe(`the SSO session "${SESSION}" was revoked or has expired. Sign in again: eks-sso login --session ${SESSION}`);
  });
});

/** The portal's name for a role of an account (the permission set name on AWS). */
async function roleName(accountId: string, permissionSet: string): Promise<string> {
  const listing = await sso.accounts(SESSION);
  const role = listing.accounts.find((account) => account.accountId === accountId)?.roles.find((name) => name.includes(permissionSet));
  if (!role) throw new Error(`no ${permissionSet} role in ${accountId}`);
  return role;
}

describe('role credentials', () => {
  it('fetches once, caches behind the secret store (0600) until 5 minutes before expiry', async () => {
    const ref = { session: SESSION, accountId: '222222222222', roleName: await roleName('222222222222', 'ReadOnly') };
    const [first, second] = await Promise.all([sso.roleCredentials(ref), sso.roleCredentials(ref)]);
    expect(first).toEqual(second);
    expect(first.accessKeyId).toMatch(/^ASIA/);
    expect(first.expiration).toBeGreaterThan(Date.now() + 50 * 60 * 1000);
    expect(sandbox.admin.counts().GetRoleCredentials).toBe(1);
    expect(await sso.roleCredentials(ref)).toEqual(first);
    expect(sandbox.admin.counts().GetRoleCredentials).toBe(1);
    expect(await readCachedRoleCredentials(current.context, ref)).toEqual(first);
    const secretsDir = path.join(current.home, '.config', 'eks-sso', 'secrets');
    const [file] = await readdir(secretsDir);
    expect((await stat(path.join(secretsDir, file!))).mode & 0o777).toBe(0o600);
    expect((await stat(secretsDir)).mode & 0o777).toBe(0o700);
    // Near expiry, the cache no longer answers.
    const later = { ...current.context, clock: { ...current.context.clock, now: () => first.expiration - 4 * 60 * 1000 } };
    expect(await readCachedRoleCredentials(later, ref)).toBeNull();
  });

  it('says which role does not exist', async () => {
    const error = await rejection(sso.roleCredentials({ session: SESSION, accountId: '111111111111', roleName: 'ReadOnly' }));
    expect(error.code).toBe('access-denied');
    expect(error.message).toBe(`no access to role "ReadOnly" in account 111111111111 with session "${SESSION}"`);
  });

  it('blames the clock when the portal hands out credentials that already look expired', async () => {
    sandbox.admin.setClockOffset(-3 * 3600 * 1000);
    try {
      const error = await rejection(sso.roleCredentials({ session: SESSION, accountId: '111111111111', roleName: await roleName('111111111111', 'AdministratorAccess') }));
      expect(error.code).toBe('clock-skew');
      expect(error.toLine()).toMatch(/^this computer's clock is 180 minutes ahead of the AWS clock\. Turn on automatic date and time/);
    } finally {
      sandbox.admin.setClockOffset(0);
    }
  });
});

describe('refresh', () => {
  it('refreshes a token with less than 15 minutes left once for concurrent callers, and writes it back', async () => {
    sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 120 });
    await sso.login({
      session: SESSION,
      startUrl: sandbox.startUrl,
      region: sandbox.region,
      openBrowser: false,
      onPrompt: (prompt) => setTimeout(() => sandbox.admin.approveDevice(prompt.userCode!, 'alice@example.com'), 20),
    });
    sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 3600 });
    const file = tokenFilePath(current.context.env, SESSION);
    const before = await readTokenFile(file, current.context.logger);
    const createTokensBefore = sandbox.admin.counts().CreateToken ?? 0;
    const tokens = await Promise.all([sso.accessToken(SESSION), sso.accessToken(SESSION), sso.accessToken(SESSION)]);
    expect(new Set(tokens).size).toBe(1);
    expect(sandbox.admin.counts().CreateToken).toBe(createTokensBefore + 1);
    const after = await readTokenFile(file, current.context.logger);
    expect(before.kind === 'ok' && after.kind === 'ok').toBe(true);
    if (before.kind !== 'ok' || after.kind !== 'ok') return;
    expect(after.token.accessToken).toBe(tokens[0]);
    expect(after.token.accessToken).not.toBe(before.token.accessToken);
    expect(after.token.expiresAt).toBeGreaterThan(Date.now() + 50 * 60 * 1000);
    // A second process (a fresh instance) finds the refreshed token and does not refresh again.
    expect(await createSso(current.context).accessToken(SESSION)).toBe(tokens[0]);
    expect(sandbox.admin.counts().CreateToken).toBe(createTokensBefore + 1);
  });

  it('lets two processes that need a refresh at the same time refresh once (lock file, then re-read)', async () => {
    sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 120 });
    await sso.login({
      session: SESSION,
      startUrl: sandbox.startUrl,
      region: sandbox.region,
      openBrowser: false,
      onPrompt: (prompt) => setTimeout(() => sandbox.admin.approveDevice(prompt.userCode!, 'alice@example.com'), 20),
    });
    sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 3600 });
    const before = sandbox.admin.counts().CreateToken ?? 0;
    const [app, cli] = [createSso(current.context), createSso(current.context)];
    const [fromApp, fromCli] = await Promise.all([app.accessToken(SESSION), cli.accessToken(SESSION)]);
    expect(fromApp).toBe(fromCli);
    expect(sandbox.admin.counts().CreateToken).toBe(before + 1);
  });

  it('keeps the old token when the refresh is refused, says why, and shows the session as expiring', async () => {
    sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 600 });
    await sso.login({
      session: SESSION,
      startUrl: sandbox.startUrl,
      region: sandbox.region,
      openBrowser: false,
      onPrompt: (prompt) => setTimeout(() => sandbox.admin.approveDevice(prompt.userCode!, 'alice@example.com'), 20),
    });
    const file = tokenFilePath(current.context.env, SESSION);
    const before = await readTokenFile(file, current.context.logger);
    sandbox.admin.expireSession('alice@example.com');
    const token = await sso.accessToken(SESSION);
    expect(before.kind === 'ok' && token === before.token.accessToken).toBe(true);
    expect(current.warnings.some((warning) => warning.startsWith(`could not refresh the SSO session "${SESSION}"`))).toBe(true);
    const [state] = await sso.sessionStates();
    expect(state).toMatchObject({ name: SESSION, status: 'expiring', refreshError: `the SSO session "${SESSION}" can no longer be refreshed` });
    expect(state!.sessionEndsAt).toBe(state!.accessTokenExpiresAt);
  });
});

describe('session end', () => {
  it('recognises a refresh capped at the portal session end: expiring, with the exact end, and no more refreshes', async () => {
    sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 3600, sessionSeconds: 600 });
    await sso.login({
      session: SESSION,
      startUrl: sandbox.startUrl,
      region: sandbox.region,
      openBrowser: false,
      onPrompt: (prompt) => setTimeout(() => sandbox.admin.approveDevice(prompt.userCode!, 'alice@example.com'), 20),
    });
    const before = sandbox.admin.counts().CreateToken ?? 0;
    await sso.accessToken(SESSION);
    await sso.accessToken(SESSION);
    expect(sandbox.admin.counts().CreateToken).toBe(before + 1);
    const [state] = await sso.sessionStates();
    expect(state).toMatchObject({ status: 'expiring' });
    // The same end, learnt twice in whole seconds (the sign-in's capped token and the refresh's):
    // the two roundings may differ by one second.
    expect(Math.abs(state!.sessionEndsAt! - state!.accessTokenExpiresAt!)).toBeLessThanOrEqual(1000);
    expect(state!.sessionEndsAt! - Date.now()).toBeLessThanOrEqual(600_000);
  });
});

describe('logout', () => {
  it('signs out at the portal, removes the token and the cached role credentials, keeps the registration', async () => {
    const ref = { session: SESSION, accountId: '111111111111', roleName: await roleName('111111111111', 'AdministratorAccess') };
    const token = await sso.accessToken(SESSION);
    await sso.roleCredentials(ref);
    await sso.logout(SESSION);
    expect(sandbox.admin.counts().Logout).toBeGreaterThanOrEqual(1);
    expect(await readCachedRoleCredentials(current.context, ref)).toBeNull();
    const [state] = await sso.sessionStates();
    expect(state!.status).toBe('signed-out');
    const cacheFiles = await readdir(path.join(current.home, '.aws', 'sso', 'cache'));
    expect(cacheFiles).toHaveLength(1); // the client registration, as `aws sso logout` leaves it
    // The portal no longer accepts the old token.
    const { SSOClient, ListAccountsCommand } = await import('@aws-sdk/client-sso');
    const client = new SSOClient({ region: sandbox.region, endpoint: sandbox.env.AWS_ENDPOINT_URL_SSO, maxAttempts: 1 });
    await expect(client.send(new ListAccountsCommand({ accessToken: token }))).rejects.toMatchObject({ name: 'UnauthorizedException' });
  });
});
