// The preload runs sandboxed: only `electron`'s renderer modules are available, and it must be
// a single CommonJS file. It exposes one small, frozen API; nothing else crosses the bridge.
import { contextBridge } from 'electron';

const api = Object.freeze({
  /** Lets the dashboard tell the desktop app from the web mode. */
  host: 'electron' as const,
});

contextBridge.exposeInMainWorld('eksSso', api);
