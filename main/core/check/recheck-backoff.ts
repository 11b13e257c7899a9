// When a context is due for its next background check: every interval while it is fine, and
// exponentially less often while it keeps failing (a dozen unreachable private clusters must
// not cost a 5 s timeout each every few minutes).

export const DEFAULT_MAX_BACKOFF_MS = 60 * 60 * 1000;

/**
 * Whether a verdict counts as a failure for backoff. `forbidden` does not: the cluster answered
 * and knows the person, who just may not list nodes; that row deserves the normal interval.
 */
export function countsAsFailure(status: string): boolean {
  return status !== 'ok' && status !== 'forbidden';
}

/** Delay before the next check after one with this outcome and this many consecutive failures. */
export function recheckDelayMs(intervalMs: number, ok: boolean, failures: number, maxBackoffMs = DEFAULT_MAX_BACKOFF_MS): number {
  if (ok || failures === 0) return intervalMs;
  return Math.min(Math.max(intervalMs, maxBackoffMs), intervalMs * 2 ** (failures - 1));
}
