// A stand-in for the parts of Electron the shell uses, recording what the shell asked for.
// No Electron binary runs here, so the shell's wiring is tested through this seam.
import { EventEmitter } from 'node:events';
import type { ElectronModule } from '../../main/app/electron-seam.js';

type Listener = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
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
  }
  focus() {}
}

export interface MenuItemTemplate {
  label?: string;
  type?: string;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export class FakeTray {
  static instances: FakeTray[] = [];
  tooltip = '';
  menu: MenuItemTemplate[] = [];
  constructor(readonly image: unknown) {
    FakeTray.instances.push(this);
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: MenuItemTemplate[] }) {
    this.menu = menu.template;
  }
  setImage() {}
}

export function createFakeElectron(options: { singleInstance?: boolean } = {}) {
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  const appEvents = new EventEmitter();
  const calls = {
    quit: 0,
    privilegedSchemes: [] as unknown[],
    protocolHandlers: new Map<string, Listener>(),
    permissionRequest: null as null | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
    permissionCheck: null as null | (() => boolean),
  };
  const fake = {
    app: Object.assign(appEvents, {
      requestSingleInstanceLock: () => options.singleInstance ?? true,
      quit: () => {
        calls.quit++;
      },
      whenReady: () => Promise.resolve(),
    }),
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: MenuItemTemplate[]) => ({ template }) },
    nativeImage: {
      createFromBuffer: (buffer: Buffer) => ({ buffer, template: false, setTemplateImage() {} }),
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
    net: { fetch: (url: string) => Promise.resolve(new Response(`file ${url}`)) },
    shell: { openExternal: () => Promise.resolve() },
  };
  return { electron: fake as unknown as ElectronModule, app: fake.app, calls };
}
