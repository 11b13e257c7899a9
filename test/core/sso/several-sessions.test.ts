// Several sessions at once: two organisations (two sandboxes) whose start URLs derive the same
// default name, signed in side by side in one home. Neither sign-in may replace the other; each
// keeps its own token, accounts and role credentials; signing out of one leaves the other.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { startSandbox, validateScenario, type SandboxHandle } from '../../../sandbox/index.js';
import { createSso, listCachedRoleCredentials, tokenFilePath, type LoginPrompt, type Sso } from '../../../main/core/sso/index.js';
import { readTokenFile } from '../../../main/core/sso/token-cache.js';
import type { CoreContext } from '../../../main/core/context.js';
import { runEksSso } from '../../cli/sso/run-cli.js';
import { rejection } from '../../helpers/rejection.js';
import { sandboxContext, SMALL_ORG, type TestContext } from './sandbox-context.js';

const ACME_CLASSIC = 'https://acme.awsapps.com/start';
const ACME_PORTAL = 'https://acme.portal.eu-west-1.app.aws';

let first: SandboxHandle;
let second: SandboxHandle;
let current: TestContext;
let firstSso: Sso;
let secondSso: Sso;
let secondContext: CoreContext;

beforeAll(async () => {
  first = await startSandbox(validateScenario({ ...SMALL_ORG, identityCenter: { ...SMALL_ORG.identityCenter, startUrl: ACME_CLASSIC } }));
  second = await startSandbox(
    validateScenario({
      ...SMALL_ORG,
      identityCenter: { ...SMALL_ORG.identityCenter, startUrl: ACME_PORTAL },
      accounts: [{ id: '333333333333', name: 'analytics' }],
      assignments: [{ user: 'alice@example.com', account: '333333333333', permissionSet: 'ReadOnly' }],
    }),
  );
});
afterAll(async () => {
  await Promise.all([first?.close(), second?.close()]);
});
beforeEach(async () => {
  // One home, two organisations: each Sso talks to its own sandbox (its endpoints), as one
  // person with two companies' portals would, and both read and write the same ~/.aws.
  current = await sandboxContext(first.env);
  secondContext = { ...current.context, env: { ...current.env, ...second.env } };
  firstSso = createSso(current.context, { portalRateLimit: 50 });
  secondSso = createSso(secondContext, { portalRateLimit: 50 });
});
afterEach(async () => {
  await current.cleanup();
});

const approvedBy = (sandbox: SandboxHandle) => (prompt: LoginPrompt) => setTimeout(() => sandbox.admin.approveDevice(prompt.userCode!, 'alice@example.com'), 20);
const signInFirst = (session?: string) =>
  firstSso.login({ startUrl: ACME_CLASSIC, region: 'eu-west-1', openBrowser: false, onPrompt: approvedBy(first), ...(session ? { session } : {}) });
const signInSecond = (session?: string) =>
  secondSso.login({ startUrl: ACME_PORTAL, region: 'eu-west-1', openBrowser: false, onPrompt: approvedBy(second), ...(session ? { session } : {}) });

async function tokenStartUrl(session: string): Promise<string | undefined> {
  const read = await readTokenFile(tokenFilePath(current.env, session), current.context.logger);
  return read.kind === 'ok' ? read.token.startUrl : undefined;
}

describe('two organisations with the same default session name', () => {
  it('gives the second its own name and says so, instead of overwriting the first', async () => {
    expect((await signInFirst()).name).toBe('acme');
    expect(current.warnings).toEqual([]);
    expect((await signInSecond()).name).toBe('acme-2');
    expect(current.warnings).toEqual([`the session name "acme" is already used for ${ACME_CLASSIC}: signing in as "acme-2" (choose a name with --session)`]);
    expect(await tokenStartUrl('acme')).toBe(ACME_CLASSIC);
    expect(await tokenStartUrl('acme-2')).toBe(ACME_PORTAL);
    const config = await readFile(`${current.home}/.aws/config`, 'utf8');
    expect(config).toContain(`[sso-session acme]\nsso_start_url = ${ACME_CLASSIC}\n`);
    expect(config).toContain(`[sso-session acme-2]\nsso_start_url = ${ACME_PORTAL}\n`);

    // Signing in again to the same portal keeps its name, with or without --session.
    expect((await signInFirst()).name).toBe('acme');
    expect((await signInSecond()).name).toBe('acme-2');
    expect((await signInFirst('acme')).name).toBe('acme');
    expect(current.warnings).toHaveLength(1);
    expect(await secondSso.sessions()).toEqual([
      { name: 'acme', startUrl: ACME_CLASSIC, region: 'eu-west-1' },
      { name: 'acme-2', startUrl: ACME_PORTAL, region: 'eu-west-1' },
    ]);
  });

  it('refuses an explicit --session that belongs to another start URL, before contacting anyone', async () => {
    await signInFirst();
    const before = await readFile(tokenFilePath(current.env, 'acme'), 'utf8');
    second.admin.clearRequestLog();
    const error = await rejection(signInSecond('acme'));
    expect(error.code).toBe('conflict');
    expect(error.toLine()).toBe(
      `the session name "acme" is already used for ${ACME_CLASSIC}. Choose another --session, or sign out of that one first: eks-sso logout --session acme`,
    );
    expect(second.admin.counts()).toEqual({});
    expect(await readFile(tokenFilePath(current.env, 'acme'), 'utf8')).toBe(before);
    // A token file with no config section holds its name too (the config was edited by hand).
    await writeFile(`${current.home}/.aws/config`, '');
    expect((await rejection(signInSecond('acme'))).code).toBe('conflict');
    expect(second.admin.counts()).toEqual({});
  });
});

describe('several sessions at once', () => {
  it('keeps tokens, accounts and role credentials apart, lists both, and signs out of one only', async () => {
    await signInFirst();
    await signInSecond();
    const status = await runEksSso(['status', '--json'], current.env);
    expect(status.code, status.err).toBe(0);
    const sessions = (JSON.parse(status.out) as { sessions: Array<{ name: string; status: string; startUrl: string }> }).sessions;
    expect(sessions.map(({ name, status: state, startUrl }) => [name, state, startUrl])).toEqual([
      ['acme', 'signed-in', ACME_CLASSIC],
      ['acme-2', 'signed-in', ACME_PORTAL],
    ]);

    const firstAccounts = await firstSso.accounts('acme');
    const secondAccounts = await secondSso.accounts('acme-2');
    expect(firstAccounts.accounts.map((account) => account.accountId)).toEqual(['222222222222', '111111111111']);
    expect(secondAccounts.accounts.map((account) => account.accountId)).toEqual(['333333333333']);
    // Each listing comes back from its own cache.
    expect(await secondSso.accounts('acme')).toEqual(firstAccounts);
    expect(await firstSso.accounts('acme-2')).toEqual(secondAccounts);

    const firstRef = { session: 'acme', accountId: '111111111111', roleName: 'AdministratorAccess' };
    const secondRef = { session: 'acme-2', accountId: '333333333333', roleName: 'ReadOnly' };
    const firstCredentials = await firstSso.roleCredentials(firstRef);
    const secondCredentials = await secondSso.roleCredentials(secondRef);
    expect(firstCredentials.accessKeyId).not.toBe(secondCredentials.accessKeyId);
    expect((await listCachedRoleCredentials(current.context.secrets, 'acme')).map((entry) => entry.accountId)).toEqual(['111111111111']);
    expect((await listCachedRoleCredentials(current.context.secrets, 'acme-2')).map((entry) => entry.accountId)).toEqual(['333333333333']);

    const firstToken = await readFile(tokenFilePath(current.env, 'acme'), 'utf8');
    await secondSso.logout('acme-2');
    expect(second.admin.counts().Logout).toBe(1);
    expect(first.admin.counts().Logout ?? 0).toBe(0);
    expect(await readFile(tokenFilePath(current.env, 'acme'), 'utf8')).toBe(firstToken);
    expect(await tokenStartUrl('acme-2')).toBeUndefined();
    expect(await listCachedRoleCredentials(current.context.secrets, 'acme-2')).toEqual([]);
    expect(await firstSso.roleCredentials(firstRef)).toEqual(firstCredentials);
    expect((await firstSso.accounts('acme', { refresh: true })).accounts).toHaveLength(2);
    const after = await runEksSso(['status', '--json'], current.env);
    const states = (JSON.parse(after.out) as { sessions: Array<{ name: string; status: string }> }).sessions;
    expect(states.map(({ name, status: state }) => [name, state])).toEqual([
      ['acme', 'signed-in'],
      ['acme-2', 'signed-out'],
    ]);
  });
});
