// Turns the tray model into Electron's menu template. Clicks become actions handed to one
// dispatcher, so the wiring stays in shell.ts and this stays a pure function.
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayItem } from './tray-menu-types.js';

/** On Windows and Linux `&` marks a mnemonic: an account called "R&D" must keep its "&". */
export function menuLabel(text: string, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? text : text.replaceAll('&', '&&');
}

export function menuTemplate(items: readonly TrayItem[], dispatch: (action: TrayAction) => void, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'text':
        return { label: menuLabel(item.label, platform), enabled: false };
      case 'action':
        return { label: menuLabel(item.label, platform), enabled: item.enabled, click: () => dispatch(item.action) };
      case 'check':
        return {
          type: 'checkbox',
          label: menuLabel(item.label, platform),
          checked: item.checked,
          ...(item.toolTip ? { toolTip: item.toolTip } : {}),
          click: () => dispatch(item.action),
        };
      case 'submenu':
        return { label: menuLabel(item.label, platform), submenu: menuTemplate(item.items, dispatch, platform) };
    }
  });
}
