import { describe, expect, it } from 'vitest';
import { createFakeElectron, FakeBrowserWindow, FakeTray, FakeWebContents } from '../helpers/fake-electron.js';
import { lockDownWebContents, registerAppScheme, startShell } from '../../main/app/shell.js';
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY } from '../../main/app/security.js';
import type { WebContents } from 'electron';

describe('the Electron shell', () => {
  it('opens one locked-down window on the app:// origin and a tray with a context menu', async () => {
    const { electron } = createFakeElectron();
    registerAppScheme(electron);
    const shell = await startShell(electron, { distDir: '/opt/eks-sso/dist' });
    expect(shell).not.toBeNull();

    const [window] = FakeBrowserWindow.instances;
    const preferences = window!.options.webPreferences as Record<string, unknown>;
    expect(preferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(preferences.preload).toBe('/opt/eks-sso/dist/preload/index.cjs');
    expect(window!.loadedUrl).toBe(APP_ENTRY_URL);

    const [tray] = FakeTray.instances;
    expect(tray!.menu.map((item) => item.label ?? item.type)).toEqual(['Open dashboard', 'separator', 'Quit']);
  });

  it('quits at once when another instance holds the lock', async () => {
    const { electron, calls } = createFakeElectron({ singleInstance: false });
    expect(await startShell(electron, { distDir: '/dist' })).toBeNull();
    expect(calls.quit).toBe(1);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('denies every permission request and check', async () => {
    const { electron, calls } = createFakeElectron();
    await startShell(electron, { distDir: '/dist' });
    let granted: boolean | undefined;
    calls.permissionRequest!(null, 'media', (answer) => (granted = answer));
    expect(granted).toBe(false);
    expect(calls.permissionCheck!()).toBe(false);
  });

  it('serves the renderer with the CSP and refuses paths outside it', async () => {
    const { electron, calls } = createFakeElectron();
    await startShell(electron, { distDir: '/dist' });
    const handler = calls.protocolHandlers.get('app')!;
    const ok = (await handler({ url: 'app://eks-sso/index.html' })) as Response;
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const escaped = (await handler({ url: 'app://eks-sso/..%2F..%2Fetc%2Fpasswd' })) as Response;
    expect(escaped.status).toBe(404);
  });

  it('blocks navigation away from the app, webviews and window.open', () => {
    const contents = new FakeWebContents();
    lockDownWebContents(contents as unknown as WebContents);
    expect(contents.attempt('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.attempt('will-navigate', 'app://eks-sso.evil.com/')).toBe(true);
    expect(contents.attempt('will-navigate', 'app://eks-sso/index.html')).toBe(false);
    expect(contents.attempt('will-attach-webview')).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('keeps running in the tray when the window is closed, and shows it again on a second launch', async () => {
    const { electron, app } = createFakeElectron();
    await startShell(electron, { distDir: '/dist' });
    const [window] = FakeBrowserWindow.instances;
    window!.emit('ready-to-show');
    expect(window!.visible).toBe(true);
    let prevented = false;
    window!.emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(window!.visible).toBe(false);
    app.emit('second-instance');
    expect(window!.visible).toBe(true);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });
});
