import { describe, expect, it } from 'vitest';
import { trayMenuModel } from '../../main/app/tray-menu-model.js';
import { fold } from '../../main/app/tray-context-items.js';
import type { TrayAction, TrayItem } from '../../main/app/tray-menu-types.js';
import { menuLabel, menuTemplate } from '../../main/app/tray-menu-template.js';
import { HOUR, MINUTE, T0, context, session, snapshot } from './state-fixtures.js';

/** The menu as a person reads it: one line per item, submenus indented, ticks shown. */
function outline(items: readonly TrayItem[], depth = 0): string[] {
  const pad = '  '.repeat(depth);
  return items.flatMap((item) => {
    switch (item.kind) {
      case 'separator':
        return [`${pad}---`];
      case 'text':
        return [`${pad}(${item.label})`];
      case 'action':
        return [`${pad}${item.label}${item.enabled ? '' : ' [disabled]'}`];
      case 'check':
        return [`${pad}[${item.checked ? 'x' : ' '}] ${item.label}`];
      case 'submenu':
        return [`${pad}${item.label} >`, ...outline(item.items, depth + 1)];
    }
  });
}

function findItem(items: readonly TrayItem[], label: string): TrayItem | undefined {
  for (const item of items) {
    if ('label' in item && item.label === label) return item;
    if (item.kind === 'submenu') {
      const found = findItem(item.items, label);
      if (found) return found;
    }
  }
  return undefined;
}

const options = { startAtLogin: false };

describe('the tray menu model', () => {
  it('signed in: the session with its time left, contexts grouped by account and role, the current one ticked', () => {
    const state = snapshot({
      contexts: [
        context({ cluster: { name: 'main' }, isCurrent: true }),
        context({ cluster: { name: 'batch', region: 'us-east-1' }, check: { status: 'unreachable', summary: 'no answer from the endpoint' } }),
        context({ roleName: 'ReadOnly', cluster: { name: 'main' }, check: { status: 'unauthorized', summary: 'role not mapped' } }),
        context({ accountName: 'acme-dev', accountId: '444455556666', cluster: { name: 'sandbox' }, check: { status: 'forbidden' } }),
      ],
    });
    const model = trayMenuModel(state, T0, options);
    expect(outline(model.items)).toEqual([
      'acme — 6 h 12 min left >',
      '  (https://acme.awsapps.com/start)',
      '  Sign in again',
      '  Sign out',
      '---',
      '(Current: acme-prod/AdministratorAccess/main — reachable)',
      '---',
      '(acme-dev · 444455556666 › AdministratorAccess)',
      '[ ] sandbox (eu-west-1) — no access (403)',
      '(acme-prod · 111122223333 › AdministratorAccess)',
      '[ ] batch (us-east-1) — unreachable',
      '[x] main (eu-west-1) — reachable',
      '(acme-prod · 111122223333 › ReadOnly)',
      '[ ] main (eu-west-1) — not mapped (401)',
      '---',
      'Refresh',
      'Open dashboard',
      '---',
      '[ ] Start at login',
      'Quit EKS SSO',
    ]);
    expect(model.icon).toBe('ok');
    expect(model.tooltip).toBe('EKS SSO\nacme — 6 h 12 min left');
    const batch = findItem(model.items, 'batch (us-east-1) — unreachable');
    expect(batch).toMatchObject({ action: { type: 'useContext', contextName: 'acme-prod/AdministratorAccess/batch' }, toolTip: 'no answer from the endpoint' });
  });

  it('expiring: the icon says so before the core does, from the clock', () => {
    const state = snapshot({ sessions: [session({ status: 'signed-in', sessionEndsAt: T0 + 12 * MINUTE })] });
    const model = trayMenuModel(state, T0, options);
    expect(outline(model.items)[0]).toBe('acme — 12 min left >');
    expect(model.icon).toBe('expiring');
  });

  it('expired: "sign in" right in the label, and the icon turns to expired', () => {
    const state = snapshot({ sessions: [session({ status: 'signed-in', sessionEndsAt: T0 - MINUTE })] });
    const model = trayMenuModel(state, T0, options);
    expect(outline(model.items).slice(0, 4)).toEqual(['acme — expired, sign in >', '  (https://acme.awsapps.com/start)', '  Sign in', '  Sign out']);
    expect(findItem(model.items, 'Sign in')).toMatchObject({ action: { type: 'signIn', session: 'acme' }, enabled: true });
    expect(model.icon).toBe('expired');
  });

  it('the worst state wins the icon: a failing current context is an error', () => {
    const state = snapshot({
      sessions: [session({ name: 'acme' }), session({ name: 'globex', sessionEndsAt: T0 + 3 * MINUTE })],
      contexts: [context({ isCurrent: true, check: { status: 'unauthorized' } })],
    });
    expect(trayMenuModel(state, T0, options).icon).toBe('error');
    const healthy = snapshot({ ...state, contexts: [context({ isCurrent: true })] });
    expect(trayMenuModel(healthy, T0, options).icon).toBe('expiring');
    expect(trayMenuModel(snapshot({ sessions: [] }), T0, options).icon).toBe('idle');
  });

  it('a failed sign-in says why until the next attempt; Refresh needs a live session', () => {
    const state = snapshot({
      sessions: [session({ status: 'signed-out', sessionEndsAt: null, expiresAt: null })],
      signInError: { code: 'access-denied', message: 'sign-in was denied in the browser', hint: 'Sign in again and choose Allow', retryable: false },
    });
    const lines = outline(trayMenuModel(state, T0, options).items);
    expect(lines.slice(0, 5)).toEqual(['(Sign-in failed: sign-in was denied in the browser)', 'acme — signed out >', '  (https://acme.awsapps.com/start)', '  Sign in', '  Sign out [disabled]']);
    expect(lines).toContain('Refresh [disabled]');
    expect(trayMenuModel(state, T0, options).icon).toBe('idle');
  });

  it('no contexts: says so, and offers sign-in when signed out', () => {
    expect(outline(trayMenuModel(snapshot(), T0, options).items)).toContain('(No clusters found yet)');
    const signedOut = trayMenuModel(snapshot({ sessions: [] }), T0, { startAtLogin: null });
    expect(outline(signedOut.items)).toEqual(['(Not signed in)', 'Sign in…', '---', 'Refresh [disabled]', 'Open dashboard', '---', 'Quit EKS SSO']);
    expect(signedOut.tooltip).toBe('EKS SSO — not signed in');
  });

  it('shows a sign-in in progress with its code, and discovery progress', () => {
    const state = snapshot({
      signIn: {
        session: 'acme',
        startUrl: 'https://acme.awsapps.com/start',
        region: 'eu-west-1',
        flow: 'device',
        phase: 'waiting',
        userCode: 'WDJB-MJHT',
        verificationUri: 'https://device.sso.eu-west-1.amazonaws.com/?user_code=WDJB-MJHT',
        expiresAt: T0 + 10 * MINUTE,
      },
      discovery: { phase: 'clusters', done: 3, total: 40, failures: [], startedAt: T0, finishedAt: null },
    });
    const lines = outline(trayMenuModel(state, T0, options).items);
    expect(lines.slice(0, 3)).toEqual(['(Signing in to acme — code WDJB-MJHT)', 'Open the sign-in page again', 'Cancel sign-in']);
    expect(lines).toContain('  Sign in again [disabled]');
    expect(lines).toContain('(Refreshing: clusters 3/40)');
    expect(lines).toContain('Refresh [disabled]');
  });

  it('many contexts: favourites first, then account → role submenus, long lists folded', () => {
    const contexts = [];
    for (let account = 0; account < 30; account++) {
      for (const roleName of ['Admin', 'ReadOnly']) {
        for (let cluster = 0; cluster < 3; cluster++) {
          contexts.push(context({ accountName: `account-${account}`, accountId: String(100000000000 + account), roleName, cluster: { name: `cluster-${cluster}` } }));
        }
      }
    }
    contexts[7] = { ...contexts[7]!, isFavourite: true, isCurrent: true };
    contexts[100] = { ...contexts[100]!, isFavourite: true };
    const model = trayMenuModel(snapshot({ contexts }), T0, options);
    const lines = outline(model.items);
    expect(lines.slice(5, 10)).toEqual([
      '(Current: account-1/Admin/cluster-1 — reachable)',
      '---',
      '(Favourites)',
      '[x] account-1/Admin/cluster-1 — reachable',
      '[ ] account-16/ReadOnly/cluster-1 — reachable',
    ]);
    // 30 accounts do not fit one menu of 20: two folded groups, named by their first and last account.
    const groups = model.items.filter((item): item is Extract<TrayItem, { kind: 'submenu' }> => item.kind === 'submenu').slice(1);
    expect(groups.map((group) => group.label)).toEqual(['account-0 · 100000000000 … account-19 · 100000000019', 'account-20 · 100000000020 … account-29 · 100000000029']);
    const account1 = groups[0]!.items[1]! as Extract<TrayItem, { kind: 'submenu' }>;
    expect(outline([account1])).toEqual([
      'account-1 · 100000000001 >',
      '  Admin >',
      '    [ ] cluster-0 (eu-west-1) — reachable',
      '    [x] cluster-1 (eu-west-1) — reachable',
      '    [ ] cluster-2 (eu-west-1) — reachable',
      '  ReadOnly >',
      '    [ ] cluster-0 (eu-west-1) — reachable',
      '    [ ] cluster-1 (eu-west-1) — reachable',
      '    [ ] cluster-2 (eu-west-1) — reachable',
    ]);
  });

  it('folds recursively so that no menu is longer than the limit', () => {
    const entries = Array.from({ length: 1000 }, (_, index) => ({ name: `c${String(index).padStart(4, '0')}`, item: { kind: 'text' as const, label: `c${index}` } }));
    const longest = (items: readonly TrayItem[]): number =>
      Math.max(items.length, ...items.map((item) => (item.kind === 'submenu' ? longest(item.items) : 0)));
    const folded = fold(entries, 20);
    expect(longest(folded)).toBeLessThanOrEqual(20);
    expect(folded[0]).toMatchObject({ kind: 'submenu', label: 'c0000 … c0399' });
  });

  it('leaves out contexts that are not in the kubeconfig (nothing to switch to)', () => {
    const state = snapshot({ contexts: [context({ cluster: { name: 'creating', status: 'CREATING' }, inKubeconfig: false }), context()] });
    const lines = outline(trayMenuModel(state, T0, options).items);
    expect(lines.some((line) => line.includes('creating'))).toBe(false);
    expect(lines).toContain('[ ] main (eu-west-1) — reachable');
  });

  it('the start-at-login tick reflects the login item and toggles it', () => {
    const on = trayMenuModel(snapshot(), T0, { startAtLogin: true });
    expect(findItem(on.items, 'Start at login')).toMatchObject({ checked: true, action: { type: 'setStartAtLogin', enabled: false } });
    const off = trayMenuModel(snapshot(), T0, { startAtLogin: false });
    expect(findItem(off.items, 'Start at login')).toMatchObject({ checked: false, action: { type: 'setStartAtLogin', enabled: true } });
  });

  it('shows no countdown while the sign-in still renews itself (no known end)', () => {
    const renewing = snapshot({ sessions: [session({ expiresAt: T0 + 40 * MINUTE, sessionEndsAt: null })] });
    const model = trayMenuModel(renewing, T0 + 39 * MINUTE, options);
    expect(outline(model.items)[0]).toBe('acme — signed in >');
    expect(model.icon).toBe('ok');
  });

  it('counts down as time passes without a new snapshot', () => {
    const state = snapshot();
    expect(outline(trayMenuModel(state, T0 + 6 * HOUR, options).items)[0]).toBe('acme — 12 min left >');
  });
});

describe('the Electron menu template', () => {
  it('keeps checkboxes (never radio groups), disabled text and clicks that dispatch the action', () => {
    const state = snapshot({ contexts: [context({ isCurrent: true })] });
    const dispatched: TrayAction[] = [];
    const template = menuTemplate(trayMenuModel(state, T0, options).items, (action) => dispatched.push(action), 'linux');
    const flat = template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? item.submenu : [])]);
    expect(flat.some((item) => item.type === 'radio')).toBe(false);
    const current = flat.find((item) => item.type === 'checkbox' && item.checked && item.label?.startsWith('main'));
    expect(current).toBeDefined();
    current!.click!({} as never, undefined, {} as never);
    expect(dispatched).toEqual([{ type: 'useContext', contextName: 'acme-prod/AdministratorAccess/main' }]);
    expect(flat.find((item) => item.label === '(https://acme.awsapps.com/start)' || item.label === 'https://acme.awsapps.com/start')).toMatchObject({ enabled: false });
  });

  it('keeps a literal "&" on Windows and Linux, where it would mark a mnemonic', () => {
    expect(menuLabel('R&D', 'win32')).toBe('R&&D');
    expect(menuLabel('R&D', 'linux')).toBe('R&&D');
    expect(menuLabel('R&D', 'darwin')).toBe('R&D');
  });
});
