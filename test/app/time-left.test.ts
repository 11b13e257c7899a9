import { describe, expect, it } from 'vitest';
import { formatDuration, timeLeft } from '../../main/app/time-left.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('time left', () => {
  it.each([
    [30_000, 'under 1 min'],
    [MINUTE, '1 min'],
    // Rounded down: "6 min" while 6 min 50 s remain, never a minute the session does not have.
    [6 * MINUTE + 50_000, '6 min'],
    [59 * MINUTE + 59_000, '59 min'],
    [HOUR, '1 h'],
    [6 * HOUR + 12 * MINUTE, '6 h 12 min'],
    [24 * HOUR, '1 d'],
    [3 * 24 * HOUR + 4 * HOUR + 59 * MINUTE, '3 d 4 h'],
  ])('%d ms → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it('says how long is left, and nothing once it has passed', () => {
    expect(timeLeft(1_000 + 5 * MINUTE, 1_000)).toBe('5 min left');
    expect(timeLeft(1_000, 1_000)).toBeNull();
    expect(timeLeft(1_000, 2_000)).toBeNull();
  });
});
