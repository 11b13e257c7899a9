import { afterEach, describe, expect, it } from 'vitest';
import { createRecheckScheduler, type RecheckScheduler } from '../../../main/core/check/scheduler.js';
import type { CheckResult, CheckStatus } from '../../../main/core/check/types.js';
import { silentLogger } from '../../../main/core/context.js';
import type { ContextSpec } from '../../../main/core/kubeconfig/contexts.js';
import { FakeClock, settle } from './fake-clock.js';
import { contextSpec } from './specs.js';

const MINUTE = 60_000;
function harness(statuses: Record<string, CheckStatus>) {
  const clock = new FakeClock();
  const specs: ContextSpec[] = Object.keys(statuses).map((name) => contextSpec(name));
  const checked: Array<{ at: number; names: string[] }> = [];
  const delivered: CheckResult[] = [];
  let hold: Promise<void> | undefined;
  const scheduler = createRecheckScheduler<ContextSpec, CheckResult>({
    clock,
    logger: silentLogger,
    targets: () => specs,
    intervalMs: 5 * MINUTE,
    maxBackoffMs: 20 * MINUTE,
    onResult: (result) => delivered.push(result),
    runChecks: async (batch, { signal, onResult }) => {
      checked.push({ at: clock.now(), names: batch.map((spec) => spec.contextName) });
      if (hold) {
        await Promise.race([hold, new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))]);
      }
      for (const spec of batch) onResult({ contextName: spec.contextName, status: statuses[spec.contextName] ?? 'ok', summary: '', detail: '', checkedAt: clock.now() });
    },
  });
  return {
    clock,
    scheduler,
    checked,
    delivered,
    statuses,
    specs,
    holdChecks(promise: Promise<void> | undefined) {
      hold = promise;
    },
    namesCheckedAt: (at: number) => checked.filter((one) => one.at === at).flatMap((one) => one.names).sort(),
  };
}

let running: RecheckScheduler<CheckResult> | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('createRecheckScheduler', () => {
  it('checks everything at start, then again on the interval', async () => {
    const test = harness({ a: 'ok', b: 'ok' });
    running = test.scheduler;
    test.scheduler.start();
    await settle();
    expect(test.namesCheckedAt(test.clock.now())).toEqual(['a', 'b']);
    const start = test.clock.now();
    await test.clock.advance(4 * MINUTE);
    expect(test.checked).toHaveLength(1);
    await test.clock.advance(1 * MINUTE);
    expect(test.namesCheckedAt(start + 5 * MINUTE)).toEqual(['a', 'b']);
    expect(test.delivered.map((result) => result.contextName).sort()).toEqual(['a', 'a', 'b', 'b']);
    expect(test.scheduler.results()).toHaveLength(2);
  });

  it('backs off for a context that keeps failing, up to the ceiling, and not for the healthy one', async () => {
    const test = harness({ good: 'ok', bad: 'unreachable' });
    running = test.scheduler;
    test.scheduler.start();
    await settle();
    const start = test.clock.now();
    const badChecks = () => test.checked.filter((one) => one.names.includes('bad')).map((one) => (one.at - start) / MINUTE);
    for (let minute = 0; minute < 60; minute++) await test.clock.advance(MINUTE);
    // failures 1, 2, 3, 4 … wait 5, 10, 20 (ceiling), 20 minutes.
    expect(badChecks()).toEqual([0, 5, 15, 35, 55]);
    expect(test.checked.filter((one) => one.names.includes('good'))).toHaveLength(13);
  });

  it('does not back off for forbidden: the cluster answered and knows who we are', async () => {
    const test = harness({ limited: 'forbidden', down: 'unreachable' });
    running = test.scheduler;
    test.scheduler.start();
    await settle();
    const start = test.clock.now();
    for (let minute = 0; minute < 30; minute++) await test.clock.advance(MINUTE);
    const at = (name: string) => test.checked.filter((one) => one.names.includes(name)).map((one) => (one.at - start) / MINUTE);
    expect(at('limited')).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(at('down')).toEqual([0, 5, 15]);
  });

  it('checkNow resolves once the named contexts have a fresh result, and at once when stopped', async () => {
    const test = harness({ a: 'ok', b: 'ok' });
    running = test.scheduler;
    test.scheduler.start();
    await settle();
    test.statuses.a = 'unauthorized';
    await test.scheduler.checkNow(['a']);
    expect(test.scheduler.results().find((result) => result.contextName === 'a')?.status).toBe('unauthorized');
    expect(test.checked.at(-1)?.names).toEqual(['a']);
    let release!: () => void;
    test.holdChecks(new Promise<void>((resolve) => (release = resolve)));
    const waiting = test.scheduler.checkNow(['b']);
    let done = false;
    void waiting.then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    expect(test.scheduler.busy()).toBe(true);
    await test.scheduler.stop();
    await waiting;
    release();
    await test.scheduler.checkNow(['a']);
  });

  it('picks up a shorter interval at once after reschedule()', async () => {
    let interval = 60 * MINUTE;
    const clock = new FakeClock();
    const checked: number[] = [];
    const scheduler = createRecheckScheduler<ContextSpec, CheckResult>({
      clock,
      logger: silentLogger,
      targets: () => [contextSpec('a')],
      intervalMs: () => interval,
      runChecks: async (batch, { onResult }) => {
        checked.push(clock.now());
        for (const spec of batch) onResult({ contextName: spec.contextName, status: 'ok', summary: '', detail: '', checkedAt: clock.now() });
      },
    });
    running = scheduler;
    scheduler.start();
    await settle();
    const start = clock.now();
    await clock.advance(10 * MINUTE);
    expect(checked).toEqual([start]);
    interval = 5 * MINUTE;
    scheduler.reschedule();
    await settle();
    expect(checked).toEqual([start, start + 10 * MINUTE]);
  });

  it('a nudge checks now and forgets the backoff', async () => {
    const test = harness({ good: 'ok', bad: 'unreachable' });
    running = test.scheduler;
    test.scheduler.start();
    await settle();
    const start = test.clock.now();
    for (let minute = 0; minute < 16; minute++) await test.clock.advance(MINUTE);
    expect(test.scheduler.dueTimes().bad).toBe(start + 35 * MINUTE);
    test.statuses.bad = 'ok';
    test.scheduler.nudge(['bad']);
    await settle();
    expect(test.namesCheckedAt(start + 16 * MINUTE)).toEqual(['bad']);
    expect(test.scheduler.dueTimes().bad).toBe(start + 21 * MINUTE);
    expect(test.scheduler.results().find((result) => result.contextName === 'bad')?.status).toBe('ok');
  });

  it('a nudge during a check in flight makes it run again right after', async () => {
    const test = harness({ a: 'forbidden' });
    running = test.scheduler;
    let release!: () => void;
    test.holdChecks(new Promise<void>((resolve) => (release = resolve)));
    test.scheduler.start();
    await settle();
    expect(test.checked).toHaveLength(1);
    test.scheduler.nudge(['a']);
    test.holdChecks(undefined);
    release();
    await settle();
    expect(test.checked).toHaveLength(2);
  });

  it('follows contexts that appear and disappear', async () => {
    const test = harness({ a: 'ok' });
    running = test.scheduler;
    test.scheduler.start();
    await settle();
    test.specs.push(contextSpec('new'));
    test.scheduler.nudge(['new']);
    await settle();
    expect(test.checked.at(-1)?.names).toEqual(['new']);
    test.specs.splice(0, test.specs.length);
    await test.clock.advance(5 * MINUTE);
    expect(Object.keys(test.scheduler.dueTimes())).toEqual([]);
  });

  it('stop() cancels the checks in flight and the wait', async () => {
    const test = harness({ slow: 'ok' });
    test.holdChecks(new Promise<void>(() => undefined));
    test.scheduler.start();
    await settle();
    expect(test.scheduler.isRunning()).toBe(true);
    await test.scheduler.stop();
    expect(test.scheduler.isRunning()).toBe(false);
    expect(test.delivered).toEqual([]);
    await test.clock.advance(60 * MINUTE);
    expect(test.checked).toHaveLength(1);
  });
});

describe('startDeadline', () => {
  it('does not count paused time, and fires after the rest', async () => {
    const { startDeadline } = await import('../../../main/core/check/timeout.js');
    const clock = new FakeClock();
    const deadline = startDeadline(clock, 5000);
    await clock.advance(2000);
    deadline.pause();
    await clock.advance(60_000);
    expect(deadline.signal.aborted).toBe(false);
    deadline.resume();
    await clock.advance(2999);
    expect(deadline.signal.aborted).toBe(false);
    await clock.advance(1);
    expect(deadline.expired()).toBe(true);
    deadline.dispose();
  });
});

describe('createSemaphore', () => {
  it('lets `limit` holders in, then one per release, in order', async () => {
    const { createSemaphore } = await import('../../../main/core/check/pool.js');
    const acquire = createSemaphore(2);
    const order: number[] = [];
    const releases = await Promise.all([acquire(), acquire()]);
    const third = acquire().then((release) => (order.push(3), release));
    const fourth = acquire().then((release) => (order.push(4), release));
    await settle();
    expect(order).toEqual([]);
    releases[0]!();
    releases[0]!();
    await settle();
    expect(order).toEqual([3]);
    releases[1]!();
    await settle();
    expect(order).toEqual([3, 4]);
    (await third)();
    (await fourth)();
  });
});
