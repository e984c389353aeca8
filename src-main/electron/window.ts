// The Shotlink window and the rules it lives by (Electron's security checklist): isolated, sandboxed,
// no Node in the page, our own page only (served from the app:// scheme, never file://), no navigation,
// no new windows, no permissions, a strict Content-Security-Policy. Links to the web open in the browser.
import { normalize, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindow as BrowserWindowClass, Net, Protocol, Session, WebContents } from 'electron';
import { WINDOW_CSP } from '../../src-shared/window-csp.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'shotlink';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Sent as a header with every page of ours (shared with the loopback bridge). */
export const CONTENT_SECURITY_POLICY = WINDOW_CSP;

/** Only web links leave the app, and only to the user's browser. */
export function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** No navigation, no new windows, no webviews; web links go to the browser instead. */
export function guardWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  openInBrowser: (url: string) => void,
): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (isWebLink(url)) openInBrowser(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isWebLink(url)) openInBrowser(url);
    return { action: 'deny' };
  });
}

/** Every permission request (camera, notifications, clipboard-read...) is denied: the page needs none. */
export function denyAllPermissions(
  session: Pick<
    Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
  >,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** The schemes must be declared before app ready: app:// behaves like https (secure, standard origin). */
export function declareAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** The file under `root` an app:// URL names, or null for another host or a path that leaves `root`. */
export function resolveAppFile(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = normalize(pathname === '/' ? 'index.html' : pathname).replace(/^[/\\]+/, '');
  const file = join(root, relative);
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}

/** Serves the built renderer (dist/renderer) on app://shotlink/, with the CSP header on every response. */
export function serveAppScheme(
  protocol: Pick<Protocol, 'handle'>,
  net: Pick<Net, 'fetch'>,
  root: string,
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(root, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).href);
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

/**
 * The main window: hides to the tray when closed (the app keeps running for hotkeys and watching)
 * unless the app is quitting. Where no tray shows (GNOME without the AppIndicator extension), a hidden
 * window could never be found again, so it minimizes instead and stays in the dock or task list.
 */
export function createMainWindow(options: {
  BrowserWindow: typeof BrowserWindowClass;
  preload: string;
  openInBrowser: (url: string) => void;
  isQuitting: () => boolean;
  /** Whether a tray icon is there to bring the window back; default yes. */
  hasTray?: () => boolean;
  /** The window's page failed to load (loadURL rejects: a missing build, a renderer crash at start). */
  onLoadFailed?: (reason: string) => void;
}): BrowserWindowClass {
  const { BrowserWindow } = options;
  // The options stay a literal right here so that the security scan (Electronegativity) can read them.
  const window = new BrowserWindow({
    width: 1000,
    height: 720,
    minWidth: 640,
    minHeight: 480,
    title: 'Shotlink',
    // Shown once the page has painted (no white flash), or kept in the tray at login.
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      // Reviewed for the scan: the preload exposes the API contract (and the path of dropped files), no more.
      preload: options.preload /* eng-disable PRELOAD_JS_CHECK */,
      contextIsolation: true,
      // Set explicitly: the preload then runs with a minimal, Node-free require.
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A file dropped outside the drop zone must not replace our page.
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // A middle click must not open a link in a new window (new windows are denied anyway).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  guardWebContents(window.webContents, options.openInBrowser);
  window.on('close', (event) => {
    if (options.isQuitting()) return;
    event.preventDefault();
    if (options.hasTray?.() === false) window.minimize();
    else window.hide();
  });
  // loadURL rejects when the page cannot load; unhandled, that is an uncaught error in main.
  window
    .loadURL(APP_ENTRY)
    .catch((error: unknown) =>
      options.onLoadFailed?.(
        `The window could not load: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  return window;
}
