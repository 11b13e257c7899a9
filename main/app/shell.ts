// The Electron shell: one tray, one dashboard window, locked down. It turns UI intents into
// core calls and core state into UI; it holds no domain logic of its own.
import path from 'node:path';
import type { BrowserWindow as BrowserWindowType, Tray as TrayType, WebContents } from 'electron';
import type { ElectronModule } from './electron-seam.js';
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl, secureWebPreferences } from './security.js';
import { fileUrl, rendererDir, rendererResponseHeaders, resolveRendererFile } from './renderer-paths.js';
import { trayIconPng } from './tray-icon.js';

export interface ShellPaths {
  /** Folder holding the built preload/ and renderer/ bundles (dist/). */
  distDir: string;
}

export interface Shell {
  showWindow(): void;
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

export async function startShell(electron: ElectronModule, paths: ShellPaths): Promise<Shell | null> {
  const { app, BrowserWindow, Tray, Menu, nativeImage, protocol, session, net } = electron;

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }

  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents));
  // Closing the window keeps the app in the tray.
  app.on('window-all-closed', () => undefined);

  await app.whenReady();

  const rendererFolder = rendererDir(paths.distDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveRendererFile(request.url, rendererFolder);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(fileUrl(file));
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(rendererResponseHeaders())) headers.set(name, value);
    return new Response(response.body, { status: response.status, headers });
  });

  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  let window: BrowserWindowType | null = null;
  const showWindow = () => {
    if (!window || window.isDestroyed()) {
      window = new BrowserWindow({
        width: 1100,
        height: 720,
        show: false,
        title: 'EKS SSO',
        webPreferences: secureWebPreferences(path.join(paths.distDir, 'preload', 'index.cjs')),
      });
      window.once('ready-to-show', () => window?.show());
      window.on('close', (event) => {
        if (!quitting) {
          event.preventDefault();
          window?.hide();
        }
      });
      void window.loadURL(APP_ENTRY_URL);
    } else {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    }
  };

  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('second-instance', () => showWindow());

  const template = process.platform === 'darwin';
  const icon = nativeImage.createFromBuffer(trayIconPng('idle', template ? 22 : 32, template));
  if (template) icon.setTemplateImage(true);
  const tray: TrayType = new Tray(icon);
  tray.setToolTip('EKS SSO');
  // Linux AppIndicator ignores clicks: the context menu is the only reliable entry point.
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open dashboard', click: showWindow },
      { type: 'separator' },
      { label: 'Quit', click: () => app.quit() },
    ]),
  );

  showWindow();
  return { showWindow };
}
