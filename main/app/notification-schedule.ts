// When to warn that an SSO session is about to end: a pure function of the state, the time and
// what was already shown, so sleep, resume and clock jumps are just another call with a new
// `now`. Only the session end is announced — access tokens and role credentials are refreshed
// silently, so they never produce a notification.
import type { SessionView, StateSnapshot } from '../contract.js';
import { formatDuration } from './time-left.js';

const MINUTE = 60_000;

export interface ExpiryNotification {
  /** Unique per session, session end and milestone: the same key is never shown twice. */
  key: string;
  session: string;
  kind: 'ending' | 'ended';
  title: string;
  body: string;
  /** This key and every earlier milestone it makes pointless: record them all as shown. */
  covers: string[];
}

interface Milestone {
  key: string;
  at: number;
  kind: 'ending' | 'ended';
}

export type ScheduleState = Pick<StateSnapshot, 'sessions' | 'settings'>;

/** Lead times in minutes, largest first, without duplicates or nonsense values. */
export function leadTimes(leadMinutes: readonly number[]): number[] {
  return [...new Set(leadMinutes.filter((minutes) => Number.isFinite(minutes) && minutes > 0))].sort((a, b) => b - a);
}

function sessionEnd(session: SessionView): number | null {
  // Signed out on purpose (or never signed in): nothing to warn about.
  if (session.status === 'signed-out') return null;
  if (session.sessionEndsAt !== null) return session.sessionEndsAt;
  // An expired session without a known end (revoked, say) is still announced once.
  return session.status === 'expired' ? (session.expiresAt ?? 0) : null;
}

/** The session a notification key is about: keys start with the session name and '@', which a name never holds. */
export function sessionOfKey(key: string): string {
  const at = key.indexOf('@');
  return at < 0 ? key : key.slice(0, at);
}

function milestones(session: SessionView, leads: readonly number[]): Milestone[] {
  const end = sessionEnd(session);
  if (end === null) return [];
  const prefix = `${session.name}@${end}`;
  return [
    ...leads.map((minutes) => ({ key: `${prefix}:${minutes}m`, at: end - minutes * MINUTE, kind: 'ending' as const })),
    { key: `${prefix}:ended`, at: end, kind: 'ended' as const },
  ];
}

function passed(milestone: Milestone, session: SessionView, now: number): boolean {
  // The core may know a session is over before its nominal end (revoked at the portal).
  return milestone.at <= now || (milestone.kind === 'ended' && session.status === 'expired');
}

/**
 * The notifications to show now. After a jump past several milestones (sleep, a clock change)
 * only the latest one is shown: "expired" makes "15 min left" pointless.
 */
export function notificationsDue(state: ScheduleState, now: number, shown: Pick<ReadonlySet<string>, 'has'>): ExpiryNotification[] {
  const leads = leadTimes(state.settings.notificationLeadMinutes);
  const due: ExpiryNotification[] = [];
  for (const session of state.sessions) {
    const all = milestones(session, leads);
    const reached = all.filter((milestone) => passed(milestone, session, now));
    const latest = reached.at(-1);
    if (!latest) continue;
    // Already told this, or something later (the clock went backwards): stay quiet.
    const laterOrSame = all.slice(all.indexOf(latest));
    if (laterOrSame.some((milestone) => shown.has(milestone.key))) continue;
    due.push(describe(session, latest, reached, now));
  }
  return due;
}

function describe(session: SessionView, milestone: Milestone, reached: Milestone[], now: number): ExpiryNotification {
  const covers = reached.map((each) => each.key);
  if (milestone.kind === 'ended') {
    return {
      key: milestone.key,
      session: session.name,
      kind: 'ended',
      title: 'AWS sign-in expired',
      body: `Sign-in "${session.name}" has expired. Click to sign in again.`,
      covers,
    };
  }
  return {
    key: milestone.key,
    session: session.name,
    kind: 'ending',
    title: 'AWS sign-in ending soon',
    // The actual time left, not the lead time: after a late wake-up they differ.
    body: `Sign-in "${session.name}" ends in ${formatDuration((sessionEnd(session) ?? now) - now)} and cannot be extended. Click to sign in again.`,
    covers,
  };
}

/** The next moment a notification may become due (to arm a timer), or null when none will. */
export function nextNotificationAt(state: ScheduleState, now: number): number | null {
  const leads = leadTimes(state.settings.notificationLeadMinutes);
  let next: number | null = null;
  for (const session of state.sessions) {
    if (session.status === 'expired') continue;
    for (const milestone of milestones(session, leads)) {
      if (milestone.at > now && (next === null || milestone.at < next)) next = milestone.at;
    }
  }
  return next;
}
