// Stands in for the `electron` module in every test (aliased in vite.config.ts): the real package would
// try to download its binary. Only what the shell's modules touch is here; extend it as they grow.
// The fakes record what was done to them so tests can look, and reset with `resetElectronStub()`.
type Handler = (...args: never[]) => unknown;

export const app = {
  isPackaged: false,
  getPath: (_name: string) => '/tmp/shotlink-electron-stub',
  getVersion: () => '0.0.0-test',
  on: () => app,
  whenReady: () => Promise.resolve(),
  quit: () => {},
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

export default { app, contextBridge, ipcRenderer, ipcMain, BrowserWindow, Tray, Menu, nativeImage };
