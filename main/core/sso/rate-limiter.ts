// Paces calls to the access portal below its throttle. One limiter per session (never
// module-global: two organisations must not wait for each other). Requests are spaced
// 1/rate apart; a 429 lowers the pace for a while, and calm periods bring it back up.
import type { Clock } from '../context.js';

export interface RateLimiter {
  /** Resolves when the caller may send one request. */
  take(signal?: AbortSignal): Promise<void>;
  /** Tell the limiter the server throttled us: slow down. */
  throttled(): void;
  /** Tell the limiter a request went through. */
  succeeded(): void;
  /** Current pace in requests per second. */
  readonly rate: number;
}

export function createRateLimiter(clock: Clock, maxRate: number): RateLimiter {
  const ceiling = Math.max(0.1, maxRate);
  let rate = ceiling;
  let nextSlot = 0;
  let successesSinceThrottle = 0;
  return {
    get rate() {
      return rate;
    },
    async take(signal) {
      signal?.throwIfAborted();
      const now = clock.now();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + 1000 / rate;
      if (slot > now) await clock.sleep(slot - now, signal);
    },
    throttled() {
      rate = Math.max(ceiling / 8, rate * 0.7);
      successesSinceThrottle = 0;
    },
    succeeded() {
      if (rate >= ceiling) return;
      successesSinceThrottle++;
      if (successesSinceThrottle >= 20) {
        rate = Math.min(ceiling, rate * 1.1);
        successesSinceThrottle = 0;
      }
    },
  };
}
