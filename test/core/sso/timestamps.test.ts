import { describe, expect, it } from 'vitest';
import { formatCacheTimestamp, parseCacheTimestamp } from '../../../main/core/sso/timestamps.js';

describe('cache timestamps', () => {
  const epoch = Date.UTC(2026, 7, 23, 12, 0, 0);

  it.each([
    ['2026-08-23T12:00:00Z', epoch],
    ['2026-08-23T12:00:00.000Z', epoch],
    ['2026-08-23T12:00:00UTC', epoch],
    ['2026-08-23T14:00:00+02:00', epoch],
    ['2026-08-23T14:00:00+0200', epoch],
  ])('reads %s', (text, expected) => {
    expect(parseCacheTimestamp(text)).toBe(expected);
  });

  it.each([['tomorrow'], ['2026-08-23'], ['1'], [''], [42], [null], ['2026-13-40T99:00:00Z']])('rejects %s', (value) => {
    expect(parseCacheTimestamp(value)).toBeNull();
  });

  it('writes the CLI format: UTC, whole seconds, trailing Z', () => {
    expect(formatCacheTimestamp(epoch + 999)).toBe('2026-08-23T12:00:00Z');
  });
});
