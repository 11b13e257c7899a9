// Keeps the notification schedule running: evaluates it on every state change, on a timer
// armed for the next milestone, and whenever the shell says time may have jumped (resume,
// unlock). Timers run on a monotonic clock that stops during sleep and ignores wall-clock
// changes, so none is armed for longer than a minute: the schedule itself always uses `now()`.
import { notificationsDue, nextNotificationAt, sessionOfKey, type ExpiryNotification, type ScheduleState } from './notification-schedule.js';
import type { RememberedKeys } from './remembered-keys.js';

const LONGEST_WAIT_MS = 60_000;

export interface ExpiryNotifierOptions {
  now(): number;
  show(notification: ExpiryNotification): void;
  /** What was already shown, kept across restarts (the app's config folder); in memory if absent. */
  shown?: Pick<RememberedKeys, 'has' | 'remember'>;
}

function inMemoryKeys(): Pick<RememberedKeys, 'has' | 'remember'> {
  const keys = new Set<string>();
  return {
    has: (key) => keys.has(key),
    remember(added, keep = () => true) {
      for (const key of added) keys.add(key);
      for (const key of [...keys]) if (!keep(key)) keys.delete(key);
    },
  };
}

export class ExpiryNotifier {
  private readonly shown: Pick<RememberedKeys, 'has' | 'remember'>;
  private state: ScheduleState | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: ExpiryNotifierOptions) {
    this.shown = options.shown ?? inMemoryKeys();
  }

  update(state: ScheduleState): void {
    this.state = state;
    this.evaluate();
  }

  /** Shows whatever is due now and re-arms the timer. */
  evaluate(): void {
    if (!this.state) return;
    const now = this.options.now();
    const due = notificationsDue(this.state, now, this.shown);
    if (due.length > 0) {
      // Recorded before showing, and pruned of sessions that no longer exist, so the file stays small.
      const sessions = new Set(this.state.sessions.map((session) => session.name));
      this.shown.remember(
        due.flatMap((notification) => notification.covers),
        (key) => sessions.has(sessionOfKey(key)),
      );
    }
    for (const notification of due) this.options.show(notification);
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
