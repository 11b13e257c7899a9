// Pacing for one account + region: EKS throttles per account and region with a token bucket,
// so we keep one of our own just below it (a burst, then a steady rate) and halve the rate
// for a while when the service says 429 anyway. One bucket per account + region: unrelated
// accounts never wait for each other.
import type { Clock } from '../context.js';

export interface Pacer {
  take(signal?: AbortSignal): Promise<void>;
  throttled(): void;
  succeeded(): void;
  readonly rate: number;
}

export function createTokenBucket(clock: Clock, ratePerSecond: number, burst: number): Pacer {
  const ceiling = Math.max(0.1, ratePerSecond);
  let rate = ceiling;
  let tokens = Math.max(1, burst);
  let updatedAt = clock.now();
  let calm = 0;
  // Callers queue on one promise chain so that the order of take() is the order of sends.
  let queue: Promise<void> = Promise.resolve();

  function refill(): void {
    const now = clock.now();
    tokens = Math.min(Math.max(1, burst), tokens + ((now - updatedAt) / 1000) * rate);
    updatedAt = now;
  }

  return {
    get rate() {
      return rate;
    },
    take(signal) {
      const turn = queue.then(async () => {
        refill();
        if (tokens < 1) {
          await clock.sleep(Math.ceil(((1 - tokens) / rate) * 1000), signal);
          refill();
        }
        tokens -= 1;
      });
      queue = turn.catch(() => {});
      return turn;
    },
    throttled() {
      rate = Math.max(ceiling / 8, rate / 2);
      tokens = Math.min(tokens, 0);
      calm = 0;
    },
    succeeded() {
      if (rate >= ceiling) return;
      calm += 1;
      if (calm >= 10) {
        rate = Math.min(ceiling, rate * 1.25);
        calm = 0;
      }
    },
  };
}
