// The one place the shell's view of Electron is declared. index.ts passes the real module;
// tests pass a stand-in with the same shape, since no Electron binary runs on CI.
import type * as Electron from 'electron';

export type ElectronModule = Pick<
  typeof Electron,
  | 'app'
  | 'BrowserWindow'
  | 'Tray'
  | 'Menu'
  | 'Notification'
  | 'nativeImage'
  | 'protocol'
  | 'session'
  | 'net'
  | 'shell'
  | 'ipcMain'
  | 'powerMonitor'
  | 'safeStorage'
>;
