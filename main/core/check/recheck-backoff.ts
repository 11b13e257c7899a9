// When a context is due for its next background check: every interval while it is ok, and
// exponentially less often while it keeps failing (a dozen unreachable private clusters must
// not cost a 5 s timeout each every few minutes). Shared by the core's re-check scheduler and
// the app controller, so both back off the same way.

export const DEFAULT_MAX_BACKOFF_MS = 60 * 60 * 1000;

export interface RecheckState {
  /** Epoch ms the context is next due. */
  dueAt: number;
  /** Consecutive failed checks (0 after an ok one). */
  failures: number;
}

/** Delay before the next check after one with this outcome and this many consecutive failures. */
export function recheckDelayMs(intervalMs: number, ok: boolean, failures: number, maxBackoffMs = DEFAULT_MAX_BACKOFF_MS): number {
  if (ok || failures === 0) return intervalMs;
  return Math.min(Math.max(intervalMs, maxBackoffMs), intervalMs * 2 ** (failures - 1));
}

/** The state after a check finished at `now`. */
export function afterCheck(previous: RecheckState | undefined, ok: boolean, now: number, intervalMs: number, maxBackoffMs = DEFAULT_MAX_BACKOFF_MS): RecheckState {
  const failures = ok ? 0 : (previous?.failures ?? 0) + 1;
  return { failures, dueAt: now + recheckDelayMs(intervalMs, ok, failures, maxBackoffMs) };
}

/**
 * The names due at a tick that fires every `intervalMs`: those whose due time falls before the
 * next tick would (a check that finished a moment after a tick must not wait a whole extra
 * interval). Names never checked are due.
 */
export function dueAtTick(names: Iterable<string>, states: ReadonlyMap<string, RecheckState>, now: number, intervalMs: number): string[] {
  const horizon = now + intervalMs / 2;
  return [...names].filter((name) => (states.get(name)?.dueAt ?? now) <= horizon);
}
