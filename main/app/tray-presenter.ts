// Owns the Tray: renders the menu model into it whenever something a person would see has
// changed. Rebuilding a native menu of thousands of items is not free, so an identical model
// is not rebuilt — unless forced, after a click whose tick Electron flipped on its own.
import type { NativeImage, Tray } from 'electron';
import type { StateSnapshot } from '../contract.js';
import type { ElectronModule } from './electron-seam.js';
import { trayIconPng, type TrayIconState } from './tray-icon.js';
import { trayMenuModel, type TrayAction } from './tray-menu-model.js';
import { menuTemplate } from './tray-menu-template.js';

export interface TrayPresenter {
  readonly tray: Tray;
  /** Returns whether the menu was rebuilt. */
  render(state: StateSnapshot, now: number, startAtLogin: boolean | null, force?: boolean): boolean;
  destroy(): void;
}

export function trayImage(nativeImage: ElectronModule['nativeImage'], state: TrayIconState, platform: NodeJS.Platform): NativeImage {
  const template = platform === 'darwin';
  // 32 px drawn at scale 2 is a crisp 16 pt icon on macOS and Windows; Linux panels scale it.
  const image = nativeImage.createFromBuffer(trayIconPng(state, 32, template), platform === 'linux' ? undefined : { scaleFactor: 2 });
  if (template) image.setTemplateImage(true);
  return image;
}

export function createTrayPresenter(
  electron: Pick<ElectronModule, 'Tray' | 'Menu' | 'nativeImage'>,
  platform: NodeJS.Platform,
  dispatch: (action: TrayAction) => void,
): TrayPresenter {
  const tray = new electron.Tray(trayImage(electron.nativeImage, 'idle', platform));
  tray.setToolTip('EKS SSO');
  // Windows opens a tray's context menu on right click only; a left click should too.
  // (Linux AppIndicator ignores clicks altogether: the context menu is always set.)
  if (platform === 'win32') tray.on('click', () => tray.popUpContextMenu());
  let lastMenu = '';
  let lastIcon: TrayIconState = 'idle';
  let lastTooltip = '';
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
      const menu = JSON.stringify(model.items);
      if (!force && menu === lastMenu) return false;
      tray.setContextMenu(electron.Menu.buildFromTemplate(menuTemplate(model.items, dispatch, platform)));
      lastMenu = menu;
      return true;
    },
    destroy() {
      tray.destroy();
    },
  };
}
