// The Electron main process end to end (test/support/electron-harness.ts): main.ts itself, with the
// real core service (temporary data folder, the fake img402 on 127.0.0.1), and its window a real
// Chromium page that loads the built renderer through main's app:// handler, under its CSP, with the
// built preload bundle. The window opens from the tray's "Open Shotlink"; an image dropped in it is
// uploaded and listed in History; a watched folder's upload reaches the page as a service event,
// without a reload; a page that is not the app's is refused by main's sender check.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { PreloadBridge } from '../../src-main/preload.ts';
import { screenshotPng } from '../cli/fixtures.ts';
import { CHROMIUM } from '../support/chromium.ts';
import { startElectronMain, type ElectronHarness } from '../support/electron-harness.ts';
import { startFakeImg402, type FakeImg402 } from '../support/fake-img402.ts';
import { startHttpServer, type LoopbackServer } from '../support/http-server.ts';
import { app, BrowserWindow, calls, dialog, Tray } from '../stubs/electron.ts';

if (process.env.CI && !existsSync(CHROMIUM))
  throw new Error(`CI must run the harness tests: ${CHROMIUM} is missing`);

/** The page's global as the preload leaves it. */
type AppWindow = { shotlink?: PreloadBridge };

const STEP_MS = 30_000;
let dir: string;
let img402: FakeImg402;
let elsewhere: LoopbackServer;
let harness: ElectronHarness;
const watched = () => join(dir, 'Screenshots');

const mainWindow = () => BrowserWindow.created[0]!;
const page = () => harness.page();

describe.skipIf(!existsSync(CHROMIUM))(
  'the Electron main process with a real Chromium window',
  { timeout: 120_000 },
  () => {
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'shotlink-harness-test-'));
      await mkdir(watched());
      img402 = await startFakeImg402();
      // A page that is not Shotlink's, on another origin.
      elsewhere = await startHttpServer((_req, res) =>
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><title>Elsewhere</title><p>not Shotlink</p>'),
      );
      harness = await startElectronMain({
        env: {
          SHOTLINK_HOME: join(dir, 'data'),
          HOME: dir,
          XDG_CONFIG_HOME: join(dir, 'config'),
          XDG_SESSION_TYPE: 'x11',
          XDG_CURRENT_DESKTOP: 'KDE',
          SHOTLINK_IMG402_URL: img402.url,
        },
      });
      page().setDefaultTimeout(STEP_MS);
    }, 180_000);

    afterAll(async () => {
      // Quit as the tray's Quit does: the service stops cleanly first.
      if (harness) {
        app.emit('before-quit', { preventDefault: () => {} });
        await vi.waitFor(() => expect(calls).toContain('app.quit'), { timeout: 20_000 });
        await harness.close();
      }
      await img402?.close();
      await elsewhere?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('starts, and its window shows the built page under its CSP, with the preload’s API and no Node', async () => {
      expect(dialog.errors).toEqual([]);
      await page().getByRole('heading', { level: 1, name: 'Upload' }).waitFor();
      expect(await page().title()).toBe('Shotlink');
      expect(mainWindow().isVisible()).toBe(true); // shown on ready-to-show
      const seen = await page().evaluate(() => ({
        api: Object.keys((window as unknown as AppWindow).shotlink?.api ?? {}).length,
        pathForFile: typeof (window as unknown as AppWindow).shotlink?.pathForFile,
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(seen).toEqual({
        api: expect.any(Number),
        pathForFile: 'function',
        require: 'undefined',
        process: 'undefined',
      });
      expect(seen.api).toBeGreaterThan(20);
      // The CSP main's handler sent holds: an inline script injected into the page does not run.
      const ran = await page().evaluate(async () => {
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true';
        document.body.append(script);
        await new Promise((resolve) => setTimeout(resolve, 100));
        return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
      });
      expect(ran).toBe(false);
      expect(harness.problems.splice(0).join('\n')).toMatch(/Content Security Policy/);
    });

    it('opens the window from the tray’s “Open Shotlink” after it was closed to the tray', async () => {
      mainWindow().close(); // the person closes it: hidden to the tray, not destroyed
      expect(mainWindow().isDestroyed()).toBe(false);
      expect(mainWindow().isVisible()).toBe(false);
      const menu = Tray.created[0]!.contextMenu as { template: MenuItemConstructorOptions[] };
      const open = menu.template.find((item) => item.label === 'Open Shotlink')!;
      (open.click as () => void)();
      await vi.waitFor(() => expect(mainWindow().isVisible()).toBe(true));
      await page().getByRole('heading', { level: 1, name: 'Upload' }).waitFor();
    });

    it('uploads an image dropped in the window (main reads it by its path) and lists its link in History', async () => {
      const file = join(dir, 'dropped-shot.png');
      await writeFile(file, await screenshotPng(720, 450));
      await harness.dropFiles(mainWindow(), [file]);
      // The first public upload asks first, in the window.
      const notice = page().getByRole('dialog', { name: 'Links are public' });
      await notice.getByRole('button', { name: 'Upload' }).click();
      await vi.waitFor(() => expect(img402.uploads).toHaveLength(1), { timeout: STEP_MS });
      const uploaded = await sharp(img402.uploads[0]!.bytes).metadata();
      expect([uploaded.width, uploaded.height]).toEqual([720, 450]);
      await page()
        .getByRole('navigation', { name: 'Views' })
        .getByRole('button', { name: 'History', exact: true })
        .click();
      const item = page()
        .getByRole('list', { name: 'Uploads' })
        .getByRole('listitem', { name: 'dropped-shot.png', exact: true });
      await item.waitFor();
      expect(await item.innerText()).toContain(new URL(img402.uploads[0]!.url).host);
    });

    it('shows a watched folder’s upload as it finishes, without a reload', async () => {
      await page().evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
      const set = await page().evaluate(
        (folder) =>
          (window as unknown as AppWindow).shotlink!.api.setSettings({ watch: { folders: [folder] } }),
        watched(),
      );
      expect(set.watch.folders).toEqual([watched()]);
      // Written the way screenshot tools write: a temporary name, then renamed.
      await writeFile(join(watched(), '.watched-shot.png.tmp'), await screenshotPng(500, 320));
      await rename(join(watched(), '.watched-shot.png.tmp'), join(watched(), 'watched-shot.png'));
      await page()
        .getByRole('list', { name: 'Uploads' })
        .getByRole('listitem', { name: 'watched-shot.png', exact: true })
        .waitFor();
      expect(img402.uploads).toHaveLength(2);
      expect(img402.uploads[1]!.fileName).toMatch(/^watched-shot\./);
      expect(
        await page().evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
      ).toBe(true);
    });

    it('refuses the API to a page that is not the app’s, and says so', async () => {
      // The app's own page is answered.
      expect(
        await page().evaluate(() =>
          (window as unknown as AppWindow).shotlink!.api.listHistory({ limit: 1 }).then((h) => h.length),
        ),
      ).toBe(1);
      // The same window on another page (the preload runs there too, as in Electron): refused by main.
      await page().goto(`${elsewhere.url}/`);
      const answer = await page().evaluate(() =>
        (window as unknown as AppWindow).shotlink!.api.listHistory({ limit: 1 }).then(
          () => 'answered',
          (error: Error) => error.message,
        ),
      );
      expect(answer).toBe(`IPC call refused: it did not come from a Shotlink window (${elsewhere.url}/).`);
      expect(harness.log.join('\n')).toContain(
        `IPC call refused: it did not come from a Shotlink window (${elsewhere.url}/)`,
      );
    });
  },
);
