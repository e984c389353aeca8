// The Electron main process: a thin shell. It owns the window, the tray, the hotkeys and the OS
// integrations, and hands everything else to the core service (core/service.ts) through its dispatch
// table. Nothing here decides how an upload works.
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  nativeImage,
  net,
  Notification,
  protocol,
  safeStorage,
  session,
  shell,
  systemPreferences,
  Tray,
} from 'electron';
import type { ApiEvents, ApiResponse } from '../../src-shared/api.ts';
import type { Settings } from '../../src-shared/settings.ts';
import { createToolCapturer } from '../core/for-shells/capture.ts';
import { createKeytarStore, createService, type ShotlinkService } from '../core/for-shells/app.ts';
import type { ClipboardPort, NotifierPort } from '../core/for-shells/ports.ts';
import { defaultDataDir } from '../core/for-shells/core.ts';
import { packageFiles } from '../core/for-shells/package-files.js';
import { checkTray, systemProbe, type DoctorShell } from '../core/for-shells/doctor.ts';
import { createActions, trayStatusFor } from './actions.ts';
import { isTrustedSender, registerApiIpc, sendEvent } from './ipc.ts';
import { setStartAtLogin, startedAtLogin } from './login.ts';
import { createCapturePort, createClipboardPort, createNotifierPort } from './ports.ts';
import { chooseSecretStore, createSafeStorageStore } from './secrets.ts';
import { Hotkeys, usesShortcutPortal } from './shortcuts.ts';
import { createTray, type ShotlinkTray } from './tray.ts';
import type { TrayCommand } from './tray-menu.ts';
import {
  APP_ORIGIN,
  createMainWindow,
  declareAppScheme,
  denyAllPermissions,
  isWebLink,
  serveAppScheme,
} from './window.ts';

const platform = process.platform;
// The built window, the preload (bundled as CommonJS: sandboxed preloads cannot be ES modules) and the
// tray icons, found where the CLI finds them.
const paths = packageFiles;

let quitting = false;
let window: BrowserWindow | null = null;
/** Whether a tray icon shows (Linux needs a StatusNotifier host: stock GNOME has none). */
let trayShows = true;

const log = (message: string) => process.stderr.write(`Shotlink: ${message}\n`);

/** The one place a URL leaves the app: web links only, to the user's browser. */
function openInBrowser(url: string): void {
  // The security scan flags every openExternal with a non-constant URL; this one is reviewed: web links only.
  if (!isWebLink(url)) return;
  // openExternal rejects when no browser takes the link: say so rather than crash main with it.
  const opening = shell.openExternal(url); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
  opening.catch((error: Error) => log(`could not open ${url} in a browser: ${error.message}`));
}

function showWindow(): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

const ownWebContents = () => BrowserWindow.getAllWindows().map((w) => w.webContents);

/** Messages for the window that may arise before it has loaded: kept and sent again on every load. */
const standingNotices: ApiEvents['notice'][] = [];
function notice(payload: ApiEvents['notice'], standing = false): void {
  if (standing) standingNotices.push(payload);
  sendEvent(ownWebContents(), 'notice', payload);
}
function dropStanding(payloads: ApiEvents['notice'][]): void {
  for (const payload of payloads) {
    const at = standingNotices.indexOf(payload);
    if (at >= 0) standingNotices.splice(at, 1);
  }
}

/** Step 1: the session and the app:// scheme are locked down before anything loads. */
function secureSession(): void {
  if (platform === 'win32') app.setAppUserModelId('dev.shotlink.app'); // notifications need it on Windows
  denyAllPermissions(session.defaultSession);
  // The default menu carries Reload and Toggle Developer Tools (Ctrl+R, Ctrl+Shift+I) on Windows and
  // Linux: none for a tray app's window. macOS keeps it, for Edit's copy and paste shortcuts.
  if (platform !== 'darwin') Menu.setApplicationMenu(null);
  serveAppScheme(protocol, net, paths.renderer);
}

/** Step 2: the core service with Electron's ports (keychain or safeStorage, clipboard, notifications, capture). */
async function createAppService(): Promise<{
  service: ShotlinkService;
  notifier: NotifierPort;
  clipboard: ClipboardPort;
}> {
  const home = defaultDataDir();
  const secrets = await chooseSecretStore(
    createKeytarStore(),
    createSafeStorageStore({ safeStorage, file: join(home, 'secrets.safestorage.json') }),
  );
  const doctor: DoctorShell = {
    clipboard: { kind: 'built-in' },
    ...(platform === 'darwin' && {
      screenAccess: () =>
        systemPreferences.getMediaAccessStatus('screen') === 'granted' ? 'granted' : 'denied',
    }),
  };
  const notifier = createNotifierPort({
    Notification,
    openInBrowser,
    showWindow,
    // A notification the system refused (unsigned build, Windows without an app id) goes to the window.
    onFailed: (reason) => notice({ level: 'error', message: reason }),
  });
  const clipboardPort = createClipboardPort(clipboard);
  const service = createService({
    home,
    secrets,
    clipboard: clipboardPort,
    notifier,
    capture: createCapturePort({ platform, systemPreferences, tool: createToolCapturer() }),
    doctor,
    kind: 'the desktop app',
  });
  return { service, notifier, clipboard: clipboardPort };
}

/** Step 3: the API over IPC, for the app's own window only. */
function connectIpc(service: ShotlinkService): void {
  registerApiIpc(ipcMain, {
    call: (method, args): Promise<ApiResponse<unknown>> => service.dispatch.call(method, args),
    isTrusted: (event) => isTrustedSender(event, ownWebContents, APP_ORIGIN),
    onRefused: log,
  });
}

/**
 * Step 4: the window, shown when ready. Started at login it stays in the tray, or, where no tray shows,
 * starts minimized: a window hidden with no tray icon could never be found again.
 */
async function openWindow(): Promise<void> {
  if (platform === 'linux') {
    const tray = await checkTray(systemProbe());
    // 'fail': known not to show (GNOME without AppIndicator); a warning may still show an XEmbed tray.
    trayShows = tray.status !== 'fail';
    if (!trayShows)
      notice(
        { level: 'info', message: `Shotlink's tray icon cannot show here: ${tray.summary}. ${tray.fix}` },
        true,
      );
  }
  window = createMainWindow({
    BrowserWindow,
    preload: paths.preload,
    openInBrowser,
    isQuitting: () => quitting,
    hasTray: () => trayShows,
    onLoadFailed: log,
  });
  const atLogin = startedAtLogin(platform, process.argv, app);
  window.once('ready-to-show', () => {
    if (!window) return;
    if (!atLogin) window.show();
    else if (!trayShows) {
      // Shown without taking focus, then minimized: in the dock or task list, out of the way.
      window.showInactive();
      window.minimize();
    }
  });
  window.webContents.on('did-finish-load', () => {
    for (const payload of standingNotices) sendEvent(ownWebContents(), 'notice', payload);
  });
}

/** The tray's and hotkeys' actions, run against the API like the window's buttons. */
function trayActions(
  service: ShotlinkService,
  ports: { notifier: NotifierPort; clipboard: ClipboardPort },
  tray: () => ShotlinkTray | null,
) {
  const { notifier } = ports;
  return createActions({
    api: service.dispatch.api,
    writeText: (text) => ports.clipboard.writeText(text),
    async chooseFiles() {
      const result = await dialog.showOpenDialog({
        title: 'Upload images',
        // Where screenshots and pictures are, not the Downloads folder the OS would otherwise offer.
        defaultPath: app.getPath('pictures'),
        properties: ['openFile', 'multiSelections'],
        filters: [
          { name: 'Images', extensions: ['png', 'jpg', 'jpeg', 'webp', 'gif', 'avif', 'heic', 'tiff'] },
        ],
      });
      return result.canceled ? [] : result.filePaths;
    },
    showWindow,
    quit: () => app.quit(),
    notify: (notification) => notifier.notify(notification),
    serverChanged: (server) => tray()?.update({ server }),
  });
}

/** Step 5: the tray, built from the service's current state. */
async function buildTray(
  service: ShotlinkService,
  notifier: NotifierPort,
  run: (command: TrayCommand) => Promise<void>,
): Promise<ShotlinkTray> {
  const { api } = service.dispatch;
  const [settings, providers, recent, server, watcher] = await Promise.all([
    api.getSettings(),
    api.listProviders(),
    api.listHistory({ limit: 5 }),
    api.serverStatus(),
    api.watcherStatus(),
  ]);
  return createTray({
    Tray,
    Menu,
    createImage: (path) => nativeImage.createFromPath(path),
    assetsDir: paths.assets,
    platform,
    initial: {
      status: 'idle',
      recent,
      providers,
      provider: settings.provider,
      tier: settings.tier,
      watchPaused: watcher.paused,
      server,
    },
    run: (command) => void run(command),
    // macOS only: files dropped on the tray icon.
    onDropFiles: (files) =>
      void api
        .uploadFiles(files)
        .catch((error: Error) => notifier.notify({ title: 'Shotlink', body: error.message, level: 'error' })),
  });
}

/** Step 6: the OS integrations that follow settings: global hotkeys and start at login. */
async function applyDesktopSettings(
  service: ShotlinkService,
  run: (command: TrayCommand) => Promise<void>,
): Promise<Hotkeys> {
  const hotkeys = new Hotkeys(
    globalShortcut,
    {
      capture: () => void run({ type: 'capture' }),
      uploadClipboard: () => void run({ type: 'upload-clipboard' }),
    },
    usesShortcutPortal(platform, process.env),
  );
  const hotkeyNotices: ApiEvents['notice'][] = [];
  const applyHotkeys = (next: Settings['hotkeys']) => {
    dropStanding(hotkeyNotices); // the old failures no longer apply
    const report = hotkeys.apply(next);
    hotkeyNotices.splice(
      0,
      Infinity,
      ...report.failures.map((f) => ({ level: 'error' as const, message: f.message })),
    );
    if (report.unconfirmed) hotkeyNotices.push({ level: 'info', message: report.unconfirmed });
    for (const payload of hotkeyNotices) notice(payload, true);
  };
  // One change at a time, in order: the start's own (an rm) must not land after a later write.
  let loginChanges: Promise<void> = Promise.resolve();
  const applyStartAtLogin = (enabled: boolean) =>
    (loginChanges = loginChanges.then(() =>
      setStartAtLogin(enabled, {
        app,
        platform,
        execPath: process.execPath,
        // Unpackaged, the executable is Electron itself and needs the app folder.
        appArgs: app.isPackaged ? [] : [app.getAppPath()],
      }).catch((error: Error) => notice({ level: 'error', message: `Start at login: ${error.message}` })),
    ));

  // Followed from the moment the settings are read (nothing awaited in between), so a change made while
  // the first ones are applied is not missed.
  let current = await service.dispatch.api.getSettings();
  service.events.on('settings', (next) => {
    const before = current;
    current = next;
    // Each integration on its own: hotkeys the desktop refuses (or a window gone when their notice is
    // sent) must not keep start at login from following the setting.
    if (next.startAtLogin !== before.startAtLogin) void applyStartAtLogin(next.startAtLogin);
    if (JSON.stringify(next.hotkeys) !== JSON.stringify(before.hotkeys)) applyHotkeys(next.hotkeys);
  });
  applyHotkeys(current.hotkeys);
  await applyStartAtLogin(current.startAtLogin);
  return hotkeys;
}

/** Step 7: every event to the window, and the ones the tray shows to the tray. */
function forwardEvents(service: ShotlinkService, tray: ShotlinkTray): void {
  const { events } = service;
  const { api } = service.dispatch;
  events.onAny((event, payload) => sendEvent(ownWebContents(), event, payload));
  events.on('job', (job) => {
    const status = trayStatusFor(job);
    if (status) tray.update({ status });
  });
  events.on('history', (history) => tray.update({ recent: history.slice(0, 5) }));
  events.on('watcher', (watcher) => tray.update({ watchPaused: watcher.paused }));
  events.on('settings', (settings) => {
    void Promise.all([api.listProviders(), api.serverStatus()]).then(([providers, server]) =>
      tray.update({ provider: settings.provider, tier: settings.tier, providers, server }),
    );
  });
}

/** What quitting must stop first, once start() has made it. */
interface Running {
  service: ShotlinkService;
  hotkeys: Hotkeys;
  tray: ShotlinkTray;
}

async function start(): Promise<Running> {
  secureSession();
  const { service, notifier, clipboard } = await createAppService();
  connectIpc(service);
  await openWindow();
  let tray: ShotlinkTray | null = null;
  const run = trayActions(service, { notifier, clipboard }, () => tray);
  tray = await buildTray(service, notifier, run);
  const hotkeys = await applyDesktopSettings(service, run);
  forwardEvents(service, tray);
  for (const problem of await service.start()) notice({ level: 'error', message: problem }, true);
  return { service, hotkeys, tray };
}

/**
 * Quitting stops the service cleanly first (queue and server finish their writes). The handler is there
 * from the first moment: a Quit while start() still runs waits for it and then stops what it made,
 * instead of being cancelled by the window's hide-on-close.
 */
function quitCleanly(starting: Promise<Running | null>): void {
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    if (quitting) return; // already on the way out
    quitting = true;
    void starting
      .then(async (running) => {
        if (!running) return;
        running.hotkeys.clear();
        running.tray.destroy();
        await running.service.close();
      })
      .catch((error: Error) => log(`closing the service failed: ${error.message}`))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
}

// One Shotlink per user: a second launch (e.g. from the start menu) shows the running one's window.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  declareAppScheme(protocol);
  // Global shortcuts on Wayland go through the desktop's portal (on by default in recent Electron;
  // asked for explicitly so older builds behave the same). The portal knows the app by `desktopName`
  // in package.json, which must match the installed .desktop file (electron-builder.yml installs it).
  if (usesShortcutPortal(platform, process.env)) {
    app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
  }
  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  // The window hides instead of closing; if it is ever closed, the app stays in the tray.
  app.on('window-all-closed', () => {});
  app.on('will-quit', () => {
    if (app.isReady()) globalShortcut.unregisterAll();
  });
  const starting = app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      dialog.showErrorBox('Shotlink could not start', message);
      app.exit(1);
      return null;
    });
  quitCleanly(starting);
}
