// The tray menu as plain data: a pure function of the state snapshot and the time, so every
// label, tick and grouping is table-tested without Electron. tray-menu-template.ts turns it
// into Electron's menu template.
import type { CheckStatus, SessionView, StateSnapshot } from '../contract.js';
import type { TrayIconState } from './tray-icon.js';
import { leadTimes } from './notification-schedule.js';
import { timeLeft } from './time-left.js';
import { contextItems } from './tray-context-items.js';
import type { TrayItem } from './tray-menu-types.js';

export type { TrayAction, TrayItem } from './tray-menu-types.js';

export interface TrayModel {
  items: TrayItem[];
  icon: TrayIconState;
  tooltip: string;
}

export interface TrayModelOptions {
  /** From app.getLoginItemSettings().openAtLogin; null where the OS has no login items (Linux). */
  startAtLogin: boolean | null;
  /** See ContextListLimits. */
  inlineLimit?: number;
  foldLimit?: number;
}

const DEFAULT_INLINE_LIMIT = 10;
const DEFAULT_FOLD_LIMIT = 20;

/** What kubectl would hit on the current context that the person has to act on. */
const FAILING_CHECKS: ReadonlySet<CheckStatus> = new Set(['unauthorized', 'forbidden', 'unreachable', 'tls', 'not-active', 'error']);

type EffectiveStatus = SessionView['status'];

/** The core's status, corrected by the clock: the menu may be rebuilt long after the snapshot. */
export function effectiveStatus(session: SessionView, now: number, warnWithinMs: number): EffectiveStatus {
  if (session.status === 'signed-out') return 'signed-out';
  const end = session.sessionEndsAt;
  if (session.status === 'expired' || (end !== null && end <= now)) return 'expired';
  if (session.status === 'expiring' || (end !== null && end - now <= warnWithinMs)) return 'expiring';
  return 'signed-in';
}

export function sessionLabel(session: SessionView, now: number, warnWithinMs: number): string {
  const status = effectiveStatus(session, now, warnWithinMs);
  if (status === 'expired') return `${session.name} — expired, sign in`;
  if (status === 'signed-out') return `${session.name} — signed out`;
  // No known end: the refresh token still renews the sign-in, so there is nothing to count down
  // (the access token's own expiry is refreshed away and would only mislead).
  const left = session.sessionEndsAt === null ? null : timeLeft(session.sessionEndsAt, now);
  return left ? `${session.name} — ${left}` : `${session.name} — signed in`;
}

/** The worst state, for the icon: error > expired > expiring > ok; idle when nothing is signed in. */
export function trayIconState(state: StateSnapshot, now: number): TrayIconState {
  const warnWithin = warnWithinMs(state);
  const current = state.contexts.find((context) => context.isCurrent);
  if (current && FAILING_CHECKS.has(current.check.status)) return 'error';
  const statuses = state.sessions.map((session) => effectiveStatus(session, now, warnWithin));
  if (statuses.includes('expired')) return 'expired';
  if (statuses.includes('expiring')) return 'expiring';
  if (statuses.includes('signed-in')) return 'ok';
  return 'idle';
}

function warnWithinMs(state: StateSnapshot): number {
  return (leadTimes(state.settings.notificationLeadMinutes)[0] ?? 15) * 60_000;
}

function sessionItems(state: StateSnapshot, now: number): TrayItem[] {
  const warnWithin = warnWithinMs(state);
  const items: TrayItem[] = [];
  if (state.signIn) {
    const code = state.signIn.userCode ? ` — code ${state.signIn.userCode}` : '';
    items.push(
      { kind: 'text', label: `Signing in to ${state.signIn.session}${code}` },
      { kind: 'action', label: 'Open the sign-in page again', action: { type: 'reopenBrowser' }, enabled: true },
      { kind: 'action', label: 'Cancel sign-in', action: { type: 'cancelSignIn' }, enabled: true },
    );
  }
  if (state.signInError && !state.signIn) items.push({ kind: 'text', label: `Sign-in failed: ${state.signInError.message}` });
  if (state.sessions.length === 0 && !state.signIn) {
    items.push(
      { kind: 'text', label: 'Not signed in' },
      { kind: 'action', label: 'Sign in…', action: { type: 'openDashboard' }, enabled: true },
    );
  }
  const signingIn = state.signIn !== null;
  for (const session of state.sessions) {
    const status = effectiveStatus(session, now, warnWithin);
    const expired = status === 'expired' || status === 'signed-out';
    items.push({
      kind: 'submenu',
      label: sessionLabel(session, now, warnWithin),
      items: [
        { kind: 'text', label: session.startUrl },
        { kind: 'action', label: expired ? 'Sign in' : 'Sign in again', action: { type: 'signIn', session: session.name }, enabled: !signingIn },
        { kind: 'action', label: 'Sign out', action: { type: 'signOut', session: session.name }, enabled: status !== 'signed-out' },
      ],
    });
  }
  return items;
}

/** Something to refresh (a session with a token) and nothing refreshing already. */
function canRefresh(state: StateSnapshot): boolean {
  return state.discovery.phase === 'idle' && state.sessions.some((session) => session.status === 'signed-in' || session.status === 'expiring');
}

function tooltip(state: StateSnapshot, now: number): string {
  if (state.sessions.length === 0) return 'EKS SSO — not signed in';
  const warnWithin = warnWithinMs(state);
  return ['EKS SSO', ...state.sessions.map((session) => sessionLabel(session, now, warnWithin))].join('\n');
}

export function trayMenuModel(state: StateSnapshot, now: number, options: TrayModelOptions): TrayModel {
  const limits = { inlineLimit: options.inlineLimit ?? DEFAULT_INLINE_LIMIT, foldLimit: options.foldLimit ?? DEFAULT_FOLD_LIMIT };
  const items: TrayItem[] = [
    ...sessionItems(state, now),
    { kind: 'separator' },
    ...contextItems(state, limits),
    { kind: 'separator' },
    { kind: 'action', label: 'Refresh', action: { type: 'refresh' }, enabled: canRefresh(state) },
    { kind: 'action', label: 'Open dashboard', action: { type: 'openDashboard' }, enabled: true },
    { kind: 'separator' },
    ...(options.startAtLogin === null
      ? []
      : [{ kind: 'check' as const, label: 'Start at login', checked: options.startAtLogin, action: { type: 'setStartAtLogin' as const, enabled: !options.startAtLogin } }]),
    { kind: 'action', label: 'Quit EKS SSO', action: { type: 'quit' }, enabled: true },
  ];
  return { items: tidySeparators(items), icon: trayIconState(state, now), tooltip: tooltip(state, now) };
}

/** No separator first, last or twice in a row. */
function tidySeparators(items: TrayItem[]): TrayItem[] {
  return items.filter(
    (item, index) => item.kind !== 'separator' || (index > 0 && index < items.length - 1 && items[index - 1]!.kind !== 'separator'),
  );
}
