// The tray and the notifications, wired to a controller through the fake Electron seam.
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SHOWN_NOTIFICATIONS_FILE } from '../../main/app/shell.js';
import { FakeNotification } from '../helpers/fake-electron.js';
import { CoreError } from '../../main/core/errors.js';
import { FakeController } from './fake-controller.js';
import { HOUR, MINUTE, T0, context, session, snapshot } from './state-fixtures.js';
import { startTestShell } from './start-test-shell.js';
import { trayIconPng } from '../../main/app/tray-icon.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

function twoContexts(current: string | null) {
  return snapshot({
    contexts: [
      context({ cluster: { name: 'main' }, isCurrent: current === 'main' }),
      context({ cluster: { name: 'batch' }, isCurrent: current === 'batch', check: { status: 'forbidden', summary: 'RBAC denies list nodes' } }),
    ],
  });
}

describe('the tray', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the state as soon as the controller has started, with a context menu on Linux', async () => {
    const { tray, controller } = await startTestShell({ controller: new FakeController(twoContexts('main')), shell: { now: () => T0 } });
    expect(controller.started).toBe(true);
    expect(tray().menu.map((item) => item.label ?? item.type)).toEqual([
      'acme — 6 h 12 min left',
      'separator',
      'Current: acme-prod/AdministratorAccess/main — reachable',
      'separator',
      'acme-prod · 111122223333 › AdministratorAccess',
      'batch (eu-west-1) — no access (403)',
      'main (eu-west-1) — reachable',
      'separator',
      'Refresh',
      'Open dashboard',
      'separator',
      'Quit EKS SSO',
    ]);
    expect(tray().tooltip).toBe('EKS SSO\nacme — 6 h 12 min left');
    expect(tray().image.buffer.equals(trayIconPng('ok', 32))).toBe(true);
  });

  it('choosing a context calls the controller and rebuilds the menu with the new tick', async () => {
    const { tray, controller } = await startTestShell({ controller: new FakeController(twoContexts('main')), shell: { now: () => T0 } });
    const builds = tray().menuBuilds;
    tray().item('batch (eu-west-1) — no access (403)')!.click!();
    await settle();
    expect(controller.callsOf('useContext')).toEqual([{ contextName: 'acme-prod/AdministratorAccess/batch' }]);
    expect(tray().menuBuilds).toBeGreaterThan(builds);
    expect(tray().item('batch (eu-west-1) — no access (403)')!.checked).toBe(true);
    expect(tray().item('main (eu-west-1) — reachable')!.checked).toBe(false);
    // The current context now fails its check: the icon turns to "error".
    expect(tray().image.buffer.equals(trayIconPng('error', 32))).toBe(true);
  });

  it('a failed switch rebuilds the menu anyway (undoing the tick Electron set) and says why', async () => {
    const controller = new FakeController(twoContexts('main'));
    const { tray } = await startTestShell({ controller, shell: { now: () => T0 } });
    controller.failNext.useContext = new CoreError('locked', 'the kubeconfig is locked by another process', { hint: 'Try again in a moment' });
    const builds = tray().menuBuilds;
    tray().item('batch (eu-west-1) — no access (403)')!.click!();
    await settle();
    expect(tray().menuBuilds).toBe(builds + 1);
    expect(tray().item('main (eu-west-1) — reachable')!.checked).toBe(true);
    expect(FakeNotification.instances.map((n) => [n.options.title, n.options.body, n.shown])).toEqual([
      ['Could not switch to acme-prod/AdministratorAccess/batch', 'the kubeconfig is locked by another process. Try again in a moment', true],
    ]);
  });

  it('does not rebuild an unchanged menu, but does when the state changes', async () => {
    const controller = new FakeController(twoContexts('main'));
    const { tray } = await startTestShell({ controller, shell: { now: () => T0 } });
    const builds = tray().menuBuilds;
    controller.set(twoContexts('main'));
    expect(tray().menuBuilds).toBe(builds);
    controller.set(snapshot({ ...twoContexts('main'), sessions: [session({ sessionEndsAt: T0 + 10 * MINUTE })] }));
    expect(tray().menuBuilds).toBe(builds + 1);
    expect(tray().item(/^acme — /)!.label).toBe('acme — 10 min left');
  });

  it('Sign in, Sign out, Refresh and Quit call through', async () => {
    const expired = snapshot({ sessions: [session({ status: 'expired', sessionEndsAt: T0 - MINUTE })] });
    const { tray, controller, calls, window } = await startTestShell({ controller: new FakeController(expired), shell: { now: () => T0 } });
    expect(tray().item('acme — expired, sign in')).toBeDefined();
    window().emit('close', { preventDefault() {} });
    tray().item('Sign in')!.click!();
    tray().item('Sign out')!.click!();
    tray().item('Refresh')!.click!();
    await settle();
    expect(controller.callsOf('signIn')).toEqual([{ startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', session: 'acme' }]);
    expect(controller.callsOf('signOut')).toEqual([{ session: 'acme' }]);
    expect(controller.callsOf('refresh')).toEqual([{}]);
    // Signing in shows the window, where the code to approve is displayed.
    expect(window().visible).toBe(true);
    tray().item('Quit EKS SSO')!.click!();
    expect(calls.quit).toBe(1);
    expect(controller.closed).toBe(true);
  });

  it('Start at login toggles the login item (macOS and Windows) and the tick follows', async () => {
    const { tray, calls } = await startTestShell({ shell: { platform: 'darwin', now: () => T0 } });
    expect(tray().item('Start at login')!.checked).toBe(false);
    tray().item('Start at login')!.click!();
    await settle();
    expect(calls.loginItemSettings).toEqual([{ openAtLogin: true, args: ['--hidden'] }]);
    expect(tray().item('Start at login')!.checked).toBe(true);
    // A macOS menu-bar icon is a template image drawn at scale 2.
    expect(tray().image).toMatchObject({ template: true, options: { scaleFactor: 2 } });
  });

  it('on Windows, Start at login reads the login item with the args it was set with, so it turns on and off', async () => {
    const { tray, calls } = await startTestShell({ shell: { platform: 'win32', now: () => T0 } });
    tray().item('Start at login')!.click!();
    await settle();
    expect(tray().item('Start at login')!.checked).toBe(true);
    tray().item('Start at login')!.click!();
    await settle();
    expect(calls.loginItemSettings).toEqual([
      { openAtLogin: true, args: ['--hidden'] },
      { openAtLogin: false, args: ['--hidden'] },
    ]);
    expect(tray().item('Start at login')!.checked).toBe(false);
  });

  it('on Windows, a start-at-login set by an earlier run shows ticked', async () => {
    const { tray } = await startTestShell({ electron: { loginItem: { openAtLogin: true, args: ['--hidden'] } }, shell: { platform: 'win32', now: () => T0 } });
    expect(tray().item('Start at login')!.checked).toBe(true);
  });

  it('on Windows a left click opens the menu too', async () => {
    const { tray } = await startTestShell({ shell: { platform: 'win32' } });
    tray().emit('click');
    expect(tray().popUps).toBe(1);
  });
});

describe('expiry notifications', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const endingAt = (end: number) => snapshot({ sessions: [session({ sessionEndsAt: end })] });

  it('warns before the end once, and a click signs in again and brings the window up', async () => {
    let now = T0;
    const controller = new FakeController(endingAt(T0 + 14 * MINUTE));
    const { window } = await startTestShell({ controller, shell: { now: () => now } });
    expect(FakeNotification.instances.map((n) => n.options.body)).toEqual(['Sign-in "acme" ends in 14 min and cannot be extended. Click to sign in again.']);
    controller.set(endingAt(T0 + 14 * MINUTE));
    now += MINUTE;
    controller.set(endingAt(T0 + 14 * MINUTE));
    expect(FakeNotification.instances).toHaveLength(1);

    window().emit('close', { preventDefault() {} });
    expect(window().visible).toBe(false);
    FakeNotification.instances[0]!.emit('click');
    await settle();
    expect(controller.callsOf('signIn')).toEqual([{ startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', session: 'acme' }]);
    expect(window().visible).toBe(true);
    expect(window().focused).toBe(true);
  });

  it('a restart does not repeat what was shown for the same session end, and forgets sessions that are gone', async () => {
    const configDir = await mkdtemp(path.join(tmpdir(), 'eks-sso-shown-'));
    onTestFinished(() => rm(configDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
    const file = path.join(configDir, SHOWN_NOTIFICATIONS_FILE);
    await writeFile(file, JSON.stringify({ version: 1, keys: [`gone@${T0}:ended`] }));
    const end = T0 - MINUTE;
    const ended = () => new FakeController(snapshot({ sessions: [session({ status: 'expired', sessionEndsAt: end })] }));

    await startTestShell({ controller: ended(), shell: { now: () => T0, configDir } });
    expect(FakeNotification.instances.map((n) => n.options.title)).toEqual(['AWS sign-in expired']);
    await vi.waitFor(async () =>
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, keys: [`acme@${end}:15m`, `acme@${end}:5m`, `acme@${end}:ended`] }),
    );
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    // The next launch, an hour later, same session end: quiet, on start and after a resume.
    const later = await startTestShell({ controller: ended(), shell: { now: () => T0 + HOUR, configDir } });
    later.powerMonitor.emit('resume');
    expect(FakeNotification.instances).toHaveLength(0);

    // A new sign-in that ends again is a new end: announced.
    const nextEnd = T0 + 2 * HOUR;
    await startTestShell({ controller: new FakeController(snapshot({ sessions: [session({ status: 'expired', sessionEndsAt: nextEnd })] })), shell: { now: () => T0 + 3 * HOUR, configDir } });
    expect(FakeNotification.instances.map((n) => n.options.title)).toEqual(['AWS sign-in expired']);
  });

  it('after sleep, resume shows the one notification that matters at once and re-checks contexts', async () => {
    let now = T0;
    const controller = new FakeController(endingAt(T0 + 2 * HOUR));
    const { powerMonitor } = await startTestShell({ controller, shell: { now: () => now } });
    expect(FakeNotification.instances).toHaveLength(0);
    // The lid was closed for three hours: every warning and the end went by.
    now = T0 + 3 * HOUR;
    powerMonitor.emit('resume');
    expect(FakeNotification.instances.map((n) => n.options.title)).toEqual(['AWS sign-in expired']);
    expect(controller.callsOf('recheck')).toEqual([{}]);
    powerMonitor.emit('unlock-screen');
    expect(FakeNotification.instances).toHaveLength(1);
    expect(controller.callsOf('recheck')).toHaveLength(2);
  });

  it('a network change re-checks within seconds; a steady network does not', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const controller = new FakeController(endingAt(T0 + 8 * HOUR));
    const { calls } = await startTestShell({ controller, shell: { now: () => T0 } });
    vi.advanceTimersByTime(61_000);
    expect(controller.callsOf('recheck')).toHaveLength(0);
    calls.online = false;
    vi.advanceTimersByTime(5_000);
    expect(controller.callsOf('recheck')).toHaveLength(1);
    calls.online = true;
    vi.advanceTimersByTime(5_000);
    expect(controller.callsOf('recheck')).toHaveLength(2);
    vi.advanceTimersByTime(60_000);
    expect(controller.callsOf('recheck')).toHaveLength(2);
  });

  it('nothing for what the app refreshes itself', async () => {
    const tokenSoon = snapshot({ sessions: [session({ expiresAt: T0 + MINUTE, sessionEndsAt: T0 + 7 * HOUR })] });
    await startTestShell({ controller: new FakeController(tokenSoon), shell: { now: () => T0 + 2 * MINUTE } });
    expect(FakeNotification.instances).toHaveLength(0);
  });
});
