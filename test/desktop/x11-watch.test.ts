// Watching for real: `shotlink ui` (the service with a terminal's ports) on our own Xvfb, with the X11
// clipboard through xclip as a person's desktop has it, and a watched folder written the way screenshot
// tools write. What counts is what the fake img402 receives: each image once, text never, nothing again
// after the link replaced the image, nothing again after a restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { open, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { noisePng, screenshotPng } from '../cli/fixtures.ts';
import { BIN, runCli } from '../cli/run-cli.ts';
import { startFakeImg402, type FakeImg402 } from '../support/fake-img402.ts';
import { cleanEnv } from '../support/test-service.ts';
import {
  desktopUnavailable,
  readClipboard,
  startXvfb,
  writeClipboard,
  type XDisplay,
} from '../support/xvfb.ts';

const unavailable = desktopUnavailable(['Xvfb', 'xclip']);
const WAIT = { timeout: 30_000, interval: 100 };

describe.skipIf(unavailable)(
  `watching on a real X display${unavailable ? ` (${unavailable})` : ''}`,
  { timeout: 180_000 },
  () => {
    let screen: XDisplay;
    let img402: FakeImg402;
    let dir: string;
    let env: NodeJS.ProcessEnv;
    let ui: ChildProcess | null = null;

    beforeAll(async () => {
      [screen, img402] = await Promise.all([startXvfb(), startFakeImg402()]);
      dir = await mkdtemp(join(tmpdir(), 'shotlink-x11-watch-'));
      await mkdir(join(dir, 'Screenshots'));
      env = cleanEnv({
        ...screen.env,
        SHOTLINK_HOME: join(dir, 'data'),
        HOME: dir,
        XDG_CONFIG_HOME: join(dir, '.config'),
        SHOTLINK_IMG402_URL: img402.url,
      });
      // Turning watching on is the person's consent; the link format is the plain URL.
      for (const [key, value] of [
        ['watch.clipboard', 'true'],
        ['watch.folders', JSON.stringify([join(dir, 'Screenshots')])],
        ['linkFormat', 'url'],
      ] as const) {
        expect((await runCli(['config', 'set', key, value], { env })).code).toBe(0);
      }
    });
    afterAll(async () => {
      await stopUi();
      await screen?.stop();
      await img402?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    /** Starts `shotlink ui` and waits until it prints its URL (the service and its watchers run). */
    async function startUi(): Promise<void> {
      const child = spawn(process.execPath, [BIN, 'ui'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      ui = child;
      let stderr = '';
      child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
      await new Promise<void>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', () => resolve());
        child.once('exit', () => reject(new Error(`shotlink ui exited early: ${stderr}`)));
      });
    }
    async function stopUi(): Promise<void> {
      if (!ui || ui.exitCode !== null) return;
      const exited = new Promise((resolve) => ui!.once('exit', resolve));
      ui.kill('SIGTERM');
      await exited;
      ui = null;
    }
    const uploadedNames = () => img402.uploads.map((u) => u.fileName ?? '');

    it('uploads an image copied with xclip once, puts its link on the clipboard, ignores text, and sends nothing again after a restart', async () => {
      const first = await screenshotPng(600, 380);
      const second = await noisePng(200, 120, 7);
      const third = await screenshotPng(300, 200);

      // Copied before the service started: not the service's to send.
      await writeClipboard(screen, first, 'image/png');
      await startUi();
      await writeClipboard(screen, 'some text someone copied');
      // A new image: uploaded, and its link replaces it on the clipboard.
      await writeClipboard(screen, second, 'image/png');
      await vi.waitFor(() => expect(img402.uploads).toHaveLength(1), WAIT);
      await vi.waitFor(async () => expect(await readClipboard(screen)).toBe(img402.uploads[0]!.url), WAIT);
      // Text is ignored; the next image proves the watcher kept looking all the while.
      await writeClipboard(screen, 'more text');
      await writeClipboard(screen, third, 'image/png');
      await vi.waitFor(() => expect(img402.uploads).toHaveLength(2), WAIT);
      await vi.waitFor(async () => expect(await readClipboard(screen)).toBe(img402.uploads[1]!.url), WAIT);

      // A restart with an already uploaded image back on the clipboard: not sent again.
      await stopUi();
      await writeClipboard(screen, third, 'image/png');
      await startUi();
      // The first image again, copied anew after the restart: a new copy, uploaded; the third was not.
      await writeClipboard(screen, first, 'image/png');
      await vi.waitFor(() => expect(img402.uploads).toHaveLength(3), WAIT);
      const sizes = await Promise.all(
        img402.uploads.map(async (u) => (await import('sharp')).default(u.bytes).metadata()),
      );
      expect(sizes.map((m) => `${m.width}x${m.height}`)).toEqual(['200x120', '300x200', '600x380']);
    });

    it('uploads a folder’s screenshots once each, written as tools write them: temporary name then rename, or in pieces', async () => {
      if (!ui) await startUi();
      const folder = join(dir, 'Screenshots');
      const before = img402.uploads.length;
      // gnome-screenshot, spectacle and macOS: a hidden temporary file, then a rename.
      await writeFile(join(folder, '.Screenshot from 2026-12-05.png.part'), await screenshotPng(420, 260));
      await rename(
        join(folder, '.Screenshot from 2026-12-05.png.part'),
        join(folder, 'Screenshot from 2026-12-05.png'),
      );
      await vi.waitFor(() => expect(img402.uploads).toHaveLength(before + 1), WAIT);

      // scrot and maim write the file itself, in pieces: half now, the rest after a pause.
      const png = await noisePng(320, 240, 11);
      const file = await open(join(folder, 'scrot-shot.png'), 'w');
      await file.write(png.subarray(0, png.length >> 1));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(img402.uploads).toHaveLength(before + 1); // nothing half-written goes out
      await file.write(png.subarray(png.length >> 1));
      await file.close();
      await vi.waitFor(() => expect(img402.uploads).toHaveLength(before + 2), WAIT);
      expect(uploadedNames().slice(before)).toEqual([
        expect.stringMatching(/^Screenshot from 2026-12-05\./),
        expect.stringMatching(/^scrot-shot\./),
      ]);
      // The partial file was sent whole.
      const sharp = (await import('sharp')).default;
      const sent = await sharp(img402.uploads[before + 1]!.bytes).metadata();
      expect([sent.width, sent.height]).toEqual([320, 240]);
      // Nothing more, even after a restart that finds both files in the folder.
      await stopUi();
      await startUi();
      await writeFile(join(folder, 'after-restart.png'), await screenshotPng(200, 150));
      await vi.waitFor(() => expect(img402.uploads).toHaveLength(before + 3), WAIT);
      expect(uploadedNames().at(-1)).toMatch(/^after-restart\./);
    });
  },
);
