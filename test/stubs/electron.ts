// Stands in for the `electron` module in every test (aliased in vite.config.ts): the real package would
// try to download its binary. Only what the shell's modules touch is here; extend it as they grow.
// The fakes record what was done to them so tests can look, and reset with `resetElectronStub()`.
type Handler = (...args: never[]) => unknown;

/** Every call the app-level fakes receive, in order, so tests can check what happened when. */
export const calls: string[] = [];
type Listener = (...args: unknown[]) => void;

export const app = {
  isPackaged: false,
  getPath: (_name: string) => '/tmp/shotlink-electron-stub',
  getVersion: () => '0.0.0-test',
  getAppPath: () => '/opt/shotlink-stub',
  handlers: new Map<string, Listener[]>(),
  on(event: string, listener: Listener) {
    app.handlers.set(event, [...(app.handlers.get(event) ?? []), listener]);
    return app;
  },
  /** Plays an app event to the registered handlers. */
  emit(event: string, ...args: unknown[]) {
    for (const listener of app.handlers.get(event) ?? []) listener(...args);
  },
  whenReady: () => {
    calls.push('app.whenReady');
    return Promise.resolve();
  },
  singleInstance: true,
  requestSingleInstanceLock: () => {
    calls.push('app.requestSingleInstanceLock');
    return app.singleInstance;
  },
  commandLine: {
    switches: [] as string[][],
    appendSwitch: (...args: string[]) => void app.commandLine.switches.push(args),
  },
  loginItems: [] as unknown[],
  setLoginItemSettings: (settings: unknown) => void app.loginItems.push(settings),
  getLoginItemSettings: () => ({ wasOpenedAtLogin: false, openAtLogin: false }),
  setAppUserModelId: (_id: string) => {},
  quit: () => void calls.push('app.quit'),
  exit: (code?: number) => void calls.push(`app.exit(${code})`),
};

export const protocol = {
  privileged: [] as unknown[],
  registerSchemesAsPrivileged: (schemes: unknown[]) => {
    calls.push('protocol.registerSchemesAsPrivileged');
    protocol.privileged.push(...schemes);
  },
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
    void protocol.handlers.set(scheme, handler),
};

export const net = { fetch: (url: string) => fetch(url) };

export const session = {
  defaultSession: {
    handlers: {} as Record<string, unknown>,
    setPermissionRequestHandler: (h: unknown) => void (session.defaultSession.handlers.request = h),
    setPermissionCheckHandler: (h: unknown) => void (session.defaultSession.handlers.check = h),
    setDevicePermissionHandler: (h: unknown) => void (session.defaultSession.handlers.device = h),
  },
};

/** The W3C-style clipboard of current Electron: read() resolves to ClipboardItems. */
export const clipboard = {
  items: [] as { types: string[]; getType(type: string): Promise<Blob> }[],
  written: [] as string[],
  reads: 0,
  read: async () => {
    clipboard.reads++;
    return clipboard.items;
  },
  writeText: async (text: string) => void clipboard.written.push(text),
};

export const safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: (_text: string): Buffer => {
    throw new Error('encryption is not available in the stub');
  },
  decryptString: (_sealed: Buffer): string => {
    throw new Error('encryption is not available in the stub');
  },
};

export const systemPreferences = { getMediaAccessStatus: (_type: string) => 'granted' };

export class Notification {
  static isSupported = () => false;
  constructor(readonly options: unknown) {}
  on() {
    return this;
  }
  show() {}
}

export const dialog = {
  errors: [] as string[][],
  showErrorBox: (title: string, content: string) => void dialog.errors.push([title, content]),
  showOpenDialog: async () => ({ canceled: true, filePaths: [] as string[] }),
};

export const shell = {
  opened: [] as string[],
  openExternal: async (url: string) => void shell.opened.push(url),
};

/** Electron's globalShortcut: accelerators listed in `taken` are held by another app (register -> false). */
export const globalShortcut = {
  taken: [] as string[],
  registered: new Map<string, () => void>(),
  register(accelerator: string, callback: () => void) {
    if (globalShortcut.taken.includes(accelerator)) return false;
    globalShortcut.registered.set(accelerator, callback);
    return true;
  },
  unregister: (accelerator: string) => void globalShortcut.registered.delete(accelerator),
  unregisterAll: () => globalShortcut.registered.clear(),
};

/** The main world as the preload's contextBridge leaves it. */
export const exposedInMainWorld: Record<string, unknown> = {};
export const contextBridge = {
  exposeInMainWorld(key: string, value: unknown) {
    exposedInMainWorld[key] = value;
  },
};

/** A renderer-side IPC: `invoke` answers through `invokeHandler`; `emit` plays a message from main. */
export const ipcRenderer = {
  invokeHandler: (async () => ({ ok: true, value: undefined })) as (
    channel: string,
    ...args: unknown[]
  ) => unknown,
  invocations: [] as { channel: string; args: unknown[] }[],
  listeners: new Map<string, Set<Handler>>(),
  async invoke(channel: string, ...args: unknown[]) {
    this.invocations.push({ channel, args });
    return this.invokeHandler(channel, ...args);
  },
  on(channel: string, listener: Handler) {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return this;
  },
  removeListener(channel: string, listener: Handler) {
    this.listeners.get(channel)?.delete(listener);
    return this;
  },
  emit(channel: string, ...args: unknown[]) {
    const event = { sender: 'ipc-renderer-event-sender' };
    for (const listener of this.listeners.get(channel) ?? [])
      (listener as (...a: unknown[]) => void)(event, ...args);
  },
};

/** Paths of "dropped" files: a File whose name is in `paths` has that path, any other has none. */
export const webUtils = {
  paths: new Map<string, string>(),
  getPathForFile: (file: { name: string }) => webUtils.paths.get(file.name) ?? '',
};

/** A main-side IPC that keeps the registered handlers so tests can call them as Electron would. */
export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler) {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
};

/** A tiny EventEmitter-alike for the fake windows and trays. */
class Emitter {
  listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  on(event: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: (...args: unknown[]) => void) {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

export class BrowserWindow extends Emitter {
  static created: BrowserWindow[] = [];
  static getAllWindows = () => BrowserWindow.created.filter((w) => !w.destroyed);
  destroyed = false;
  visible = false;
  loadedUrl: string | null = null;
  webContents = Object.assign(new Emitter(), {
    id: BrowserWindow.created.length + 1,
    openHandler: null as null | ((details: { url: string }) => { action: string }),
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.openHandler = handler;
    },
    sent: [] as unknown[][],
    send(...args: unknown[]) {
      this.sent.push(args);
    },
    isDestroyed: () => false,
  });
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.created.push(this);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  isVisible() {
    return this.visible;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
}

export class Tray extends Emitter {
  static created: Tray[] = [];
  image: unknown;
  toolTip = '';
  contextMenu: unknown = null;
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.image = image;
    Tray.created.push(this);
  }
  setImage(image: unknown) {
    this.image = image;
  }
  setToolTip(text: string) {
    this.toolTip = text;
  }
  setContextMenu(menu: unknown) {
    this.contextMenu = menu;
  }
  destroy() {
    this.destroyed = true;
  }
}

export const Menu = {
  /** The "menu" is its template, so tests can read and click it. */
  buildFromTemplate: (template: unknown[]) => ({ template }),
  /** What the app set as its menu (null: none, as on Windows and Linux). */
  applicationMenu: undefined as unknown,
  setApplicationMenu(menu: unknown) {
    calls.push('Menu.setApplicationMenu');
    Menu.applicationMenu = menu;
  },
};

export const nativeImage = {
  createFromPath: (path: string) => ({ path, isEmpty: () => false }),
};

export function resetElectronStub(): void {
  for (const key of Object.keys(exposedInMainWorld)) delete exposedInMainWorld[key];
  ipcRenderer.invocations = [];
  ipcRenderer.listeners.clear();
  ipcMain.handlers.clear();
  BrowserWindow.created = [];
  Tray.created = [];
}

export default {
  app,
  protocol,
  net,
  session,
  clipboard,
  safeStorage,
  systemPreferences,
  Notification,
  dialog,
  shell,
  globalShortcut,
  contextBridge,
  ipcRenderer,
  webUtils,
  ipcMain,
  BrowserWindow,
  Tray,
  Menu,
  nativeImage,
};
