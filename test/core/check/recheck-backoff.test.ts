import { describe, expect, it } from 'vitest';
import { countsAsFailure, recheckDelayMs } from '../../../main/core/check/recheck-backoff.js';

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

  it('counts ok and forbidden as fine, everything else as a failure', () => {
    expect(['ok', 'forbidden', 'unauthorized', 'unreachable', 'tls', 'not-active', 'signed-out', 'error'].filter(countsAsFailure)).toEqual([
      'unauthorized',
      'unreachable',
      'tls',
      'not-active',
      'signed-out',
      'error',
    ]);
  });
});
