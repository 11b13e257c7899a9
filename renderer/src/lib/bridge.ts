// The one object the dashboard talks to: the Electron preload's `window.eksSso` when it exists,
// otherwise the web client of `eks-sso ui`. Both implement main/contract.ts.
import type { Bridge } from '../../../main/contract.js';
import { createWebBridge } from './web-bridge.js';

declare global {
  interface Window {
    eksSso?: Bridge;
  }
}

export function pickBridge(): Bridge {
  return window.eksSso ?? createWebBridge(window.location, window.history);
}
