// The tray menu as plain data: what each item says and what choosing it does. Electron's
// menu template is made from this in tray-menu-template.ts.

export type TrayAction =
  | { type: 'signIn'; session: string }
  | { type: 'signOut'; session: string }
  | { type: 'cancelSignIn' }
  | { type: 'reopenBrowser' }
  | { type: 'useContext'; contextName: string }
  | { type: 'refresh' }
  | { type: 'openDashboard' }
  | { type: 'setStartAtLogin'; enabled: boolean }
  | { type: 'quit' };

export type TrayItem =
  | { kind: 'text'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; label: string; action: TrayAction; enabled: boolean }
  | { kind: 'check'; label: string; checked: boolean; action: TrayAction; toolTip?: string }
  | { kind: 'submenu'; label: string; items: TrayItem[] };
