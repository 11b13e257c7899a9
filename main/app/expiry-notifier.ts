// Keeps the notification schedule running: evaluates it on every state change, on a timer
// armed for the next milestone, and whenever the shell says time may have jumped (resume,
// unlock). Timers run on a monotonic clock that stops during sleep and ignores wall-clock
// changes, so none is armed for longer than a minute: the schedule itself always uses `now()`.
import { notificationsDue, nextNotificationAt, type ExpiryNotification, type ScheduleState } from './notification-schedule.js';

const LONGEST_WAIT_MS = 60_000;

export interface ExpiryNotifierOptions {
  now(): number;
  show(notification: ExpiryNotification): void;
}

export class ExpiryNotifier {
  private readonly shown = new Set<string>();
  private state: ScheduleState | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: ExpiryNotifierOptions) {}

  update(state: ScheduleState): void {
    this.state = state;
    this.evaluate();
  }

  /** Shows whatever is due now and re-arms the timer. */
  evaluate(): void {
    if (!this.state) return;
    const now = this.options.now();
    for (const notification of notificationsDue(this.state, now, this.shown)) {
      for (const key of notification.covers) this.shown.add(key);
      this.options.show(notification);
    }
    this.arm(now);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.state = null;
  }

  private arm(now: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const next = this.state ? nextNotificationAt(this.state, now) : null;
    if (next === null) return;
    this.timer = setTimeout(() => this.evaluate(), Math.min(Math.max(next - now, 0), LONGEST_WAIT_MS));
    this.timer.unref?.();
  }
}
