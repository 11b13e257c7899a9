// The dashboard's view of main's state: the latest snapshot (replaced whole, never mutated,
// so 3,000 contexts are not deep-proxied) and a clock that ticks between snapshots so
// countdowns move without main pushing every second.
import type { Bridge, SessionView, StateSnapshot } from '../../../main/contract.js';
import { sessionEnd } from './format.js';

export class DashboardState {
  snapshot = $state.raw<StateSnapshot | null>(null);
  private receivedAt = $state(0);
  private localNow = $state(Date.now());

  /** Main's clock, advanced by the time passed since the last snapshot. */
  now = $derived(this.snapshot ? this.snapshot.now + (this.localNow - this.receivedAt) : this.localNow);

  /** Sessions that need the person: expired, or ending within the first notification lead time. */
  endingSessions = $derived.by(() => {
    const snapshot = this.snapshot;
    if (!snapshot) return [];
    const leadMs = Math.max(15, ...snapshot.settings.notificationLeadMinutes) * 60_000;
    return snapshot.sessions.filter((session: SessionView) => {
      if (session.status === 'signed-out') return false;
      if (session.status !== 'signed-in') return true;
      const end = sessionEnd(session);
      return end !== null && end - this.now <= leadMs;
    });
  });

  constructor(readonly bridge: Bridge) {}

  /** Starts listening; returns the function that stops. */
  connect(): () => void {
    const unsubscribe = this.bridge.onState((state) => {
      this.receivedAt = Date.now();
      this.localNow = this.receivedAt;
      this.snapshot = state;
    });
    const timer = setInterval(() => (this.localNow = Date.now()), 1000);
    // Back online (Wi-Fi, VPN): rows that failed while offline are checked now rather than at
    // their backed-off time. `eks-sso ui` has no other way to learn of a network change.
    const onOnline = () => void this.bridge.recheck({}).catch(() => undefined);
    window.addEventListener('online', onOnline);
    return () => {
      unsubscribe();
      clearInterval(timer);
      window.removeEventListener('online', onOnline);
    };
  }
}
