// Owns the Tray: renders the menu model into it whenever something a person would see has
// changed. Rebuilding a native menu of thousands of items is not free and checks can change
// the state many times a second, so an identical model is never rebuilt and a changed one at
// most once per `minIntervalMs` (the latest state wins) — except when forced, after a click
// whose tick Electron flipped on its own.
import type { NativeImage, Tray } from 'electron';
import type { StateSnapshot } from '../contract.js';
import type { ElectronModule } from './electron-seam.js';
import { trayIconPng, type TrayIconState } from './tray-icon.js';
import { trayMenuModel } from './tray-menu-model.js';
import type { TrayAction } from './tray-menu-types.js';
import { menuTemplate } from './tray-menu-template.js';

export interface TrayPresenter {
  readonly tray: Tray;
  render(state: StateSnapshot, now: number, startAtLogin: boolean | null, force?: boolean): void;
  destroy(): void;
}

export function trayImage(nativeImage: ElectronModule['nativeImage'], state: TrayIconState, platform: NodeJS.Platform): NativeImage {
  const template = platform === 'darwin';
  // 32 px drawn at scale 2 is a crisp 16 pt icon on macOS and Windows; Linux panels scale it.
  const image = nativeImage.createFromBuffer(trayIconPng(state, 32, template), platform === 'linux' ? undefined : { scaleFactor: 2 });
  if (template) image.setTemplateImage(true);
  return image;
}

export interface TrayPresenterOptions {
  platform: NodeJS.Platform;
  dispatch: (action: TrayAction) => void;
  /** Least time between two menu rebuilds (default 1 s); the icon and tooltip follow at once. */
  minIntervalMs?: number;
  /** Monotonic milliseconds, for the rebuild throttle. */
  monotonicNow?: () => number;
}

export function createTrayPresenter(electron: Pick<ElectronModule, 'Tray' | 'Menu' | 'nativeImage'>, options: TrayPresenterOptions): TrayPresenter {
  const { platform, dispatch } = options;
  const minInterval = options.minIntervalMs ?? 1000;
  const monotonicNow = options.monotonicNow ?? (() => performance.now());
  const tray = new electron.Tray(trayImage(electron.nativeImage, 'idle', platform));
  tray.setToolTip('EKS SSO');
  // Windows opens a tray's context menu on right click only; a left click should too.
  // (Linux AppIndicator ignores clicks altogether: the context menu is always set.)
  if (platform === 'win32') tray.on('click', () => tray.popUpContextMenu());
  let lastMenu = '';
  let lastIcon: TrayIconState = 'idle';
  let lastTooltip = '';
  let lastBuiltAt = Number.NEGATIVE_INFINITY;
  let pending: ReturnType<typeof setTimeout> | null = null;
  let pendingItems: string | null = null;
  let pendingModel: ReturnType<typeof trayMenuModel> | null = null;

  const build = (model: ReturnType<typeof trayMenuModel>, serialized: string) => {
    if (pending) clearTimeout(pending);
    pending = null;
    pendingModel = null;
    pendingItems = null;
    tray.setContextMenu(electron.Menu.buildFromTemplate(menuTemplate(model.items, dispatch, platform)));
    lastMenu = serialized;
    lastBuiltAt = monotonicNow();
  };

  return {
    tray,
    render(state, now, startAtLogin, force = false) {
      const model = trayMenuModel(state, now, { startAtLogin });
      if (model.icon !== lastIcon) {
        tray.setImage(trayImage(electron.nativeImage, model.icon, platform));
        lastIcon = model.icon;
      }
      if (model.tooltip !== lastTooltip) {
        tray.setToolTip(model.tooltip);
        lastTooltip = model.tooltip;
      }
      const serialized = JSON.stringify(model.items);
      if (force) return build(model, serialized);
      if (serialized === lastMenu) {
        // Back to what is shown: a pending rebuild has nothing left to do.
        if (pending) clearTimeout(pending);
        pending = null;
        return;
      }
      const wait = lastBuiltAt + minInterval - monotonicNow();
      if (wait <= 0) return build(model, serialized);
      pendingModel = model;
      pendingItems = serialized;
      pending ??= setTimeout(() => {
        pending = null;
        if (pendingModel && pendingItems !== null) build(pendingModel, pendingItems);
      }, wait);
    },
    destroy() {
      if (pending) clearTimeout(pending);
      tray.destroy();
    },
  };
}
