// Stands in for the `electron` module in every test (aliased in vite.config.ts): the real package would
// try to download its binary. Only what the shell's modules touch is here; extend it as they grow.
// The fakes record what was done to them so tests can look, and reset with `resetElectronStub()`.
//
// Where the shell depends on how Electron behaves, the stub behaves the same way, per the Electron 45
// docs and issues cited beside each: APIs that need the app to be ready throw before it; `once` fires
// once; `loadURL` rejects when the page fails; a notification can fail; the screen permission reads only
// granted or denied; on the Wayland portal `register` always succeeds and `unregister` does nothing; the
// tray's click differs per OS; login-item `args` are ignored on macOS. `desktop` says which OS and
// session the stub plays.
// With `BrowserWindow.backend` set (test/support/electron-harness.ts), each window's page is a real
// Chromium page instead; everything else stays as here.
type Handler = (...args: never[]) => unknown;

/** Every call the app-level fakes receive, in order, so tests can check what happened when. */
export const calls: string[] = [];
type Listener = (...args: unknown[]) => void;

/** The desktop the stub plays: its OS, its session, and (Linux) whether a tray host is running. */
export const desktop = {
  platform: process.platform as NodeJS.Platform,
  /** 'portal': a Wayland session with Electron's GlobalShortcutsPortal (see globalShortcut below). */
  shortcuts: 'native' as 'native' | 'portal',
  /** Linux: 'status-notifier' trays report clicks (KDE); 'appindicator' ones only open the menu (GNOME). */
  linuxTray: 'status-notifier' as 'status-notifier' | 'appindicator',
};

/** Electron throws when these run before the app is ready ("… cannot be used before the app is ready"). */
function requireReady(what: string): void {
  if (!app.ready) throw new Error(`${what} cannot be used before the app is ready`);
}

export const app = {
  ready: false,
  isReady: () => app.ready,
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
    return Promise.resolve().then(() => {
      app.ready = true;
    });
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
  loginItems: [] as Record<string, unknown>[],
  /** `args` is Windows-only: macOS ignores it (a login item there is the app, no arguments). */
  setLoginItemSettings: (settings: Record<string, unknown>) => {
    const { args, ...rest } = settings;
    app.loginItems.push(desktop.platform === 'win32' ? settings : rest);
    void args;
  },
  wasOpenedAtLogin: false,
  getLoginItemSettings: () => {
    const openAtLogin = Boolean(app.loginItems.at(-1)?.openAtLogin);
    return {
      openAtLogin,
      openAsHidden: false,
      wasOpenedAtLogin: desktop.platform === 'darwin' && app.wasOpenedAtLogin,
      wasOpenedAsHidden: false,
      restoreState: false,
      status: openAtLogin ? ('enabled' as const) : ('not-registered' as const),
      executableWillLaunchAtLogin: openAtLogin,
      launchItems: [],
    };
  },
  setAppUserModelId: (_id: string) => {},
  quit: () => void calls.push('app.quit'),
  exit: (code?: number) => void calls.push(`app.exit(${code})`),
};

export const protocol = {
  privileged: [] as unknown[],
  registerSchemesAsPrivileged: (schemes: unknown[]) => {
    // The opposite rule: only before ready.
    if (app.ready)
      throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    calls.push('protocol.registerSchemesAsPrivileged');
    protocol.privileged.push(...schemes);
  },
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
    requireReady('protocol');
    protocol.handlers.set(scheme, handler);
  },
};

/** Content types Electron's net.fetch gives file:// responses, for the files a built window has. */
const FILE_TYPES: Record<string, string> = {
  html: 'text/html',
  js: 'text/javascript',
  mjs: 'text/javascript',
  css: 'text/css',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  wasm: 'application/wasm',
};

/**
 * Electron's net.fetch, which (unlike Node's fetch) reads file:// URLs, typed by extension, and rejects
 * with net::ERR_FILE_NOT_FOUND for a missing file.
 */
export const net = {
  fetch: async (url: string): Promise<Response> => {
    if (!url.startsWith('file:')) return fetch(url);
    const { readFile } = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    let body: Buffer;
    try {
      body = await readFile(fileURLToPath(url));
    } catch {
      throw new Error(`net::ERR_FILE_NOT_FOUND (${url})`);
    }
    const type = FILE_TYPES[/\.(\w+)$/.exec(url)?.[1]?.toLowerCase() ?? ''] ?? 'application/octet-stream';
    return new Response(new Uint8Array(body), { headers: { 'content-type': type } });
  },
};

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

/**
 * For 'screen', macOS answers only 'granted' or 'denied': never asked reads 'denied' too
 * (electron/electron#28540). `screenAccess` is what the OS would answer now.
 */
export const systemPreferences = {
  screenAccess: 'granted' as 'granted' | 'denied',
  getMediaAccessStatus: (type: string) =>
    type === 'screen' ? systemPreferences.screenAccess : 'not-determined',
};

export const dialog = {
  errors: [] as string[][],
  showErrorBox: (title: string, content: string) => void dialog.errors.push([title, content]),
  showOpenDialog: async () => ({ canceled: true, filePaths: [] as string[] }),
};

export const shell = {
  opened: [] as string[],
  openExternal: async (url: string) => void shell.opened.push(url),
};

/**
 * Electron's globalShortcut. Natively (X11, macOS, Windows) an accelerator listed in `taken` is held by
 * another app and register() returns false. Through the Wayland portal register() only submits a
 * request and always returns true, even when the desktop refuses it; unregister() does nothing and only
 * unregisterAll() ends the bindings (electron/electron#51875 and the reports linked there).
 */
export const globalShortcut = {
  taken: [] as string[],
  registered: new Map<string, () => void>(),
  register(accelerator: string, callback: () => void) {
    requireReady('globalShortcut');
    if (!/^[A-Za-z]+(\+[A-Za-z0-9]+)*$/.test(accelerator))
      throw new Error(`Failed to parse accelerator: ${accelerator}`);
    if (desktop.shortcuts === 'portal') {
      if (!globalShortcut.taken.includes(accelerator)) globalShortcut.registered.set(accelerator, callback);
      return true;
    }
    if (globalShortcut.taken.includes(accelerator)) return false;
    globalShortcut.registered.set(accelerator, callback);
    return true;
  },
  unregister: (accelerator: string) => {
    requireReady('globalShortcut');
    if (desktop.shortcuts !== 'portal') globalShortcut.registered.delete(accelerator);
  },
  unregisterAll: () => globalShortcut.registered.clear(),
  /** Plays the person pressing an accelerator: the callback runs only if the binding really holds. */
  press: (accelerator: string) => globalShortcut.registered.get(accelerator)?.(),
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

/** A tiny EventEmitter-alike for the fake windows, trays and notifications. */
class Emitter {
  listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  on(event: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: (...args: unknown[]) => void) {
    const once = (...args: unknown[]) => {
      this.removeListener(event, once);
      listener(...args);
    };
    return this.on(event, once);
  }
  removeListener(event: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }
}

/**
 * Notifications: shown ones are listed in `Notification.shown`; a test plays the person or the OS with
 * emit('click' | 'close' | 'failed', event, error). Electron emits 'failed' when the OS refuses (Windows).
 */
export class Notification extends Emitter {
  static supported = true;
  static isSupported = () => Notification.supported;
  static shown: Notification[] = [];
  constructor(readonly options: { title?: string; body?: string; silent?: boolean }) {
    super();
    requireReady('Notification');
  }
  show() {
    Notification.shown.push(this);
  }
}

/**
 * What can stand behind a BrowserWindow's page: by default nothing (the window records what is done to
 * it); the Electron harness (test/support/electron-harness.ts) puts a real Chromium page there.
 */
export interface WindowBackend {
  /** Loads the page; resolves once it has loaded (rejects as Electron's loadURL does). */
  loadURL(window: BrowserWindow, url: string): Promise<void>;
  /** webContents.send: the message to the page's ipcRenderer listeners. */
  send(window: BrowserWindow, channel: string, args: unknown[]): void;
}

export class BrowserWindow extends Emitter {
  static created: BrowserWindow[] = [];
  /** When set, loadURL rejects with it, as Electron's does when the page fails to load (ERR_FILE_NOT_FOUND…). */
  static loadFailure: Error | null = null;
  /** When set, every window's page is real (see WindowBackend). */
  static backend: WindowBackend | null = null;
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
    send: (channel: string, ...args: unknown[]) => {
      this.webContents.sent.push([channel, ...args]);
      BrowserWindow.backend?.send(this, channel, args);
    },
    isDestroyed: () => false,
  });
  minimized = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    requireReady('BrowserWindow');
    BrowserWindow.created.push(this);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
    if (BrowserWindow.loadFailure) throw BrowserWindow.loadFailure;
    await BrowserWindow.backend?.loadURL(this, url);
  }
  show() {
    this.visible = true;
    this.minimized = false;
  }
  hide() {
    this.visible = false;
  }
  showInactive() {
    this.visible = true;
  }
  minimize() {
    this.minimized = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
  isVisible() {
    return this.visible;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  focus() {}
  /** Plays the person closing the window: 'close' may be prevented; otherwise the window is gone. */
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroyed = true;
  }
}

export class Tray extends Emitter {
  static created: Tray[] = [];
  image: unknown;
  toolTip = '';
  contextMenu: unknown = null;
  destroyed = false;
  /** How often the tray's own menu was opened by a click. */
  menuOpened = 0;
  constructor(image: unknown) {
    super();
    requireReady('Tray');
    this.image = image;
    Tray.created.push(this);
  }
  /**
   * Plays a left click as each OS delivers it: macOS and Windows emit 'click' (macOS also opens the
   * menu); on Linux a StatusNotifier host such as KDE's emits 'click', while GNOME's AppIndicator
   * extension only opens the menu and emits nothing.
   */
  click() {
    if (desktop.platform === 'darwin') this.menuOpened++;
    if (desktop.platform === 'linux' && desktop.linuxTray === 'appindicator') {
      this.menuOpened++;
      return;
    }
    this.emit('click', { preventDefault: () => {} });
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
  createFromPath: (path: string) => {
    const image = {
      path,
      template: false,
      isEmpty: () => false,
      // Electron also marks an image as a template when its file name ends in "Template".
      isTemplateImage: () => image.template || /Template(@\dx)?\.png$/.test(path),
      setTemplateImage: (value: boolean) => void (image.template = value),
    };
    return image;
  },
};

export function resetElectronStub(): void {
  for (const key of Object.keys(exposedInMainWorld)) delete exposedInMainWorld[key];
  ipcRenderer.invocations = [];
  ipcRenderer.listeners.clear();
  ipcMain.handlers.clear();
  BrowserWindow.created = [];
  BrowserWindow.loadFailure = null;
  BrowserWindow.backend = null;
  Tray.created = [];
  Notification.shown = [];
  Notification.supported = true;
  globalShortcut.taken = [];
  globalShortcut.registered.clear();
  systemPreferences.screenAccess = 'granted';
  Object.assign(desktop, { platform: process.platform, shortcuts: 'native', linuxTray: 'status-notifier' });
  app.loginItems = [];
  app.wasOpenedAtLogin = false;
  app.ready = false;
}

/** For tests of modules that run after ready: the app is ready. */
export function makeReady(): void {
  app.ready = true;
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
