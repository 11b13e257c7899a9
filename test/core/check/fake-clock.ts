// A clock the test moves by hand: sleep() resolves only when advance() passes its deadline.
import type { Clock } from '../../../main/core/context.js';

export class FakeClock implements Clock {
  private current: number;
  private timers: Array<{ at: number; resolve: () => void }> = [];
  constructor(start = Date.UTC(2026, 10, 29, 12)) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const timer = { at: this.current + ms, resolve: () => resolve() };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((one) => one !== timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }
  /** Sleepers waiting right now. */
  pending(): number {
    return this.timers.length;
  }
  async advance(ms: number): Promise<void> {
    this.current += ms;
    const due = this.timers.filter((timer) => timer.at <= this.current);
    this.timers = this.timers.filter((timer) => timer.at > this.current);
    for (const timer of due) timer.resolve();
    await settle();
  }
}

/** Lets promise chains and immediate callbacks run. */
export async function settle(rounds = 10): Promise<void> {
  for (let index = 0; index < rounds; index++) await new Promise((resolve) => setImmediate(resolve));
}
