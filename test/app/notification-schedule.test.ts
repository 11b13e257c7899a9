import { afterEach, describe, expect, it, vi } from 'vitest';
import { leadTimes, nextNotificationAt, notificationsDue, type ExpiryNotification } from '../../main/app/notification-schedule.js';
import { ExpiryNotifier } from '../../main/app/expiry-notifier.js';
import { defaultSettings } from '../../main/core/settings.js';
import { HOUR, MINUTE, T0, session, snapshot } from './state-fixtures.js';

const END = T0 + 8 * HOUR;
const state = (overrides: Parameters<typeof session>[0] = {}, leads = defaultSettings.notificationLeadMinutes) =>
  snapshot({ sessions: [session({ sessionEndsAt: END, expiresAt: T0 + HOUR, ...overrides })], settings: { ...defaultSettings, notificationLeadMinutes: leads } });

/** Runs the schedule the way the shell does: records what it showed, returns what it showed this time. */
function runner() {
  const shown = new Set<string>();
  return (current: ReturnType<typeof state>, now: number): ExpiryNotification[] => {
    const due = notificationsDue(current, now, shown);
    for (const notification of due) for (const key of notification.covers) shown.add(key);
    return due;
  };
}

describe('the expiry notification schedule', () => {
  it('says nothing while the session is far from its end', () => {
    expect(notificationsDue(state(), T0, new Set())).toEqual([]);
    expect(notificationsDue(state(), END - 15 * MINUTE - 1, new Set())).toEqual([]);
  });

  it('warns at 15 and 5 minutes and at expiry, each exactly once', () => {
    const run = runner();
    const current = state();
    const at15 = run(current, END - 15 * MINUTE);
    expect(at15.map((n) => [n.kind, n.body])).toEqual([['ending', 'Sign-in "acme" ends in 15 min and cannot be extended. Click to sign in again.']]);
    expect(run(current, END - 14 * MINUTE)).toEqual([]);
    expect(run(current, END - 10 * MINUTE)).toEqual([]);
    const at5 = run(current, END - 5 * MINUTE);
    expect(at5.map((n) => n.body)).toEqual(['Sign-in "acme" ends in 5 min and cannot be extended. Click to sign in again.']);
    expect(run(current, END - 1 * MINUTE)).toEqual([]);
    const atEnd = run(current, END);
    expect(atEnd.map((n) => [n.kind, n.title, n.session])).toEqual([['ended', 'AWS sign-in expired', 'acme']]);
    expect(run(current, END + HOUR)).toEqual([]);
  });

  it('after sleeping past every warning shows only "expired", and nothing older later', () => {
    const run = runner();
    const current = state();
    expect(run(current, END - 20 * MINUTE)).toEqual([]);
    // The laptop slept from 20 minutes before the end until 3 minutes after it.
    const onResume = run(current, END + 3 * MINUTE);
    expect(onResume.map((n) => n.kind)).toEqual(['ended']);
    expect(onResume[0]!.covers).toHaveLength(3);
    expect(run(current, END + 4 * MINUTE)).toEqual([]);
  });

  it('after a jump past the first warning shows that one with the real time left', () => {
    const run = runner();
    const current = state();
    const due = run(current, END - 7 * MINUTE - 30_000);
    expect(due.map((n) => n.body)).toEqual(['Sign-in "acme" ends in 7 min and cannot be extended. Click to sign in again.']);
    expect(run(current, END - 5 * MINUTE).map((n) => n.key)).toEqual([`acme@${END}:5m`]);
  });

  it('stays quiet when the clock goes back after a later warning was shown', () => {
    const run = runner();
    const current = state();
    expect(run(current, END).map((n) => n.kind)).toEqual(['ended']);
    // NTP or a manual change moves the clock back into the warning window.
    expect(run(current, END - 12 * MINUTE)).toEqual([]);
    expect(run(current, END - 4 * MINUTE)).toEqual([]);
  });

  it('starts over for a new sign-in (a new session end)', () => {
    const run = runner();
    expect(run(state(), END).map((n) => n.kind)).toEqual(['ended']);
    const renewed = state({ sessionEndsAt: END + 8 * HOUR });
    expect(run(renewed, END + 1 * MINUTE)).toEqual([]);
    expect(run(renewed, END + 8 * HOUR - 15 * MINUTE).map((n) => n.kind)).toEqual(['ending']);
  });

  it('never warns about what the app refreshes by itself', () => {
    // The access token expires in 2 minutes, but the refresh token carries the session for hours.
    const current = state({ expiresAt: T0 + 2 * MINUTE, sessionEndsAt: T0 + 5 * HOUR });
    expect(notificationsDue(current, T0 + 3 * MINUTE, new Set())).toEqual([]);
    expect(nextNotificationAt(current, T0)).toBe(T0 + 5 * HOUR - 15 * MINUTE);
  });

  it('says nothing while the refresh token still renews the sign-in (no known end)', () => {
    const renewing = state({ expiresAt: T0 + MINUTE, sessionEndsAt: null });
    expect(notificationsDue(renewing, T0 + 2 * MINUTE, new Set())).toEqual([]);
    expect(nextNotificationAt(renewing, T0)).toBeNull();
  });

  it('announces a session the portal ended early, and nothing for a signed-out one', () => {
    const revoked = state({ status: 'expired', sessionEndsAt: T0 + 5 * HOUR });
    expect(notificationsDue(revoked, T0, new Set()).map((n) => n.kind)).toEqual(['ended']);
    expect(nextNotificationAt(revoked, T0)).toBeNull();
    const signedOut = state({ status: 'signed-out', sessionEndsAt: null, expiresAt: null });
    expect(notificationsDue(signedOut, T0, new Set())).toEqual([]);
  });

  it('uses the configured lead times, ignoring duplicates and nonsense', () => {
    expect(leadTimes([5, 30, 5, 0, -3, 10])).toEqual([30, 10, 5]);
    const run = runner();
    const current = state({}, [30, 1]);
    expect(run(current, END - 30 * MINUTE).map((n) => n.key)).toEqual([`acme@${END}:30m`]);
    expect(run(current, END - 15 * MINUTE)).toEqual([]);
    expect(run(current, END - 1 * MINUTE).map((n) => n.key)).toEqual([`acme@${END}:1m`]);
  });

  it('handles each session on its own', () => {
    const current = snapshot({
      sessions: [session({ name: 'acme', sessionEndsAt: END }), session({ name: 'globex', startUrl: 'https://globex.awsapps.com/start', sessionEndsAt: END + HOUR })],
    });
    expect(notificationsDue(current, END - 5 * MINUTE, new Set()).map((n) => n.session)).toEqual(['acme']);
    expect(nextNotificationAt(current, END - 5 * MINUTE)).toBe(END);
    expect(nextNotificationAt(current, END)).toBe(END + HOUR - 15 * MINUTE);
  });
});

describe('the notifier that runs the schedule', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires on time while awake and catches up at once after sleep', () => {
    vi.useFakeTimers();
    vi.setSystemTime(END - 16 * MINUTE);
    const shown: string[] = [];
    const notifier = new ExpiryNotifier({ now: () => Date.now(), show: (notification) => shown.push(notification.key) });
    notifier.update(state());
    expect(shown).toEqual([]);
    vi.advanceTimersByTime(61 * 1000);
    expect(shown).toEqual([`acme@${END}:15m`]);
    // Asleep: the wall clock moves on, timers do not fire. Resume re-evaluates at once.
    vi.setSystemTime(END + 2 * MINUTE);
    notifier.evaluate();
    expect(shown).toEqual([`acme@${END}:15m`, `acme@${END}:ended`]);
    // A state update with the same session shows nothing again.
    notifier.update(state());
    vi.advanceTimersByTime(10 * MINUTE);
    expect(shown).toHaveLength(2);
    notifier.close();
  });
});
