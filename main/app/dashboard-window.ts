// The one dashboard window: created on demand, hidden (not closed) when the person closes it
// so the app lives on in the tray, and brought to the front when asked for again.
import path from 'node:path';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { ElectronModule } from './electron-seam.js';
import { APP_ENTRY_URL, secureWebPreferences } from './security.js';

export interface DashboardWindow {
  show(): void;
  /** Sends to the window's renderer if it exists (a hidden window still gets state). */
  send(channel: string, payload: unknown): void;
  current(): BrowserWindow | null;
}

export function dashboardWindowOptions(distDir: string): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'EKS SSO',
    webPreferences: secureWebPreferences(path.join(distDir, 'preload', 'index.cjs')),
  };
}

export function createDashboardWindow(electron: Pick<ElectronModule, 'BrowserWindow'>, distDir: string, isQuitting: () => boolean): DashboardWindow {
  let window: BrowserWindow | null = null;
  const alive = () => (window && !window.isDestroyed() ? window : null);
  return {
    show() {
      const existing = alive();
      if (existing) {
        if (existing.isMinimized()) existing.restore();
        existing.show();
        existing.focus();
        return;
      }
      const created = new electron.BrowserWindow(dashboardWindowOptions(distDir));
      window = created;
      created.once('ready-to-show', () => {
        created.show();
        created.focus();
      });
      created.on('close', (event) => {
        if (isQuitting()) return;
        event.preventDefault();
        created.hide();
      });
      void created.loadURL(APP_ENTRY_URL);
    },
    send(channel, payload) {
      alive()?.webContents.send(channel, payload);
    },
    current: alive,
  };
}
