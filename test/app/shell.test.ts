// The shell's window, lifecycle and security settings, asserted on what it really hands to
// (the stand-in for) Electron.
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { WebContents } from 'electron';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeBrowserWindow, FakeNotification, FakeWebContents, createFakeElectron } from '../helpers/fake-electron.js';
import { lockDownWebContents, registerAppScheme, startShell, APP_USER_MODEL_ID, SHOWN_NOTICES_FILE } from '../../main/app/shell.js';
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY } from '../../main/app/security.js';
import { createFileSecretStore } from '../../main/core/secrets/file-secret-store.js';
import { startTestShell } from './start-test-shell.js';
import { FakeController } from './fake-controller.js';

describe('the Electron shell', () => {
  it('opens one locked-down window on the app:// origin', async () => {
    const fakes = createFakeElectron();
    registerAppScheme(fakes.electron);
    expect(fakes.calls.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const { window } = await startTestShell();
    const preferences = window().options.webPreferences as Record<string, unknown>;
    expect(preferences).toEqual({
      preload: '/opt/eks-sso/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    });
    expect(window().loadedUrl).toBe(APP_ENTRY_URL);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('quits at once when another instance holds the lock, without starting the core', async () => {
    const fakes = createFakeElectron({ singleInstance: false });
    let created = false;
    const shell = await startShell(fakes.electron, {
      distDir: '/dist',
      secretsDir: '/nonexistent/app-secrets',
      configDir: '/nonexistent',
      fallbackSecrets: createFileSecretStore('/nonexistent/secrets'),
      createController: () => {
        created = true;
        throw new Error('must not be called');
      },
    });
    expect(shell).toBeNull();
    expect(fakes.calls.quit).toBe(1);
    expect(created).toBe(false);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('denies every permission request and check', async () => {
    const { calls } = await startTestShell();
    let granted: boolean | undefined;
    calls.permissionRequest!(null, 'media', (answer) => (granted = answer));
    expect(granted).toBe(false);
    expect(calls.permissionCheck!()).toBe(false);
  });

  it('serves the renderer with the CSP and refuses paths outside it', async () => {
    const { calls } = await startTestShell();
    const handler = calls.protocolHandlers.get('app')!;
    const ok = (await handler({ url: 'app://eks-sso/index.html' })) as Response;
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await ok.text()).toBe('file file:///opt/eks-sso/dist/renderer/index.html');
    const escaped = (await handler({ url: 'app://eks-sso/..%2F..%2Fetc%2Fpasswd' })) as Response;
    expect(escaped.status).toBe(404);
  });

  it('locks down every web contents the app creates: no navigation away, no webviews, no window.open', async () => {
    const { app } = await startTestShell();
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.attempt('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.attempt('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(contents.attempt('will-navigate', 'app://eks-sso.evil.com/')).toBe(true);
    expect(contents.attempt('will-navigate', 'app://eks-sso/index.html')).toBe(false);
    expect(contents.attempt('will-attach-webview')).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('lockDownWebContents alone blocks the same', () => {
    const contents = new FakeWebContents();
    lockDownWebContents(contents as unknown as WebContents);
    expect(contents.attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'app://eks-sso/index.html' })).toEqual({ action: 'deny' });
  });

  it('keeps running in the tray when the window is closed, and shows it again on a second launch', async () => {
    const { app, window, controller } = await startTestShell();
    window().emit('ready-to-show');
    expect(window().visible).toBe(true);
    let prevented = false;
    window().emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(window().visible).toBe(false);
    app.emit('window-all-closed');
    expect(controller.closed).toBe(false);
    app.emit('second-instance');
    expect(window().visible).toBe(true);
    expect(window().focused).toBe(true);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('lets the window close and stops the controller when quitting', async () => {
    const { app, window, controller, ipcMain } = await startTestShell();
    app.quit();
    let prevented = false;
    window().emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(false);
    expect(controller.closed).toBe(true);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('stays in the tray, window hidden, when started at login', async () => {
    const windows = await startTestShell({ shell: { platform: 'win32', argv: ['EKS SSO.exe', '--hidden'] } });
    expect(windows.calls.appUserModelId).toBe(APP_USER_MODEL_ID);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    const mac = await startTestShell({ electron: { wasOpenedAtLogin: true }, shell: { platform: 'darwin' } });
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    mac.tray().item('Open dashboard')!.click!();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('does not lose a second launch that arrives while the app is still starting', async () => {
    const fakes = createFakeElectron();
    let finishStart = () => {};
    let startCalled = () => {};
    const startingController = new Promise<void>((resolve) => (startCalled = resolve));
    const controller = new FakeController();
    controller.start = () =>
      new Promise<void>((resolve) => {
        finishStart = resolve;
        startCalled();
      });
    const starting = startShell(fakes.electron, {
      distDir: '/dist',
      secretsDir: '/nonexistent/app-secrets',
      configDir: '/nonexistent',
      fallbackSecrets: createFileSecretStore('/nonexistent/secrets'),
      platform: 'win32',
      argv: ['EKS SSO.exe', '--hidden'],
      createController: () => controller,
    });
    await startingController;
    fakes.app.emit('second-instance');
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    finishStart();
    await starting;
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    fakes.app.emit('activate');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('hands the core a safeStorage-encrypted secret store where the OS has one', async () => {
    const { services, logger } = await startTestShell();
    await services().secrets.set('role-credentials/acme/1/Admin', '{"secretAccessKey":"s3cr3t"}');
    expect(await services().secrets.get('role-credentials/acme/1/Admin')).toBe('{"secretAccessKey":"s3cr3t"}');
    expect(logger.warnings).toEqual([]);
  });

  it('falls back to the core 0600 files with one line where Linux has no keyring', async () => {
    const { services, logger, folder } = await startTestShell({ electron: { storageBackend: 'basic_text' } });
    await services().secrets.set('k', 'v');
    expect(await createFileSecretStore(`${folder}/secrets`).get('k')).toBe('v');
    expect(logger.warnings).toEqual(['Role credentials are kept unencrypted in files only you can read (0600) because no keyring (GNOME Keyring, KWallet) was found.']);
  });

  it('tells the person once, with an OS notification, that there is no keyring, and not again on the next start', async () => {
    const configDir = await mkdtemp(path.join(tmpdir(), 'eks-sso-notices-'));
    onTestFinished(() => rm(configDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
    const noKeyring = { electron: { storageBackend: 'basic_text' as const }, shell: { configDir } };
    await startTestShell(noKeyring);
    expect(FakeNotification.instances.map((n) => [n.options.title, n.options.body, n.shown])).toEqual([
      ['EKS SSO: credentials are not encrypted', 'Role credentials are kept unencrypted in files only you can read (0600) because no keyring (GNOME Keyring, KWallet) was found.', true],
    ]);
    const file = path.join(configDir, SHOWN_NOTICES_FILE);
    await vi.waitFor(async () => expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, keys: ['unencrypted-secrets'] }));
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const restarted = await startTestShell(noKeyring);
    expect(FakeNotification.instances).toHaveLength(0);
    // The logged line stays, for whoever reads the log.
    expect(restarted.logger.warnings).toHaveLength(1);

    // A keyring appears, then goes again: that is news, and told again.
    await startTestShell({ shell: { configDir } });
    await vi.waitFor(async () => expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, keys: [] }));
    await startTestShell(noKeyring);
    expect(FakeNotification.instances).toHaveLength(1);
  });

  it('does not remember a notice the OS could not show', async () => {
    const configDir = await mkdtemp(path.join(tmpdir(), 'eks-sso-notices-'));
    onTestFinished(() => rm(configDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));
    const fakes = createFakeElectron({ storageBackend: 'basic_text' });
    FakeNotification.supported = false;
    await startShell(fakes.electron, {
      distDir: '/dist',
      secretsDir: path.join(configDir, 'app-secrets'),
      configDir,
      fallbackSecrets: createFileSecretStore(path.join(configDir, 'secrets')),
      createController: () => new FakeController(),
    });
    onTestFinished(() => void fakes.app.emit('before-quit', { preventDefault() {} }));
    await startTestShell({ electron: { storageBackend: 'basic_text' }, shell: { configDir } });
    expect(FakeNotification.instances.map((n) => n.options.title)).toEqual(['EKS SSO: credentials are not encrypted']);
  });
});
