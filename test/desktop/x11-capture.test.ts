// `shotlink capture` on a real X display (our own Xvfb) with the real tools an i3 or bspwm user has:
// maim (slop's selection) and scrot -s. A known picture is put on the screen first; the region is
// selected the way a person does it, the pointer pressed, dragged and released by xdotool; the image
// the fake img402 receives must be exactly that part of the picture. The link must then be on the real
// clipboard, as another program (xclip) reads it.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../cli/run-cli.ts';
import { startFakeImg402, type FakeImg402 } from '../support/fake-img402.ts';
import {
  desktopUnavailable,
  dragPointer,
  drawOnScreen,
  pressKey,
  readClipboard,
  startXvfb,
  untilDone,
  writeClipboard,
  type XDisplay,
} from '../support/xvfb.ts';

const unavailable = desktopUnavailable();

/** A screen of 16-pixel cells in colours from a seed: any offset or scaling changes what is seen. */
async function knownPicture(width: number, height: number, seed: number) {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed;
  const cells = new Map<number, number[]>();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const cell = Math.floor(y / 16) * 1000 + Math.floor(x / 16);
      let colour = cells.get(cell);
      if (!colour) {
        colour = [0, 0, 0].map(() => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) >>> 24);
        cells.set(cell, colour);
      }
      pixels.set(colour, (y * width + x) * 3);
    }
  }
  return {
    pixels,
    png: await sharp(pixels, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer(),
  };
}

/** The RGB pixels of an image file's bytes, with its size. */
async function rgb(bytes: Uint8Array) {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function crop(
  pixels: Buffer,
  screenWidth: number,
  area: { x: number; y: number; width: number; height: number },
) {
  const out = Buffer.alloc(area.width * area.height * 3);
  for (let row = 0; row < area.height; row++) {
    const start = ((area.y + row) * screenWidth + area.x) * 3;
    pixels.copy(out, row * area.width * 3, start, start + area.width * 3);
  }
  return out;
}

describe.skipIf(unavailable)(
  `shotlink capture on a real X display${unavailable ? ` (${unavailable})` : ''}`,
  { timeout: 120_000 },
  () => {
    let screen: XDisplay;
    let img402: FakeImg402;
    let dir: string;
    let picture: Awaited<ReturnType<typeof knownPicture>>;
    let env: NodeJS.ProcessEnv;

    beforeAll(async () => {
      [screen, img402] = await Promise.all([startXvfb({ width: 640, height: 480 }), startFakeImg402()]);
      dir = await mkdtemp(join(tmpdir(), 'shotlink-x11-'));
      // A PATH with Node and nothing else (Node may live in /usr/bin, beside maim and xclip).
      await mkdir(join(dir, 'node-only'));
      await symlink(process.execPath, join(dir, 'node-only', 'node'));
      picture = await knownPicture(640, 480, 2417);
      await writeFile(join(dir, 'screen.png'), picture.png);
      await drawOnScreen(screen, join(dir, 'screen.png'));
    });
    afterAll(async () => {
      await screen?.stop();
      await img402?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });
    beforeEach(async () => {
      img402.uploads.length = 0;
      env = {
        ...screen.env,
        // An X11 window manager without a desktop of its own: no gnome-screenshot, spectacle or portal.
        XDG_CURRENT_DESKTOP: 'i3',
        SHOTLINK_HOME: await mkdtemp(join(dir, 'home-')),
        SHOTLINK_IMG402_URL: img402.url,
      };
      await writeClipboard(screen, 'something copied before');
    });

    /** Runs `shotlink capture` while `person` plays the selection; resolves once the command exits. */
    async function capture(args: string[], person: (done: () => boolean) => Promise<void>, extraEnv = {}) {
      let finished = false;
      const running = runCli(['capture', ...args], { env: { ...env, ...extraEnv }, cwd: dir }).finally(
        () => (finished = true),
      );
      await person(() => finished);
      return running;
    }

    const select =
      (
        from: { x: number; y: number },
        to: { x: number; y: number },
        ready: { windowClass: string } | { program: string },
      ) =>
      (done: () => boolean) =>
        untilDone(screen, () => dragPointer(screen, from, to), done, ready);

    /** The uploaded image is the screen's pixels in `area`, exactly (PNG, lossless all the way). */
    async function expectUploadOf(
      result: CliResult,
      area: { x: number; y: number; width: number; height: number },
    ) {
      expect(result.stderr).not.toMatch(/cancelled|could not/);
      expect(result.code).toBe(0);
      expect(img402.uploads).toHaveLength(1);
      const uploaded = await rgb(img402.uploads[0]!.bytes);
      expect([uploaded.width, uploaded.height]).toEqual([area.width, area.height]);
      expect(uploaded.data.equals(crop(picture.pixels, 640, area))).toBe(true);
      // The link on stdout is the one now on the real clipboard.
      const link = /\((http:\/\/127\.0\.0\.1:\d+\/\S+)\)/.exec(result.stdout)?.[1];
      expect(link).toBe(img402.uploads[0]!.url);
      expect(await readClipboard(screen)).toBe(result.stdout.trim());
      expect(result.stderr).toContain('shotlink: link copied to the clipboard.');
    }

    it('picks maim on an X11 window manager', async () => {
      const result = await runCli(['capture', '--tool'], { env, cwd: dir });
      expect(result.stdout).toBe('maim: maim -s -u <file>\n');
    });

    it('maim: uploads exactly the dragged region (both corners included, as slop selects)', async () => {
      const from = { x: 97, y: 61 };
      const to = { x: 338, y: 250 };
      const result = await capture([], select(from, to, { windowClass: 'slop' }));
      await expectUploadOf(result, { x: 97, y: 61, width: to.x - from.x + 1, height: to.y - from.y + 1 });
    });

    it('scrot -s: uploads exactly the dragged region (the far corner excluded, as scrot selects)', async () => {
      const from = { x: 210, y: 150 };
      const to = { x: 529, y: 403 };
      const result = await capture([], select(from, to, { program: 'scrot' }), {
        SHOTLINK_CAPTURE_TOOL: 'scrot',
      });
      await expectUploadOf(result, { x: 210, y: 150, width: to.x - from.x, height: to.y - from.y });
    });

    it('Escape in the selection uploads nothing, says so, and leaves the clipboard alone', async () => {
      const result = await capture([], (done) =>
        untilDone(screen, () => pressKey(screen, 'Escape'), done, { windowClass: 'slop' }),
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('shotlink: capture cancelled.\n');
      expect(img402.uploads).toHaveLength(0);
      expect(await readClipboard(screen)).toBe('something copied before');
    });

    it('--redact: the capture is read for secrets, then uploaded', async () => {
      const from = { x: 97, y: 61 };
      const to = { x: 338, y: 250 };
      const result = await capture(['--redact'], select(from, to, { windowClass: 'slop' }));
      expect(result.stderr).toMatch(/capture-[^:]+: (no secrets or personal data found|covered )/);
      expect(result.code).toBe(0);
      expect(img402.uploads).toHaveLength(1);
    });

    it('--redact and Escape: nothing uploaded, and the command ends (no recogniser left running)', async () => {
      const result = await capture(['--redact'], (done) =>
        untilDone(screen, () => pressKey(screen, 'Escape'), done, { windowClass: 'slop' }),
      );
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('shotlink: capture cancelled.\n');
      expect(img402.uploads).toHaveLength(0);
    });

    it('without any capture tool, says what to install (exit code 3)', async () => {
      // Only Node's own folder on PATH: no maim, scrot, flameshot or gdbus; the display is still there.
      const result = await runCli(['capture'], {
        env: { ...env, PATH: join(dir, 'node-only') },
        cwd: dir,
      });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/No region-capture tool was found\. Install one of: gnome-screenshot/);
      expect(result.stderr).toMatch(/maim \(with slop\) or scrot/);
      expect(img402.uploads).toHaveLength(0);
    });

    it('shotlink doctor reports the display session, the capture tool and the clipboard tool it finds, and what is missing', async () => {
      const doctorEnv = {
        ...env,
        SHOTLINK_IMGPRO_URL: img402.url,
        SHOTLINK_KEYCHAIN_SERVICE: 'shotlink-x11-test',
      };
      const found = await runCli(['doctor'], { env: doctorEnv, cwd: dir });
      expect(found.stdout).toMatch(
        new RegExp(`^✓ Display session +X11 on ${screen.display}, desktop i3$`, 'm'),
      );
      expect(found.stdout).toMatch(/^✓ Capture tool +maim \(maim\)$/m);
      expect(found.stdout).toMatch(/^✓ Clipboard +xclip -selection clipboard -i$/m);

      const bare = await runCli(['doctor'], {
        env: { ...doctorEnv, PATH: join(dir, 'node-only') },
        cwd: dir,
      });
      expect(bare.code).toBe(1);
      expect(bare.stdout).toMatch(/^✓ Display session +X11 on/m);
      expect(bare.stdout).toMatch(
        /^✗ Capture tool +none found\n +→ No region-capture tool was found\..*maim \(with slop\) or scrot/m,
      );
      expect(bare.stdout).toMatch(
        /^! Clipboard +no clipboard tool: links are printed, not copied\n +→ Install xclip/m,
      );

      // A DISPLAY whose server is gone (a closed session): said first, with what to do.
      let number = 1000;
      while (existsSync(`/tmp/.X11-unix/X${number}`)) number++;
      const gone = await runCli(['doctor'], { env: { ...doctorEnv, DISPLAY: `:${number}` }, cwd: dir });
      expect(gone.code).toBe(1);
      expect(gone.stdout).toMatch(
        new RegExp(
          `^✗ Display session +X11 on :${number}: nothing answers at /tmp/\\.X11-unix/X${number}\n +→ DISPLAY names an X server that is not running`,
          'm',
        ),
      );
    });

    it('shotlink upload puts the link on the clipboard; without a clipboard tool it only prints it, and says so', async () => {
      await writeFile(
        join(dir, 'shot.png'),
        await sharp(picture.png).extract({ left: 0, top: 0, width: 120, height: 90 }).png().toBuffer(),
      );
      const copied = await runCli(['upload', 'shot.png'], { env, cwd: dir });
      expect(copied.code).toBe(0);
      expect(await readClipboard(screen)).toBe(copied.stdout.trim());
      expect(copied.stderr).toContain('shotlink: link copied to the clipboard.');

      await writeClipboard(screen, 'kept');
      const printed = await runCli(['upload', 'shot.png'], {
        env: { ...env, PATH: join(dir, 'node-only') },
        cwd: dir,
      });
      expect(printed.code).toBe(0);
      expect(printed.stdout).toMatch(/^!\[shot\.png\]\(http:\/\/127\.0\.0\.1:\d+\/\S+\)\n$/);
      expect(printed.stderr).not.toMatch(/copied to the clipboard/);
      expect(printed.stderr).toContain(
        'shotlink: link not copied: No clipboard tool was found (wl-copy, xclip, xsel): install xclip or xsel.',
      );
      expect(await readClipboard(screen)).toBe('kept');

      // --no-copy: printed only, and nothing said about the clipboard.
      const notCopied = await runCli(['upload', '--no-copy', 'shot.png'], { env, cwd: dir });
      expect(notCopied.code).toBe(0);
      expect(notCopied.stderr).not.toMatch(/clipboard/);
      expect(await readClipboard(screen)).toBe('kept');
    });
  },
);
