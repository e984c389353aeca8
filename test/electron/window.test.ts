// The window's security settings, as the factory produces them, and the guards on its web contents.
import type { BrowserWindow as BrowserWindowType, Protocol, Session } from 'electron';
import { BrowserWindow } from 'electron';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY,
  CONTENT_SECURITY_POLICY,
  createMainWindow,
  declareAppScheme,
  denyAllPermissions,
  guardWebContents,
  isWebLink,
  resolveAppFile,
  serveAppScheme,
} from '../../src-main/electron/window.ts';
import {
  BrowserWindow as StubBrowserWindow,
  makeReady,
  resetElectronStub,
  type BrowserWindow as StubWindow,
} from '../stubs/electron.ts';

describe('guardWebContents', () => {
  function guarded() {
    const handlers = new Map<
      string,
      (event: { preventDefault(): void; prevented?: boolean }, url?: string) => void
    >();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const opened: string[] = [];
    guardWebContents(
      {
        on: ((event: string, handler: never) => handlers.set(event, handler)) as never,
        setWindowOpenHandler: ((handler: never) => (openHandler = handler)) as never,
      },
      (url) => opened.push(url),
    );
    const fire = (name: string, url?: string) => {
      const event = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      handlers.get(name)!(event, url);
      return event.prevented;
    };
    return { fire, open: (url: string) => openHandler!({ url }), opened };
  }

  it('blocks every navigation; web links open in the browser instead', () => {
    const { fire, opened } = guarded();
    expect(fire('will-navigate', 'https://example.com/page')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-navigate', 'app://shotlink/other.html')).toBe(true);
    expect(fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(fire('will-attach-webview')).toBe(true);
    expect(opened).toEqual(['https://example.com/page']);
  });

  it('denies new windows; only http(s) links go to the browser', () => {
    const { open, opened } = guarded();
    for (const url of [
      'https://img402.dev/x.png',
      'http://192.168.1.2:8402/v/1',
      'javascript:alert(1)',
      'file:///x',
      'smb://host/share',
    ]) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://img402.dev/x.png', 'http://192.168.1.2:8402/v/1']);
    expect(isWebLink('ms-screenclip:')).toBe(false);
  });
});

describe('denyAllPermissions', () => {
  it('denies every permission request and check', () => {
    let request: ((...args: unknown[]) => void) | undefined;
    let check: (() => boolean) | undefined;
    let device: (() => boolean) | undefined;
    denyAllPermissions({
      setPermissionRequestHandler: ((h: never) => (request = h)) as Session['setPermissionRequestHandler'],
      setPermissionCheckHandler: ((h: never) => (check = h)) as Session['setPermissionCheckHandler'],
      setDevicePermissionHandler: ((h: never) => (device = h)) as Session['setDevicePermissionHandler'],
    });
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      let granted: boolean | undefined;
      request!({}, permission, (answer: boolean) => (granted = answer), {});
      expect(granted).toBe(false);
    }
    expect(check!()).toBe(false);
    expect(device!()).toBe(false);
  });
});

describe('the app:// scheme', () => {
  const root = '/app/dist/renderer';

  it('is declared secure and standard before the app is ready', () => {
    let declared: unknown;
    declareAppScheme({
      registerSchemesAsPrivileged: ((s: unknown) =>
        (declared = s)) as Protocol['registerSchemesAsPrivileged'],
    });
    expect(declared).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves files under the renderer folder only', () => {
    expect(resolveAppFile(root, 'app://shotlink/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, APP_ENTRY)).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://shotlink/assets/index-abc.js?v=1')).toBe(
      join(root, 'assets/index-abc.js'),
    );
    expect(resolveAppFile(root, 'app://shotlink/../../etc/passwd')).toBe(join(root, 'etc/passwd'));
    // Dot segments, plain or percent-encoded, are resolved inside the root: nothing above it is reachable.
    expect(resolveAppFile(root, 'app://shotlink/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc/passwd'));
    expect(resolveAppFile(root, 'app://shotlink/assets/..%2f..%2f..%2fetc%2fpasswd')).toBe(
      join(root, 'etc/passwd'),
    );
    expect(resolveAppFile(root, 'app://shotlink/assets/%00.js')).toBeNull();
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'https://shotlink/index.html')).toBeNull();
  });

  it('sends a strict CSP: scripts only from our bundle, no plugins, no framing, no base or form targets', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d]),
    );
    expect(directives['default-src']).toBe("default-src 'self'");
    expect(directives['script-src']).toBe("script-src 'self'");
    expect(directives['object-src']).toBe("object-src 'none'");
    expect(directives['frame-ancestors']).toBe("frame-ancestors 'none'");
    expect(directives['base-uri']).toBe("base-uri 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });
});

describe('serveAppScheme', () => {
  it('serves the built page with the CSP header, and 404 for anything outside it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'shotlink-renderer-'));
    try {
      await writeFile(join(root, 'index.html'), '<!doctype html><title>Shotlink</title>');
      let handler: ((request: Request) => Promise<Response>) | undefined;
      serveAppScheme(
        {
          handle: ((scheme: string, h: never) => (
            expect(scheme).toBe('app'),
            (handler = h)
          )) as Protocol['handle'],
        },
        // Electron's net.fetch reads file:// URLs; Node's fetch does not, so this plays that part.
        {
          fetch: (async (url: string) =>
            new Response(await readFile(fileURLToPath(url)), {
              headers: { 'content-type': 'text/html' },
            })) as never,
        },
        root,
      );
      const page = await handler!(new Request(APP_ENTRY));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Shotlink</title>');
      expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await handler!(new Request('app://elsewhere/index.html'))).status).toBe(404);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('createMainWindow', () => {
  beforeEach(() => {
    resetElectronStub();
    makeReady();
  });

  function create(isQuitting = () => false, more: Partial<Parameters<typeof createMainWindow>[0]> = {}) {
    return createMainWindow({
      BrowserWindow: BrowserWindow as unknown as typeof BrowserWindowType,
      preload: '/app/dist/preload/preload.cjs',
      openInBrowser: () => {},
      isQuitting,
      ...more,
    }) as unknown as StubWindow;
  }

  it('cannot be made before the app is ready (Electron throws)', () => {
    resetElectronStub();
    expect(() => create()).toThrow(/before the app is ready/);
  });

  it('minimizes instead of hiding when there is no tray to bring it back (GNOME without AppIndicator)', () => {
    const window = create(() => false, { hasTray: () => false });
    window.show();
    window.close();
    expect(window.destroyed).toBe(false);
    expect(window.isVisible()).toBe(true);
    expect(window.isMinimized()).toBe(true);
  });

  it('reports a page that fails to load instead of leaving an unhandled rejection', async () => {
    StubBrowserWindow.loadFailure = new Error('ERR_FILE_NOT_FOUND (-6) loading app://shotlink/index.html');
    const failures: string[] = [];
    create(() => false, { onLoadFailed: (reason) => failures.push(reason) });
    await vi.waitFor(() =>
      expect(failures).toEqual([
        'The window could not load: ERR_FILE_NOT_FOUND (-6) loading app://shotlink/index.html',
      ]),
    );
  });

  it('isolates and sandboxes the page, with no Node and no webviews', () => {
    const { options } = create();
    expect(options.webPreferences).toEqual({
      preload: '/app/dist/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(options.show).toBe(false);
  });

  it('loads our page, guarded, and hides to the tray on close unless quitting', () => {
    let quitting = false;
    const window = create(() => quitting);
    expect(window.loadedUrl).toBe(APP_ENTRY);
    expect(window.webContents.openHandler!({ url: 'https://x.test' })).toEqual({ action: 'deny' });

    window.show();
    const closing = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    window.emit('close', closing);
    expect(closing.prevented).toBe(true);
    expect(window.isVisible()).toBe(false);

    quitting = true;
    const quitClose = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    window.emit('close', quitClose);
    expect(quitClose.prevented).toBe(false);
  });
});
