// The contexts part of the tray menu: the current one, favourites first, then every context
// grouped by account → role, ticked where it is kubectl's current-context, with its last
// check; long lists folded into "first … last" submenus so no menu outgrows the screen.
import type { CheckStatus, ContextView, StateSnapshot } from '../contract.js';
import type { TrayItem } from './tray-menu-types.js';

export interface ContextListLimits {
  /** Up to this many contexts are listed inline under headings; more go into submenus. */
  inlineLimit: number;
  /** Longest list in one menu before it is folded into "first … last" submenus. */
  foldLimit: number;
}

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

export function contextItems(state: StateSnapshot, options: ContextListLimits): TrayItem[] {
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
