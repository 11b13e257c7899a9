// A stand-in for the parts of Electron the shell uses, recording what the shell asked for.
// No Electron binary runs here, so the shell's wiring is tested through this seam.
import { EventEmitter } from 'node:events';
import type { ElectronModule } from '../../main/app/electron-seam.js';

type Listener = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: { channel: string; payload: unknown }[] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  /** Emits a cancellable event the way Electron does and reports whether it was prevented. */
  attempt(eventName: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(eventName, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  visible = false;
  focused = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
    this.focused = false;
  }
  focus() {
    this.focused = true;
  }
}

export interface MenuItemTemplate {
  label?: string;
  type?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export interface FakeImage {
  buffer: Buffer;
  options: unknown;
  template: boolean;
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  tooltip = '';
  menu: MenuItemTemplate[] = [];
  /** How many times a context menu was set: each set is a rebuild. */
  menuBuilds = 0;
  popUps = 0;
  destroyed = false;
  constructor(public image: FakeImage) {
    super();
    FakeTray.instances.push(this);
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: MenuItemTemplate[] }) {
    this.menu = menu.template;
    this.menuBuilds++;
  }
  setImage(image: FakeImage) {
    this.image = image;
  }
  popUpContextMenu() {
    this.popUps++;
  }
  destroy() {
    this.destroyed = true;
  }
  /** Finds an item by its label anywhere in the menu, the way a person would look for it. */
  item(label: string | RegExp, items: MenuItemTemplate[] = this.menu): MenuItemTemplate | undefined {
    for (const item of items) {
      if (item.label !== undefined && (typeof label === 'string' ? item.label === label : label.test(item.label))) return item;
      const found = item.submenu ? this.item(label, item.submenu) : undefined;
      if (found) return found;
    }
    return undefined;
  }
}

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static supported = true;
  static isSupported() {
    return FakeNotification.supported;
  }
  shown = false;
  constructor(readonly options: { title?: string; body?: string }) {
    super();
    FakeNotification.instances.push(this);
  }
  show() {
    this.shown = true;
  }
}

/** A frame as IPC handlers see it in `event.senderFrame`. */
export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

export class FakeIpcMain {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  /** Calls a handler the way ipcRenderer.invoke from `frame` would. */
  async invoke(channel: string, frame: FakeFrame | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frame }, ...args);
  }
}

export interface FakeElectronOptions {
  singleInstance?: boolean;
  /** safeStorage: whether encryption is available, and the Linux backend. */
  encryption?: boolean;
  storageBackend?: 'basic_text' | 'gnome_libsecret' | 'kwallet5';
  /** The login item as the OS holds it (set before this start). */
  loginItem?: { openAtLogin: boolean; args?: string[] };
  wasOpenedAtLogin?: boolean;
  /** The OS the stand-in behaves like where Electron's API differs by platform (default linux). */
  platform?: NodeJS.Platform;
}

const sameArgs = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((arg, index) => arg === b[index]);

export function createFakeElectron(options: FakeElectronOptions = {}) {
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  FakeNotification.instances = [];
  FakeNotification.supported = true;
  const appEvents = new EventEmitter();
  const calls = {
    quit: 0,
    appUserModelId: null as string | null,
    loginItemSettings: [] as unknown[],
    openedExternally: [] as string[],
    online: true,
    privilegedSchemes: [] as unknown[],
    protocolHandlers: new Map<string, Listener>(),
    permissionRequest: null as null | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
    permissionCheck: null as null | (() => boolean),
  };
  let loginItem = { openAtLogin: options.loginItem?.openAtLogin ?? false, args: options.loginItem?.args ?? [] };
  const ipcMain = new FakeIpcMain();
  const powerMonitor = new EventEmitter();
  const fake = {
    app: Object.assign(appEvents, {
      requestSingleInstanceLock: () => options.singleInstance ?? true,
      quit: () => {
        calls.quit++;
        appEvents.emit('before-quit', { preventDefault() {} });
      },
      whenReady: () => Promise.resolve(),
      setAppUserModelId: (id: string) => (calls.appUserModelId = id),
      // On Windows the login item is a Run registry value holding the command line: Electron
      // reports openAtLogin only when the args asked about match the ones it was set with.
      getLoginItemSettings: (query: { args?: string[] } = {}) => ({
        openAtLogin: loginItem.openAtLogin && (options.platform !== 'win32' || sameArgs(loginItem.args, query.args ?? [])),
        wasOpenedAtLogin: options.wasOpenedAtLogin ?? false,
      }),
      setLoginItemSettings: (settings: { openAtLogin: boolean; args?: string[] }) => {
        calls.loginItemSettings.push(settings);
        loginItem = { openAtLogin: settings.openAtLogin, args: settings.args ?? [] };
      },
    }),
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: MenuItemTemplate[]) => ({ template }) },
    Notification: FakeNotification,
    nativeImage: {
      createFromBuffer: (buffer: Buffer, imageOptions?: unknown): FakeImage & { setTemplateImage(value: boolean): void } => {
        const image = { buffer, options: imageOptions, template: false, setTemplateImage: (value: boolean) => void (image.template = value) };
        return image;
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => calls.privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: Listener) => calls.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: typeof calls.permissionRequest) => (calls.permissionRequest = handler),
        setPermissionCheckHandler: (handler: typeof calls.permissionCheck) => (calls.permissionCheck = handler),
      },
    },
    net: {
      fetch: (url: string) => Promise.resolve(new Response(`file ${url}`)),
      isOnline: () => calls.online,
    },
    shell: {
      openExternal: async (url: string) => {
        calls.openedExternally.push(url);
      },
    },
    ipcMain,
    powerMonitor,
    safeStorage: {
      isAsyncEncryptionAvailable: async () => options.encryption ?? true,
      getSelectedStorageBackend: () => options.storageBackend ?? 'gnome_libsecret',
      encryptStringAsync: async (plain: string) => Buffer.from(`enc:${Buffer.from(plain).toString('base64')}`),
      decryptStringAsync: async (data: Buffer) => ({ result: Buffer.from(data.toString().slice(4), 'base64').toString(), shouldReEncrypt: false }),
    },
  };
  return { electron: fake as unknown as ElectronModule, app: fake.app, calls, ipcMain, powerMonitor };
}
