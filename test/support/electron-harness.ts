// Runs the Electron main process itself (src-main/electron/main.ts, not a copy of its logic) under Node,
// with the `electron` module aliased to the stub (test/stubs/electron.ts) as everywhere, except that
// each BrowserWindow's page is a real Chromium page (playwright-core, Debian's chromium):
//
// - loadURL goes through the handler main gave protocol.handle('app', …): the built renderer with its
//   real CSP header and meta tag. Chromium cannot register a scheme without Electron, so the page lives
//   at APP_STANDIN (an https origin answered by page.route, never the network) and the harness maps
//   that origin to app://shotlink and back. That mapping, worlds that contextBridge does not isolate,
//   and main finding its window and preload in the harness's private build (package-files) are the
//   harness's liberties (docs/desktop.md lists them).
// - The built preload bundle (dist/preload/preload.cjs, made by the same esbuild command as
//   `npm run build:preload`) runs in the page before any of the page's scripts, with the `require` a
//   sandboxed preload has: it knows `electron` alone, whose contextBridge.exposeInMainWorld sets the
//   global, ipcRenderer.invoke calls a page binding and webUtils.getPathForFile knows dropped files.
// - The binding knows the calling frame, so the handler main registered with ipcMain.handle gets a real
//   sender: this window's webContents and the frame's own URL and parent, which the sender check reads.
// - webContents.send reaches the page's ipcRenderer listeners; Electron's 'did-finish-load' and
//   'ready-to-show' are emitted when the page has loaded.
//
// Everything else (tray, global shortcuts, notifications, dialogs, permissions) stays the stub.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { vi } from 'vitest';
import { APP_ORIGIN } from '../../src-main/electron/window.ts';
import { app, BrowserWindow, ipcMain, protocol, Tray } from '../stubs/electron.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.ts';
import type * as PackageFiles from '../../src-main/core/for-shells/package-files.js';

type PackageFilesModule = typeof PackageFiles;

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** Where app://shotlink is served in the browser (see the header). */
export const APP_STANDIN = 'https://app-shotlink.harness.invalid';

/** app://shotlink/… for the harness's stand-in origin; any other URL as it is. */
export const toAppUrl = (url: string) =>
  url.startsWith(`${APP_STANDIN}/`) ? APP_ORIGIN + url.slice(APP_STANDIN.length) : url;
const toPageUrl = (url: string) =>
  url.startsWith(`${APP_ORIGIN}/`) ? APP_STANDIN + url.slice(APP_ORIGIN.length) : url;

/** What a sandboxed preload gets as `require('electron')`, and the wrapper that runs the bundle. */
function preloadScript(bundle: string): string {
  return `(() => {
  const listeners = new Map();
  const dropped = new Map();
  // The harness plays the OS: a file dropped from the file manager has a path (webUtils).
  Object.defineProperty(window, '__harnessDropped', { value: dropped });
  Object.defineProperty(window, '__harnessEmit', {
    value: (channel, args) => {
      for (const listener of listeners.get(channel) ?? []) listener({ sender: null }, ...args);
    },
  });
  const invoke = window.__harnessInvoke;
  const electron = {
    contextBridge: {
      exposeInMainWorld(key, value) {
        Object.defineProperty(window, key, { value: Object.freeze(value), enumerable: true });
      },
    },
    ipcRenderer: {
      invoke: (channel, ...args) => invoke(channel, args),
      on(channel, listener) {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel).add(listener);
        return this;
      },
      removeListener(channel, listener) {
        listeners.get(channel)?.delete(listener);
        return this;
      },
    },
    webUtils: {
      getPathForFile: (file) => dropped.get(file.name + ':' + file.size) ?? '',
    },
  };
  const require = (name) => {
    if (name === 'electron') return electron;
    throw new Error('a sandboxed preload cannot require ' + name);
  };
  const module = { exports: {} };
  // Electron runs a window's preload in its main frame only (nodeIntegrationInSubFrames is off).
  if (window.top !== window) return;
  (function (module, exports, require) {
${bundle}
  })(module, module.exports, require);
})();`;
}

export interface ElectronHarness {
  /** The Chromium page behind a BrowserWindow (the first one by default). */
  page(window?: BrowserWindow): Page;
  /** Problems the pages reported (uncaught errors, console errors such as CSP refusals). */
  problems: string[];
  /** Lines main wrote on stderr (refused IPC calls, load failures). */
  log: string[];
  /** Drops files on the window's drop zone as the file manager does: with their paths. */
  dropFiles(window: BrowserWindow, paths: string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds the window and the preload into a private app folder, starts Chromium, then imports main.ts
 * and waits until it has started (tray built, quit handler in place).
 */
export async function startElectronMain(options: {
  env: NodeJS.ProcessEnv;
  argv?: string[];
}): Promise<ElectronHarness> {
  const appDir = await mkdtemp(join(tmpdir(), 'shotlink-harness-'));
  await mkdir(join(appDir, 'dist', 'preload'), { recursive: true });
  const preloadFile = join(appDir, 'dist', 'preload', 'preload.cjs');
  const packageJson = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  // The very command `npm run build` uses, with the output moved to the private folder.
  const esbuildArgs = packageJson.scripts['build:preload']!.split(' ')
    .slice(1)
    .map((arg) => (arg.startsWith('--outfile=') ? `--outfile=${preloadFile}` : arg));
  const [browser] = await Promise.all([
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }),
    run(
      process.execPath,
      [
        join(root, 'node_modules/vite/bin/vite.js'),
        'build',
        '--outDir',
        join(appDir, 'dist', 'renderer'),
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      { cwd: root },
    ),
    run(join(root, 'node_modules/.bin/esbuild'), esbuildArgs, { cwd: root }),
  ]);
  // Main finds its window and preload through package-files (as the CLI does): here, the private
  // build, so a parallel `npm run build` or `npm start` elsewhere never changes the files mid-test.
  const filesModule = fileURLToPath(
    new URL('../../src-main/core/for-shells/package-files.js', import.meta.url),
  );
  vi.doMock(filesModule, async (importOriginal) => {
    const actual = await importOriginal<PackageFilesModule>();
    return {
      ...actual,
      packageFiles: Object.freeze({
        ...actual.packageFiles,
        renderer: join(appDir, 'dist', 'renderer'),
        preload: preloadFile,
      }),
    };
  });

  const problems: string[] = [];
  const log: string[] = [];
  const pages = new Map<BrowserWindow, Page>();
  const loads = new Map<BrowserWindow, Promise<void>>();
  const harness: ElectronHarness = {
    page(window = BrowserWindow.created[0]!) {
      const page = pages.get(window);
      if (!page) throw new Error('this window has no page yet');
      return page;
    },
    problems,
    log,
    async dropFiles(window, paths) {
      const files = await Promise.all(
        paths.map(async (path) => ({
          path,
          name: basename(path),
          base64: (await readFile(path)).toString('base64'),
        })),
      );
      await harness.page(window).evaluate((files) => {
        const transfer = new DataTransfer();
        const dropped = (window as unknown as { __harnessDropped: Map<string, string> }).__harnessDropped;
        for (const { path, name, base64 } of files) {
          const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          const file = new File([bytes], name, { type: name.endsWith('.png') ? 'image/png' : '' });
          dropped.set(`${file.name}:${file.size}`, path);
          transfer.items.add(file);
        }
        const zone = document.querySelector('[data-testid="dropzone"]')!;
        for (const type of ['dragenter', 'dragover', 'drop'])
          zone.dispatchEvent(
            new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }),
          );
      }, files);
    },
    async close() {
      await browser.close();
      await rm(appDir, { recursive: true, force: true });
    },
  };

  BrowserWindow.backend = {
    loadURL(window, url) {
      const loading = (async () => {
        // The preload the window's webPreferences name, as Electron runs it.
        const preloadFile = (window.options.webPreferences as { preload?: string } | undefined)?.preload;
        if (!preloadFile) throw new Error('the window names no preload');
        const preload = preloadScript(await readFile(preloadFile, 'utf8'));
        const page = pages.get(window) ?? (await openPage(browser, window, preload, problems));
        pages.set(window, page);
        await page.goto(toPageUrl(url));
        window.webContents.emit('did-finish-load');
        window.emit('ready-to-show');
      })();
      loads.set(window, loading);
      return loading;
    },
    send(window, channel, args) {
      const page = pages.get(window);
      // Electron queues messages to a page that is loading; one with no page yet has no listener either.
      if (!page || page.isClosed()) return;
      page
        .evaluate(
          ([channel, args]) =>
            (window as unknown as { __harnessEmit?: (c: string, a: unknown[]) => void }).__harnessEmit?.(
              channel,
              args,
            ),
          [channel, args] as const,
        )
        .catch(() => {}); // a page navigating away drops it, as Electron's would
    },
  };
  const saved = { env: { ...process.env }, argv: process.argv };
  Object.assign(process.env, options.env);
  process.argv = [process.argv[0]!, appDir, ...(options.argv ?? [])];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const text = chunk.toString();
    if (text.startsWith('Shotlink: ')) log.push(text.trim());
    return write(chunk, ...rest);
  }) as typeof process.stderr.write;

  const close = harness.close;
  harness.close = async () => {
    process.stderr.write = write;
    process.env = saved.env;
    process.argv = saved.argv;
    await close();
  };

  await import('../../src-main/electron/main.ts');
  await vi.waitFor(
    () => {
      if (Tray.created.length !== 1) throw new Error('no tray yet');
      if (app.handlers.get('before-quit')?.length !== 1) throw new Error('still starting');
    },
    { timeout: 60_000, interval: 50 },
  );
  // The window main opened has loaded its page (main does not wait for it; a person would).
  await Promise.all([...loads.values()]);
  return harness;
}

/** One window's Chromium page: the app scheme served by main's handler, the preload, the IPC binding. */
async function openPage(
  browser: Browser,
  window: BrowserWindow,
  preload: string,
  problems: string[],
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 720 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.route(`${APP_STANDIN}/**`, async (route) => {
    const handler = protocol.handlers.get('app');
    if (!handler) return route.abort('failed');
    try {
      const response = await handler(new Request(toAppUrl(route.request().url())));
      await route.fulfill({
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: Buffer.from(await response.arrayBuffer()),
      });
    } catch {
      await route.abort('filenotfound');
    }
  });
  await page.exposeBinding(
    '__harnessInvoke',
    async ({ frame }: { frame: Frame }, channel: string, args: unknown[]) => {
      const handler = ipcMain.handlers.get(channel) as
        ((event: unknown, ...args: unknown[]) => unknown) | undefined;
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      const parent = frame.parentFrame();
      const senderFrame = {
        url: toAppUrl(frame.url()),
        parent: parent ? { url: toAppUrl(parent.url()) } : null,
      };
      return handler({ sender: window.webContents, senderFrame }, ...args);
    },
  );
  await page.addInitScript({ content: preload });
  return page;
}
