// The edges of the sign-in flows: SlowDown while polling, the PKCE state check, denial and
// the 10-minute limit, and the accounts listing refreshed in the background.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../main/core/context.js';
import { createSso, type AccountsResult } from '../../../main/core/sso/index.js';
import { startSandbox, validateScenario, type SandboxHandle } from '../../../sandbox/index.js';
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
  sandbox.admin.setAutoApprove(false);
  await current?.cleanup();
  current = undefined;
});

/** Real time, but every wait is `factor` times shorter: polling runs faster than the server allows. */
function hurriedClock(factor: number): Clock {
  return {
    now: () => Date.now(),
    sleep: (ms, signal) => new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms / factor);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      }, { once: true });
    }),
  };
}

describe('device flow polling', () => {
  it('adds 5 seconds to the interval on every SlowDown and still signs in', async () => {
    current = await sandboxContext(sandbox.env);
    const debug: Array<Record<string, unknown>> = [];
    const context = {
      ...current.context,
      clock: hurriedClock(10),
      logger: { ...current.context.logger, debug: (message: string, fields?: Record<string, unknown>) => message.includes('slow down') && debug.push(fields ?? {}) },
    };
    sandbox.admin.clearRequestLog();
    const state = await createSso(context).login({
      startUrl: sandbox.startUrl,
      region: sandbox.region,
      openBrowser: false,
      onPrompt: (prompt) => setTimeout(() => sandbox.admin.approveDevice(prompt.userCode!, 'alice@example.com'), 1500),
    });
    expect(state.status).toBe('signed-in');
    expect(debug.length).toBeGreaterThan(0);
    expect(debug.map((fields) => fields.intervalSeconds)).toEqual(debug.map((_, index) => 1 + 5 * (index + 1)));
  });
});

describe('PKCE flow', () => {
  function authorizeWith(decision: 'allow' | 'deny', tamper?: (callback: URL) => void) {
    return async (url: string) => {
      const page = await (await fetch(url)).text();
      const request = /name="request" value="([^"]+)"/.exec(page)![1]!;
      const answer = await fetch(new URL('/authorize', url), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ request, decision, user: 'alice@example.com' }),
        redirect: 'manual',
      });
      const callback = new URL(answer.headers.get('location')!);
      if (tamper) {
        const forged = new URL(callback);
        tamper(forged);
        const refused = await fetch(forged);
        expect(refused.status).toBe(400);
      }
      await fetch(callback);
    };
  }

  it('ignores a callback with the wrong state and completes with the right one', async () => {
    current = await sandboxContext(sandbox.env, { openBrowser: authorizeWith('allow', (forged) => forged.searchParams.set('state', 'forged')) });
    const state = await createSso(current.context).login({ startUrl: sandbox.startUrl, region: sandbox.region, flow: 'pkce' });
    expect(state.status).toBe('signed-in');
  });

  it('says "sign-in was denied in the browser" when the person chooses Deny', async () => {
    current = await sandboxContext(sandbox.env, { openBrowser: authorizeWith('deny') });
    const error = await rejection(createSso(current.context).login({ startUrl: sandbox.startUrl, region: sandbox.region, flow: 'pkce' }));
    expect(error.code).toBe('access-denied');
    expect(error.message).toBe('sign-in was denied in the browser');
  });

  it('gives up after 10 minutes without a redirect, and closes its listener', async () => {
    current = await sandboxContext(sandbox.env);
    const context = { ...current.context, clock: hurriedClock(10_000) };
    const error = await rejection(createSso(context).login({ startUrl: sandbox.startUrl, region: sandbox.region, flow: 'pkce' }));
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('the browser sign-in was not completed within 10 minutes');
    const redirect = new URL(new URL(current.opened[0]!).searchParams.get('redirect_uri')!);
    await expect(fetch(redirect)).rejects.toThrow();
  });
});

describe('accounts in the background', () => {
  it('returns a stale listing at once and refreshes it in the background', async () => {
    current = await sandboxContext(sandbox.env);
    const sso = createSso(current.context, { portalRateLimit: 50 });
    await sso.login({
      session: 'bg',
      startUrl: sandbox.startUrl,
      region: sandbox.region,
      openBrowser: false,
      onPrompt: (prompt) => setTimeout(() => sandbox.admin.approveDevice(prompt.userCode!, 'alice@example.com'), 20),
    });
    const first = await sso.accounts('bg');
    const updated = new Promise<AccountsResult>((resolve) => sso.onAccountsUpdated(resolve));
    const stale = await sso.accounts('bg', { maxAgeMs: 0 });
    expect(stale).toEqual(first);
    const fresh = await updated;
    expect(fresh.fetchedAt).toBeGreaterThanOrEqual(first.fetchedAt);
    expect(fresh.accounts.map((account) => account.accountId)).toEqual(first.accounts.map((account) => account.accountId));
  });
});
