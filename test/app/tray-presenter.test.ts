import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTrayPresenter } from '../../main/app/tray-presenter.js';
import { trayIconPng } from '../../main/app/tray-icon.js';
import { createFakeElectron, FakeTray } from '../helpers/fake-electron.js';
import { MINUTE, T0, session, snapshot } from './state-fixtures.js';

describe('the tray presenter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rebuilds a changed menu at most once a second, with the latest state, but updates the icon at once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let clock = 0;
    const { electron } = createFakeElectron();
    const presenter = createTrayPresenter(electron, { platform: 'linux', dispatch: () => {}, minIntervalMs: 1000, monotonicNow: () => clock });
    const tray = FakeTray.instances[0]!;
    const ending = (minutes: number) => snapshot({ sessions: [session({ sessionEndsAt: T0 + minutes * MINUTE })] });

    presenter.render(ending(60), T0, null);
    expect(tray.menuBuilds).toBe(1);
    // A burst of changes within the second: nothing rebuilt yet, but the icon already warns.
    clock = 100;
    presenter.render(ending(30), T0, null);
    presenter.render(ending(10), T0, null);
    expect(tray.menuBuilds).toBe(1);
    expect(tray.image.buffer.equals(trayIconPng('expiring', 32))).toBe(true);
    expect(tray.tooltip).toBe('EKS SSO\nacme — 10 min left');
    clock = 1000;
    vi.advanceTimersByTime(900);
    expect(tray.menuBuilds).toBe(2);
    expect(tray.item(/^acme — /)!.label).toBe('acme — 10 min left');

    // Unchanged: never rebuilt. Forced (Electron flipped a tick): rebuilt at once.
    clock = 5000;
    presenter.render(ending(10), T0, null);
    expect(tray.menuBuilds).toBe(2);
    presenter.render(ending(10), T0, null, true);
    expect(tray.menuBuilds).toBe(3);
    presenter.destroy();
    expect(tray.destroyed).toBe(true);
  });
});
