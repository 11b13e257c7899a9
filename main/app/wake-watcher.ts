// Calls back when time may have jumped or the network changed — resume from sleep, screen
// unlock, network up or down — and on a steady tick in between. Electron's main process has
// no network-change event, so net.isOnline() (a cheap in-process flag) is polled often.
import type { ElectronModule } from './electron-seam.js';

/** How often the tick runs: labels ("6 h 12 min left") move by the minute. */
export const TICK_MS = 30_000;
/** How often the network state is looked at: a change re-evaluates within this much. */
export const NETWORK_POLL_MS = 5_000;

export interface WakeWatcherCallbacks {
  /** Something changed under the app's feet: re-evaluate everything at once. */
  changed(reason: string): void;
  /** Nothing changed: refresh what depends on the clock alone. */
  tick(): void;
}

export function watchWakeAndNetwork(electron: Pick<ElectronModule, 'powerMonitor' | 'net'>, callbacks: WakeWatcherCallbacks): () => void {
  const onResume = () => callbacks.changed('resume');
  const onUnlock = () => callbacks.changed('unlock-screen');
  electron.powerMonitor.on('resume', onResume);
  electron.powerMonitor.on('unlock-screen', onUnlock);
  let online = electron.net.isOnline();
  const network = setInterval(() => {
    const nowOnline = electron.net.isOnline();
    if (nowOnline === online) return;
    online = nowOnline;
    callbacks.changed(nowOnline ? 'network up' : 'network down');
  }, NETWORK_POLL_MS);
  const tick = setInterval(() => callbacks.tick(), TICK_MS);
  network.unref?.();
  tick.unref?.();
  return () => {
    clearInterval(network);
    clearInterval(tick);
    electron.powerMonitor.removeListener('resume', onResume);
    electron.powerMonitor.removeListener('unlock-screen', onUnlock);
  };
}
