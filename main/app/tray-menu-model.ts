// The tray menu as plain data: a pure function of the state snapshot and the time, so every
// label, tick and grouping is table-tested without Electron. tray-menu-template.ts turns it
// into Electron's menu template.
import type { CheckStatus, ContextView, SessionView, StateSnapshot } from '../contract.js';
import type { TrayIconState } from './tray-icon.js';
import { leadTimes } from './notification-schedule.js';
import { timeLeft } from './time-left.js';

export type TrayAction =
  | { type: 'signIn'; session: string }
  | { type: 'signOut'; session: string }
  | { type: 'cancelSignIn' }
  | { type: 'reopenBrowser' }
  | { type: 'useContext'; contextName: string }
  | { type: 'refresh' }
  | { type: 'openDashboard' }
  | { type: 'setStartAtLogin'; enabled: boolean }
  | { type: 'quit' };

export type TrayItem =
  | { kind: 'text'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; label: string; action: TrayAction; enabled: boolean }
  | { kind: 'check'; label: string; checked: boolean; action: TrayAction; toolTip?: string }
  | { kind: 'submenu'; label: string; items: TrayItem[] };

export interface TrayModel {
  items: TrayItem[];
  icon: TrayIconState;
  tooltip: string;
}

export interface TrayModelOptions {
  /** From app.getLoginItemSettings().openAtLogin; null where the OS has no login items (Linux). */
  startAtLogin: boolean | null;
  /** Up to this many contexts are listed inline under headings; more go into submenus. */
  inlineLimit?: number;
  /** Longest list in one menu before it is folded into "first … last" submenus. */
  foldLimit?: number;
}

const DEFAULT_INLINE_LIMIT = 10;
const DEFAULT_FOLD_LIMIT = 20;

export const CHECK_LABELS: Record<CheckStatus, string> = {
  ok: 'reachable',
  unauthorized: 'not mapped (401)',
  forbidden: 'no access (403)',
  unreachable: 'unreachable',
  tls: 'TLS error',
  'not-active': 'cluster not active',
  'signed-out': 'signed out',
  pending: 'not checked yet',
  checking: 'checking…',
  error: 'check failed',
};

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

function contextItem(context: ContextView, label: string): TrayItem {
  return {
    kind: 'check',
    label: `${label} — ${CHECK_LABELS[context.check.status]}`,
    // A tick, not a radio: Electron forces one checked item in every radio group, which would
    // mark a context in each role's submenu as current.
    checked: context.isCurrent,
    action: { type: 'useContext', contextName: context.contextName },
    ...(context.check.summary ? { toolTip: context.check.summary } : {}),
  };
}

function clusterLabel(context: ContextView): string {
  return `${context.cluster.name} (${context.cluster.region})`;
}

interface Named {
  name: string;
  /** For a folded group: the name of the last entry inside it. */
  lastName?: string;
  item: TrayItem;
}

/** Splits a long list into "first … last" submenus, recursively, so no menu exceeds `limit`. */
export function fold(entries: readonly Named[], limit: number): TrayItem[] {
  if (entries.length <= limit) return entries.map((entry) => entry.item);
  const chunks: Named[] = [];
  for (let start = 0; start < entries.length; start += limit) {
    const chunk = entries.slice(start, start + limit);
    const first = chunk[0]!.name;
    const final = chunk.at(-1)!;
    const last = final.lastName ?? final.name;
    chunks.push({ name: first, lastName: last, item: { kind: 'submenu', label: first === last ? first : `${first} … ${last}`, items: chunk.map((entry) => entry.item) } });
  }
  return fold(chunks, limit);
}

const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });

interface RoleGroup {
  roleName: string;
  contexts: ContextView[];
}

interface AccountGroup {
  label: string;
  roles: RoleGroup[];
}

function groupByAccountAndRole(contexts: readonly ContextView[]): AccountGroup[] {
  const accounts = new Map<string, Map<string, ContextView[]>>();
  const labels = new Map<string, string>();
  for (const context of contexts) {
    const accountKey = `${context.session}\u0000${context.accountId}`;
    labels.set(accountKey, `${context.accountName} · ${context.accountId}`);
    const roles = accounts.get(accountKey) ?? new Map<string, ContextView[]>();
    accounts.set(accountKey, roles);
    const list = roles.get(context.roleName) ?? [];
    roles.set(context.roleName, list);
    list.push(context);
  }
  return [...accounts.entries()]
    .map(([key, roles]) => ({
      label: labels.get(key)!,
      roles: [...roles.entries()]
        .map(([roleName, list]) => ({ roleName, contexts: [...list].sort((a, b) => byName(clusterLabel(a), clusterLabel(b))) }))
        .sort((a, b) => byName(a.roleName, b.roleName)),
    }))
    .sort((a, b) => byName(a.label, b.label));
}

function contextItems(state: StateSnapshot, options: Required<Omit<TrayModelOptions, 'startAtLogin'>>): TrayItem[] {
  const items: TrayItem[] = [];
  const { discovery } = state;
  // Clusters without an endpoint yet (CREATING, FAILED) are not in the kubeconfig: nothing to switch to.
  const contexts = state.contexts.filter((context) => context.inKubeconfig);
  if (discovery.phase !== 'idle') {
    const progress = discovery.total > 0 ? ` ${discovery.done}/${discovery.total}` : '';
    items.push({ kind: 'text', label: `Refreshing: ${discovery.phase}${progress}` });
  }
  if (contexts.length === 0) {
    if (state.sessions.length > 0 && discovery.phase === 'idle') items.push({ kind: 'text', label: 'No clusters found yet' });
    return items;
  }
  const current = contexts.find((context) => context.isCurrent);
  if (current) items.push({ kind: 'text', label: `Current: ${current.contextName} — ${CHECK_LABELS[current.check.status]}` });

  const favourites = contexts.filter((context) => context.isFavourite).sort((a, b) => byName(a.contextName, b.contextName));
  if (favourites.length > 0) {
    items.push({ kind: 'separator' }, { kind: 'text', label: 'Favourites' });
    items.push(...fold(favourites.map((context) => ({ name: context.contextName, item: contextItem(context, context.contextName) })), options.foldLimit));
  }

  items.push({ kind: 'separator' });
  const accounts = groupByAccountAndRole(contexts);
  if (contexts.length <= options.inlineLimit) {
    // A handful of contexts: show them all at once under "account › role" headings.
    for (const account of accounts) {
      for (const role of account.roles) {
        items.push({ kind: 'text', label: `${account.label} › ${role.roleName}` });
        items.push(...role.contexts.map((context) => contextItem(context, clusterLabel(context))));
      }
    }
    return items;
  }
  const accountEntries = accounts.map((account) => {
    const roleEntries = account.roles.map((role) => ({
      name: role.roleName,
      item: {
        kind: 'submenu' as const,
        label: role.roleName,
        items: fold(
          role.contexts.map((context) => ({ name: clusterLabel(context), item: contextItem(context, clusterLabel(context)) })),
          options.foldLimit,
        ),
      },
    }));
    return { name: account.label, item: { kind: 'submenu' as const, label: account.label, items: fold(roleEntries, options.foldLimit) } };
  });
  items.push({ kind: 'text', label: 'Contexts' }, ...fold(accountEntries, options.foldLimit));
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
