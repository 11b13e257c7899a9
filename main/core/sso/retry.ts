// Retries portal calls that failed for reasons that pass: 429 (exponential backoff with
// jitter, never a re-authentication), 5xx and dropped connections.
import type { Clock } from '../context.js';
import { isAbort, isNetworkError, isServerFault, isThrottle } from './aws-errors.js';
import type { RateLimiter } from './rate-limiter.js';

export interface RetryOptions {
  clock: Clock;
  limiter?: RateLimiter;
  signal?: AbortSignal;
  /** Attempts in total, default 8 (throttling) — other transient faults get 4. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const maxThrottleAttempts = options.maxAttempts ?? 8;
  const maxFaultAttempts = Math.min(4, maxThrottleAttempts);
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 20_000;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    await options.limiter?.take(options.signal);
    try {
      const result = await operation();
      options.limiter?.succeeded();
      return result;
    } catch (error) {
      if (isAbort(error, options.signal)) throw error;
      const throttled = isThrottle(error);
      const transient = throttled || isServerFault(error) || isNetworkError(error);
      if (throttled) options.limiter?.throttled();
      if (!transient || attempt >= (throttled ? maxThrottleAttempts : maxFaultAttempts)) throw error;
      const delay = backoffDelay(attempt, base, max, random);
      options.onRetry?.(error, attempt, delay);
      await options.clock.sleep(delay, options.signal);
    }
  }
}
