// Tracks how far this computer's clock is from the servers' (their Date header). Expiry
// times from the portal are absolute, so a skewed clock makes fresh credentials look stale
// (or stale ones fresh); when that happens we say "clock" rather than "session expired".
import { CoreError } from '../errors.js';
import type { Clock } from '../context.js';

export const TOLERATED_SKEW_MS = 5 * 60 * 1000;

export class ClockSkew {
  private offsetMs = 0;

  constructor(private readonly clock: Clock) {}

  /** Record a server Date header (second resolution). */
  readonly observe = (serverDateMs: number): void => {
    this.offsetMs = serverDateMs - this.clock.now();
  };

  /** Server time minus local time, from the last response seen. */
  get offset(): number {
    return this.offsetMs;
  }

  isSkewed(): boolean {
    return Math.abs(this.offsetMs) > TOLERATED_SKEW_MS;
  }

  error(): CoreError {
    const minutes = Math.round(Math.abs(this.offsetMs) / 60_000);
    const direction = this.offsetMs > 0 ? 'behind' : 'ahead of';
    return new CoreError('clock-skew', `this computer's clock is ${minutes} minutes ${direction} the AWS clock`, {
      hint: 'Turn on automatic date and time (NTP), then try again',
    });
  }
}
