// Work shared by several callers in one process (token refresh, accounts listing, role
// credentials) must not be cancelled by one caller: each caller's signal ends only its own wait.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, validateScenario, type SandboxHandle } from '../../../sandbox/index.js';
import { createSso, type Sso } from '../../../main/core/sso/index.js';
import { SharedWork } from '../../../main/core/sso/shared-work.js';
import { rejection } from '../../helpers/rejection.js';
import { sandboxContext, SMALL_ORG, type TestContext } from './sandbox-context.js';

describe('SharedWork', () => {
  it('runs once for concurrent callers; one caller aborting rejects only that caller', async () => {
    const shared = new SharedWork<string>();
    let runs = 0;
    let finish: (value: string) => void = () => undefined;
    let workSignal: AbortSignal | undefined;
    const work = (signal: AbortSignal) => {
      runs++;
      workSignal = signal;
      return new Promise<string>((resolve) => (finish = resolve));
    };
    const impatient = new AbortController();
    const first = shared.run('key', work, { signal: impatient.signal, what: 'the work' });
    const second = shared.run('key', work, { what: 'the work' });
    impatient.abort();
    const error = await rejection(first);
    expect(error.toLine()).toBe('the work was cancelled');
    expect(workSignal?.aborted).toBe(false);
    finish('done');
    expect(await second).toBe('done');
    expect(runs).toBe(1);
  });

  it('stops the work when every caller has given up, and starts afresh for the next one', async () => {
    const shared = new SharedWork<string>();
    const signals: AbortSignal[] = [];
    const work = (signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<string>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(new Error('aborted')));
        setTimeout(() => resolve(`run ${signals.length}`), 50);
      });
    };
    const [a, b] = [new AbortController(), new AbortController()];
    const first = shared.run('key', work, { signal: a.signal, what: 'the work' });
    const second = shared.run('key', work, { signal: b.signal, what: 'the work' });
    a.abort();
    expect(signals[0]!.aborted).toBe(false);
    b.abort();
    expect(signals[0]!.aborted).toBe(true);
    expect((await rejection(first)).code).toBe('cancelled');
    expect((await rejection(second)).code).toBe('cancelled');
    expect(await shared.run('key', work, { what: 'the work' })).toBe('run 2');
  });

  it('tells every caller the progress, a late one the last value at once', async () => {
    const shared = new SharedWork<number>();
    let report: (done: number, total: number) => void = () => undefined;
    let finish: (value: number) => void = () => undefined;
    const work = (_signal: AbortSignal, progress: (done: number, total: number) => void) => {
      report = progress;
      return new Promise<number>((resolve) => (finish = resolve));
    };
    const early: string[] = [];
    const late: string[] = [];
    const first = shared.run('key', work, { onProgress: (done, total) => early.push(`${done}/${total}`), what: 'the work' });
    report(1, 3);
    const second = shared.run('key', work, { onProgress: (done, total) => late.push(`${done}/${total}`), what: 'the work' });
    report(3, 3);
    finish(3);
    await Promise.all([first, second]);
    expect(early).toEqual(['1/3', '3/3']);
    expect(late).toEqual(['1/3', '3/3']);
  });
});

let sandbox: SandboxHandle;
let current: TestContext;
let sso: Sso;
const SESSION = 'org';

beforeAll(async () => {
  sandbox = await startSandbox(validateScenario(SMALL_ORG), { autoApprove: 'alice@example.com', autoApproveDelayMs: 20 });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(async () => {
  sandbox.admin.clearFaults();
  sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 3600 });
  current = await sandboxContext(sandbox.env);
  sso = createSso(current.context, { portalRateLimit: 50 });
});
afterEach(async () => {
  sandbox.admin.clearFaults();
  await current.cleanup();
});

/** Aborts a moment after the shared work has started (the sandbox holds the call for 400 ms). */
function abortSoon(): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  return controller.signal;
}

describe('callers sharing work against the sandbox', () => {
  it('a token refresh survives the caller that started it cancelling', async () => {
    sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 120 });
    await sso.login({ session: SESSION, startUrl: sandbox.startUrl, region: sandbox.region, openBrowser: false });
    sandbox.admin.setTokenLifetimes({ accessTokenSeconds: 3600 });
    const before = sandbox.admin.counts().CreateToken ?? 0;
    sandbox.admin.setFault('CreateToken', { latencyMs: 400 });
    const cancelledCaller = sso.accessToken(SESSION, { signal: abortSoon() });
    const patientCaller = sso.accessToken(SESSION);
    expect((await rejection(cancelledCaller)).code).toBe('cancelled');
    const token = await patientCaller;
    expect(sandbox.admin.counts().CreateToken).toBe(before + 1);
    expect((await sso.sessionStates())[0]!.accessTokenExpiresAt).toBeGreaterThan(Date.now() + 50 * 60 * 1000);
    expect(await sso.accessToken(SESSION)).toBe(token);
  });

  it('an accounts listing survives the caller that started it cancelling, and reports progress to the others', async () => {
    await sso.login({ session: SESSION, startUrl: sandbox.startUrl, region: sandbox.region, openBrowser: false });
    sandbox.admin.setFault('ListAccounts', { latencyMs: 400 });
    const progress: string[] = [];
    const cancelledCaller = sso.accounts(SESSION, { refresh: true, signal: abortSoon(), onProgress: () => undefined });
    const patientCaller = sso.accounts(SESSION, { refresh: true, onProgress: (done, total) => progress.push(`${done}/${total}`) });
    expect((await rejection(cancelledCaller)).code).toBe('cancelled');
    const result = await patientCaller;
    expect(result.accounts.map((account) => account.accountId)).toEqual(['222222222222', '111111111111']);
    expect(progress.at(0)).toBe('0/2');
    expect(progress.at(-1)).toBe('2/2');
    expect(sandbox.admin.counts().ListAccounts).toBe(1);
  });

  it('a role credentials request survives the caller that started it cancelling', async () => {
    await sso.login({ session: SESSION, startUrl: sandbox.startUrl, region: sandbox.region, openBrowser: false });
    sandbox.admin.setFault('GetRoleCredentials', { latencyMs: 400 });
    const ref = { session: SESSION, accountId: '111111111111', roleName: 'AdministratorAccess' };
    const cancelledCaller = sso.roleCredentials(ref, { signal: abortSoon() });
    const patientCaller = sso.roleCredentials(ref);
    expect((await rejection(cancelledCaller)).code).toBe('cancelled');
    expect((await patientCaller).accessKeyId).toMatch(/^ASIA/);
    expect(sandbox.admin.counts().GetRoleCredentials).toBe(1);
  });
});
