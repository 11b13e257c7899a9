// The Electron shell: one tray, one dashboard window, locked down. It turns UI intents into
// controller calls and state snapshots into the tray, notifications and the window; it holds
// no domain logic of its own.
import path from 'node:path';
import type { WebContents } from 'electron';
import type { StateSnapshot } from '../contract.js';
import { silentLogger, type Logger, type SecretStore } from '../core/context.js';
import { serializeError } from '../core/errors.js';
import { createDashboardWindow } from './dashboard-window.js';
import type { ElectronModule } from './electron-seam.js';
import { ExpiryNotifier } from './expiry-notifier.js';
import { createBrowserOpener } from './external-opener.js';
import { createNotify } from './os-notifications.js';
import { STATE_CHANNEL } from './ipc-channels.js';
import { registerIpcHandlers, rendererSnapshot } from './ipc-handlers.js';
import { loadRememberedKeys } from './remembered-keys.js';
import { fileUrl, rendererDir, rendererResponseHeaders, resolveRendererFile } from './renderer-paths.js';
import { createAppSecretStore } from './secret-store.js';
import { APP_SCHEME, isAppUrl } from './security.js';
import type { ControllerFactory, ShellController } from './shell-controller.js';
import { createTrayActionHandler, signInAgain } from './tray-actions.js';
import { createTrayPresenter } from './tray-presenter.js';
import { announceUnencryptedSecretsOnce } from './unencrypted-secrets-notice.js';
import { watchWakeAndNetwork } from './wake-watcher.js';

/** Matches appId in electron-builder.yml: Windows shows notifications only for a known app id. */
export const APP_USER_MODEL_ID = 'dev.eks-sso.app';
/** Passed by the login item (Windows) so a start at login stays in the tray. */
export const HIDDEN_ARG = '--hidden';
/** In the config folder: the session-end notifications already shown, so a restart does not repeat them. */
export const SHOWN_NOTIFICATIONS_FILE = 'shown-notifications.json';
/** In the config folder: one-off notices already shown (no keyring). */
export const SHOWN_NOTICES_FILE = 'shown-notices.json';

export interface ShellOptions {
  /** Folder holding the built preload/ and renderer/ bundles (dist/). */
  distDir: string;
  /** Where the safeStorage-encrypted secrets live (a 0700 folder). */
  secretsDir: string;
  /** The product's config folder, where the shell remembers what it already told the person. */
  configDir: string;
  /** The core's 0600-file store, used where the OS has no secret store. */
  fallbackSecrets: SecretStore;
  createController: ControllerFactory;
  logger?: Logger;
  platform?: NodeJS.Platform;
  argv?: readonly string[];
  now?: () => number;
  /** Least time between two tray menu rebuilds (default 1 s). */
  trayRebuildIntervalMs?: number;
}

export interface Shell {
  showWindow(): void;
  controller: ShellController;
  /** Re-reads the time, shows due notifications and re-checks contexts (after sleep, unlock, a network change). */
  reevaluate(reason: string): void;
  /** Renders the tray from the latest state (and the time now). */
  renderTray(force?: boolean): void;
}

/** Must run before the app is ready: the scheme has to be privileged before any window loads. */
export function registerAppScheme(electron: ElectronModule): void {
  electron.protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function lockDownWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

function serveRenderer(electron: ElectronModule, distDir: string): void {
  const rendererFolder = rendererDir(distDir);
  electron.protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveRendererFile(request.url, rendererFolder);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await electron.net.fetch(fileUrl(file));
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(rendererResponseHeaders())) headers.set(name, value);
    return new Response(response.body, { status: response.status, headers });
  });
}

export async function startShell(electron: ElectronModule, options: ShellOptions): Promise<Shell | null> {
  const { app, session } = electron;
  const platform = options.platform ?? process.platform;
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => Date.now());

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }

  let quitting = false;
  // Registered before anything slow, so a second launch during start-up is not lost.
  let showWindow = () => {
    pendingShow = true;
  };
  let pendingShow = false;
  app.on('second-instance', () => showWindow());
  // macOS: clicking the Dock icon with no window open.
  app.on('activate', () => showWindow());
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents));
  // Closing the window keeps the app in the tray.
  app.on('window-all-closed', () => undefined);
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  await app.whenReady();

  serveRenderer(electron, options.distDir);
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const secrets = await createAppSecretStore({ safeStorage: electron.safeStorage, platform, folder: options.secretsDir, fallback: options.fallbackSecrets, logger });
  const openBrowser = createBrowserOpener((url) => electron.shell.openExternal(url), logger);
  const controller = await options.createController({ openBrowser, secrets: secrets.store, logger });

  const window = createDashboardWindow(electron, options.distDir, () => quitting);
  const loginItemsSupported = platform === 'darwin' || platform === 'win32';
  // Windows matches the login item on its arguments too: read with the ones it was set with,
  // or openAtLogin reads false and the tick never shows (nor can it be turned off).
  const loginItem = { args: [HIDDEN_ARG] };
  const startAtLogin = () => (loginItemsSupported ? app.getLoginItemSettings(loginItem).openAtLogin : null);

  const notify = createNotify(electron.Notification);
  const shownNotices = await loadRememberedKeys(path.join(options.configDir, SHOWN_NOTICES_FILE), logger);
  announceUnencryptedSecretsOnce(secrets.notice, notify, shownNotices);
  const shownNotifications = await loadRememberedKeys(path.join(options.configDir, SHOWN_NOTIFICATIONS_FILE), logger);

  let latest: StateSnapshot | null = null;
  const renderTray = (force = false) => {
    if (latest) tray.render(latest, now(), startAtLogin(), force);
  };

  const dispatch = createTrayActionHandler({
    handlers: controller.handlers,
    snapshot: () => controller.snapshot(),
    showWindow: () => window.show(),
    quit: () => app.quit(),
    setStartAtLogin: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, ...loginItem }),
    rerender: (force) => {
      latest = controller.snapshot();
      renderTray(force);
    },
    report: (title, body) => notify(title, body),
    logger,
  });
  const tray = createTrayPresenter(electron, {
    platform,
    dispatch: (action) => void dispatch(action),
    ...(options.trayRebuildIntervalMs === undefined ? {} : { minIntervalMs: options.trayRebuildIntervalMs }),
  });

  const signInDeps = { handlers: controller.handlers, snapshot: () => controller.snapshot(), showWindow: () => window.show(), logger };
  const notifier = new ExpiryNotifier({
    now,
    shown: shownNotifications,
    show: (notification) =>
      notify(notification.title, notification.body, () => void signInAgain(signInDeps, notification.session)),
  });

  const removeIpc = registerIpcHandlers(electron.ipcMain, controller, logger);
  const onState = (state: StateSnapshot) => {
    latest = state;
    renderTray();
    notifier.update(state);
    const safe = rendererSnapshot(state, logger);
    if (safe) window.send(STATE_CHANNEL, safe);
  };
  const unsubscribe = controller.subscribe(onState);

  const reevaluate = (reason: string) => {
    logger.debug('re-evaluating state', { reason });
    renderTray();
    notifier.evaluate();
    void controller.handlers.recheck({}).catch((error) => logger.warn('re-check failed', { reason, error: serializeError(error) }));
  };
  const stopWatching = watchWakeAndNetwork(electron, {
    changed: reevaluate,
    tick: () => {
      renderTray();
      notifier.evaluate();
    },
  });

  app.on('before-quit', () => {
    if (quitting) return;
    quitting = true;
    stopWatching();
    notifier.close();
    unsubscribe();
    removeIpc();
    void controller.close().catch((error) => logger.warn('closing the controller failed', { error: serializeError(error) }));
  });

  await controller.start();
  onState(controller.snapshot());

  const argv = options.argv ?? process.argv;
  const startedAtLogin = argv.includes(HIDDEN_ARG) || (platform === 'darwin' && app.getLoginItemSettings(loginItem).wasOpenedAtLogin);
  showWindow = () => window.show();
  if (!startedAtLogin || pendingShow) window.show();

  return { showWindow: () => window.show(), controller, reevaluate, renderTray };
}
