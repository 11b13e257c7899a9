import { describe, expect, it } from 'vitest';
import { afterCheck, dueAtTick, recheckDelayMs, type RecheckState } from '../../../main/core/check/recheck-backoff.js';

const MINUTE = 60_000;

describe('re-check backoff', () => {
  it.each([
    [true, 0, 2 * MINUTE],
    [false, 1, 2 * MINUTE],
    [false, 2, 4 * MINUTE],
    [false, 3, 8 * MINUTE],
    [false, 10, 60 * MINUTE],
    [true, 7, 2 * MINUTE],
  ])('ok=%s after %i failures waits %i ms', (ok, failures, expected) => {
    expect(recheckDelayMs(2 * MINUTE, ok, failures)).toBe(expected);
  });

  it('never backs off below the interval, even with a small ceiling', () => {
    expect(recheckDelayMs(10 * MINUTE, false, 5, MINUTE)).toBe(10 * MINUTE);
  });

  it('counts consecutive failures and forgets them after an ok check', () => {
    let state: RecheckState | undefined;
    state = afterCheck(state, false, 0, MINUTE);
    state = afterCheck(state, false, 0, MINUTE);
    state = afterCheck(state, false, 0, MINUTE);
    expect(state).toEqual({ failures: 3, dueAt: 4 * MINUTE });
    expect(afterCheck(state, true, 10 * MINUTE, MINUTE)).toEqual({ failures: 0, dueAt: 11 * MINUTE });
  });

  it('at each tick, picks the contexts due before the next tick and the ones never checked', () => {
    const states = new Map<string, RecheckState>([
      // checked a moment after the previous tick: still due now, not one interval later
      ['ok', { failures: 0, dueAt: 10 * MINUTE + 50 }],
      ['failing', { failures: 3, dueAt: 14 * MINUTE }],
    ]);
    expect(dueAtTick(['ok', 'failing', 'new'], states, 10 * MINUTE, MINUTE)).toEqual(['ok', 'new']);
    expect(dueAtTick(['ok', 'failing', 'new'], states, 14 * MINUTE, MINUTE)).toEqual(['ok', 'failing', 'new']);
  });

  it('a failing context costs exponentially fewer checks than an ok one over an hour of ticks', () => {
    const interval = 2 * MINUTE;
    const states = new Map<string, RecheckState>();
    const checks = { ok: 0, failing: 0 };
    for (let now = 0; now <= 60 * MINUTE; now += interval) {
      for (const name of dueAtTick(['ok', 'failing'], states, now, interval)) {
        checks[name as keyof typeof checks]++;
        states.set(name, afterCheck(states.get(name), name === 'ok', now + 1_000, interval));
      }
    }
    expect(checks.ok).toBe(31);
    expect(checks.failing).toBeLessThanOrEqual(6);
  });
});
