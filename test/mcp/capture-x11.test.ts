// capture_screenshot on a real X display (our own Xvfb) with the real tools an i3 or bspwm user has,
// through the real protocol: a known picture is put on the screen, the agent asks for the whole screen,
// and what it is shown (and what its handle uploads) must be exactly that picture. maim and scrot
// capture the screen at once; scrot also the focused window; maim has no way to name a window itself.
// The agent may also name an area (coordinates) or a window (its id or title, found with xdotool):
// both are cut from the whole screen, with nothing for the user to select. Where the desktop cannot
// (no display, Wayland without the portal, no tool, a window on Wayland), the answer says what to do.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSettingsStore } from '../../src-main/core/store/settings-store.ts';
import { screenshotPng } from '../cli/fixtures.ts';
import { startFakeImg402, type FakeImg402 } from '../support/fake-img402.ts';
import { desktopUnavailable, drawOnScreen, startXvfb, x, type XDisplay } from '../support/xvfb.ts';
import { startMcp, textOf, type McpSession } from './mcp-client.ts';

const unavailable = desktopUnavailable(['Xvfb', 'maim', 'scrot', 'display', 'xdotool']);

/** The RGB pixels of an image's bytes. */
const rgb = async (bytes: Uint8Array) => sharp(bytes).removeAlpha().raw().toBuffer();

describe.skipIf(unavailable)('shotlink mcp: capture_screenshot on X11 (Xvfb)', { timeout: 180_000 }, () => {
  let screen: XDisplay;
  let img402: FakeImg402;
  let dir: string;
  let picture: Buffer;
  let windowPicture: Buffer;
  let onScreen: Buffer;
  let window: ChildProcess;
  const TITLE = 'Shotlink test window';

  beforeAll(async () => {
    [screen, img402] = await Promise.all([startXvfb({ width: 800, height: 500 }), startFakeImg402()]);
    dir = await mkdtemp(join(tmpdir(), 'shotlink-mcp-x11-'));
    await mkdir(join(dir, 'project'));
    picture = await screenshotPng(800, 500);
    await writeFile(join(dir, 'screen.png'), picture);
    await drawOnScreen(screen, join(dir, 'screen.png'));
    // A window of another program, at a known place, showing a known picture (no border: Xvfb has no
    // window manager to frame it, and a window's id is what xdotool finds).
    windowPicture = await screenshotPng(240, 150);
    await writeFile(join(dir, 'window.png'), windowPicture);
    window = spawn(
      'display',
      ['-borderwidth', '0', '-title', TITLE, '-geometry', '+420+260', join(dir, 'window.png')],
      { env: { ...process.env, ...screen.env }, stdio: 'ignore' },
    );
    for (let tries = 0; tries < 100; tries++) {
      const found = await x(screen, 'xdotool', ['search', '--onlyvisible', '--name', TITLE]).catch(() => '');
      if (found.trim()) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // What the screen shows: the picture, with the window over it.
    onScreen = await sharp(picture)
      .composite([{ input: windowPicture, left: 420, top: 260 }])
      .png()
      .toBuffer();
    createSettingsStore(join(dir, 'data'), {}).set({ agents: { hosts: ['img402'], publicLinks: true } });
  }, 60_000);
  afterAll(async () => {
    window?.kill();
    await Promise.all([screen?.stop(), img402?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['maim', 'scrot'])(
    '%s: the whole screen, shown to the agent and uploaded by its handle, is the picture on it',
    async (tool) => {
      const s = await startMcp({
        env: {
          ...screen.env,
          SHOTLINK_HOME: join(dir, 'data'),
          SHOTLINK_IMG402_URL: img402.url,
          SHOTLINK_CAPTURE_TOOL: tool,
        },
        cwd: join(dir, 'project'),
      });
      try {
        const captured = await s.call('capture_screenshot', { mode: 'screen' });
        expect(captured.isError, textOf(captured)).toBeFalsy();
        expect(captured.structuredContent).toMatchObject({ width: 800, height: 500 });
        const shown = captured.content.find((part) => part.type === 'image') as { data: string };
        expect((await rgb(Buffer.from(shown.data, 'base64'))).equals(await rgb(onScreen))).toBe(true);

        const before = img402.uploads.length;
        const { handle } = captured.structuredContent as { handle: string };
        const uploaded = await s.call('upload_image', { handle });
        expect(uploaded.isError, textOf(uploaded)).toBeFalsy();
        expect(img402.uploads).toHaveLength(before + 1);
        expect((await rgb(img402.uploads.at(-1)!.bytes)).equals(await rgb(onScreen))).toBe(true);

        // maim names no window of its own (scrot's focused window needs a window manager, which Xvfb lacks).
        if (tool === 'maim') {
          const window = await s.call('capture_screenshot', { mode: 'window' });
          expect(textOf(window)).toMatch(/maim cannot capture a window on this desktop; capture a region/);
        }
      } finally {
        await s.close();
      }
    },
  );

  const session = (env: NodeJS.ProcessEnv = {}) =>
    startMcp({
      env: { SHOTLINK_HOME: join(dir, 'data'), SHOTLINK_IMG402_URL: img402.url, ...env },
      cwd: join(dir, 'project'),
    });
  const shown = async (result: Awaited<ReturnType<McpSession['call']>>) => {
    expect(result.isError, textOf(result)).toBeFalsy();
    const image = result.content.find((part) => part.type === 'image') as { data: string };
    return rgb(Buffer.from(image.data, 'base64'));
  };

  it('an area the agent names and a window by title or id: exactly those pixels, nothing to select', async () => {
    const s = await session({ ...screen.env, SHOTLINK_CAPTURE_TOOL: 'maim' });
    try {
      const area = { x: 60, y: 40, width: 300, height: 180 };
      const cut = await s.call('capture_screenshot', { area });
      expect(cut.structuredContent).toMatchObject({ width: 300, height: 180 });
      const expected = await sharp(onScreen)
        .extract({ left: 60, top: 40, width: 300, height: 180 })
        .png()
        .toBuffer();
      expect((await shown(cut)).equals(await rgb(expected))).toBe(true);

      const byTitle = await s.call('capture_screenshot', { window: 'test window' });
      expect(byTitle.structuredContent).toMatchObject({ width: 240, height: 150 });
      expect((await shown(byTitle)).equals(await rgb(windowPicture))).toBe(true);
      const [id] = (await x(screen, 'xdotool', ['search', '--onlyvisible', '--name', TITLE])).split('\n');
      const hex = `0x${Number(id).toString(16)}`;
      const byId = await s.call('capture_screenshot', { mode: 'window', window: hex });
      expect((await shown(byId)).equals(await rgb(windowPicture))).toBe(true);

      // Refusals that say what to do.
      const outside = await s.call('capture_screenshot', { area: { x: 700, y: 0, width: 200, height: 50 } });
      expect(outside.isError).toBe(true);
      expect(textOf(outside)).toMatch(/not inside the screen, which is 800×500 pixels/);
      const nowhere = await s.call('capture_screenshot', { window: 'No such window' });
      expect(textOf(nowhere)).toMatch(
        /No visible window's title contains "No such window"\. Capture the screen/,
      );
      const both = await s.call('capture_screenshot', { mode: 'screen', area });
      expect(textOf(both)).toMatch(/An area is a region of the screen: use mode region/);
    } finally {
      await s.close();
    }
  });

  it('where the desktop cannot capture, an error that says what to do', async () => {
    const refusals: [NodeJS.ProcessEnv, Record<string, unknown>, RegExp][] = [
      // No display at all: a server over SSH, a container.
      [{}, { mode: 'screen' }, /There is no desktop to capture here: neither DISPLAY nor WAYLAND_DISPLAY/],
      // Wayland without the portal (no session bus) nor grim: maim and scrot cannot see its screen.
      [
        { WAYLAND_DISPLAY: 'wayland-1', XDG_SESSION_TYPE: 'wayland' },
        { mode: 'screen' },
        /No region-capture tool was found.*grim and slurp.*xdg-desktop-portal/,
      ],
      [
        { WAYLAND_DISPLAY: 'wayland-1', XDG_SESSION_TYPE: 'wayland' },
        { window: TITLE },
        /only on an X11 desktop: Wayland does not let a program find other windows.*give the window as an area/,
      ],
      // An X display, but no capture tool installed.
      [
        { ...screen.env, PATH: join(dir, 'no-tools') },
        { area: { x: 0, y: 0, width: 10, height: 10 } },
        /No region-capture tool was found\. Install one of: .*maim \(with slop\) or scrot/,
      ],
    ];
    await mkdir(join(dir, 'no-tools'), { recursive: true });
    for (const [env, args, message] of refusals) {
      const s = await session(env);
      try {
        const refused = await s.call('capture_screenshot', args);
        expect(refused.isError, JSON.stringify(args)).toBe(true);
        expect(textOf(refused)).toMatch(message);
      } finally {
        await s.close();
      }
    }
  });
});
