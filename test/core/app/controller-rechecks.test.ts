// The controller's background re-checks run through the core's scheduler, on the injected
// clock: every interval, sooner after a change (recheck, grant, sign-in, network), backing off
// for contexts that keep failing (not for forbidden ones), and nothing after close().
import { afterEach, describe, expect, it } from 'vitest';
import { AppController } from '../../../main/core/app/controller.js';
import type { CheckOutcome, CheckStatus } from '../../../main/core/app/ports.js';
import { silentLogger } from '../../../main/core/context.js';
import { FakeClock, settle } from '../check/fake-clock.js';
import { inMemoryOrg } from './in-memory-ports.js';

const INTERVAL = 120_000;
const ADMIN = 'prod-account/Admin/prod';
const READ_ONLY = 'prod-account/ReadOnly/prod';
const NEW_ADMIN = 'prod-account/Admin/new';
const NEW_READ_ONLY = 'prod-account/ReadOnly/new';

const controllers: AppController[] = [];
afterEach(async () => {
  await Promise.all(controllers.splice(0).map((controller) => controller.close()));
});

/** A signed-in org whose checks are recorded with the fake clock's time; `verdicts` overrides one row's status. */
async function started() {
  const clock = new FakeClock();
  const org = inMemoryOrg(() => clock.now());
  org.sessions.push({ name: 'acme', startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', status: 'signed-in', expiresAt: clock.now() + 3_600_000, sessionEndsAt: null });
  const checks: Array<{ at: number; names: string[] }> = [];
  const verdicts = new Map<string, CheckStatus>();
  const check = org.ports.check;
  org.ports.check = async (contexts, options) => {
    checks.push({ at: clock.now(), names: contexts.map((context) => context.contextName).sort() });
    await check(contexts, {
      ...options,
      onResult: (outcome: CheckOutcome) => options.onResult({ ...outcome, status: verdicts.get(outcome.contextName) ?? outcome.status }),
    });
  };
  const controller = new AppController({ ports: org.ports, clock, logger: silentLogger, openBrowser: null, snapshotDelayMs: 1 });
  controllers.push(controller);
  await controller.start();
  await controller.idle();
  const start = clock.now();
  return {
    org,
    clock,
    controller,
    verdicts,
    /** Minutes after start (in intervals) at which `name` was checked. */
    checkedAt: (name: string) => checks.filter((one) => one.names.includes(name)).map((one) => (one.at - start) / INTERVAL),
    checkCount: () => checks.length,
    /** Moves the clock and lets the checks that became due finish. */
    async advance(ms: number) {
      await clock.advance(ms);
      await controller.idle();
      await settle();
    },
    status: (name: string) => controller.snapshot().contexts.find((context) => context.contextName === name)?.check.status,
  };
}

describe('AppController background re-checks', () => {
  it('re-checks on the interval, and backs off for contexts that keep failing but not for forbidden ones', async () => {
    const test = await started();
    test.verdicts.set(READ_ONLY, 'forbidden');
    expect(test.checkedAt(ADMIN)).toEqual([0]);
    await test.advance(INTERVAL - 1);
    expect(test.checkCount()).toBe(1);
    for (let step = 0; step < 7; step++) await test.advance(step === 0 ? 1 : INTERVAL);
    // ok and forbidden: every interval; not-active (CREATING): waits of 1, 2, then 4 intervals.
    expect(test.checkedAt(ADMIN)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(test.checkedAt(READ_ONLY)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(test.checkedAt(NEW_ADMIN)).toEqual([0, 1, 3, 7]);
    expect(test.status(READ_ONLY)).toBe('forbidden');
    expect(test.status(NEW_ADMIN)).toBe('not-active');
  });

  it('checks at once after recheck, a network change, a sign-in and a grant, without waiting for the interval', async () => {
    const test = await started();
    await test.advance(INTERVAL / 4);
    await test.controller.handlers.recheck({ contextNames: [NEW_ADMIN] });
    expect(test.checkedAt(NEW_ADMIN)).toEqual([0, 0.25]);

    // A failing context backed off to 2 intervals is checked at once after a network change.
    await test.advance((3 * INTERVAL) / 4);
    expect(test.checkedAt(NEW_READ_ONLY)).toEqual([0, 1]);
    test.controller.networkChanged('online');
    await settle();
    await test.controller.idle();
    expect(test.checkedAt(NEW_READ_ONLY)).toEqual([0, 1, 1]);
    expect(test.checkedAt(ADMIN)).toEqual([0, 1, 1]);

    const plan = await test.controller.handlers.planGrant({ contextName: READ_ONLY, scope: 'cluster' });
    await test.advance(INTERVAL / 2);
    const applied = await test.controller.handlers.applyGrant({ planId: plan.planId });
    expect(applied.result).toContain('now ok');
    expect(test.checkedAt(READ_ONLY)).toEqual([0, 1, 1, 1.5]);

    // A second sign-in to the same session checks its rows again right away.
    const signIn = test.controller.handlers.signIn({ startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', session: 'acme' });
    await expect.poll(() => test.controller.snapshot().signIn?.phase, { timeout: 5000, interval: 5 }).toBe('waiting');
    test.org.approve();
    await signIn;
    await test.controller.idle();
    expect(test.checkedAt(ADMIN).at(-1)).toBe(1.5);
  });

  it('checks nothing after close()', async () => {
    const test = await started();
    const before = test.checkCount();
    await test.controller.close();
    await test.clock.advance(10 * INTERVAL);
    await settle();
    expect(test.checkCount()).toBe(before);
    expect(test.clock.pending()).toBe(0);
    test.controller.networkChanged('online');
    await test.controller.handlers.recheck({});
    await settle();
    expect(test.checkCount()).toBe(before);
  });
});
