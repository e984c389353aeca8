// capture_screenshot on a real X display (our own Xvfb) with the real tools an i3 or bspwm user has,
// through the real protocol: a known picture is put on the screen, the agent asks for the whole screen,
// and what it is shown (and what its handle uploads) must be exactly that picture. maim and scrot
// capture the screen at once; scrot also the focused window; maim has no way to name a window itself.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSettingsStore } from '../../src-main/core/store/settings-store.ts';
import { screenshotPng } from '../cli/fixtures.ts';
import { startFakeImg402, type FakeImg402 } from '../support/fake-img402.ts';
import { desktopUnavailable, drawOnScreen, startXvfb, type XDisplay } from '../support/xvfb.ts';
import { startMcp, textOf } from './mcp-client.ts';

const unavailable = desktopUnavailable(['Xvfb', 'maim', 'scrot', 'display']);

/** The RGB pixels of an image's bytes. */
const rgb = async (bytes: Uint8Array) => sharp(bytes).removeAlpha().raw().toBuffer();

describe.skipIf(unavailable)('shotlink mcp: capture_screenshot on X11 (Xvfb)', { timeout: 180_000 }, () => {
  let screen: XDisplay;
  let img402: FakeImg402;
  let dir: string;
  let picture: Buffer;

  beforeAll(async () => {
    [screen, img402] = await Promise.all([startXvfb({ width: 800, height: 500 }), startFakeImg402()]);
    dir = await mkdtemp(join(tmpdir(), 'shotlink-mcp-x11-'));
    await mkdir(join(dir, 'project'));
    picture = await screenshotPng(800, 500);
    await writeFile(join(dir, 'screen.png'), picture);
    await drawOnScreen(screen, join(dir, 'screen.png'));
    createSettingsStore(join(dir, 'data'), {}).set({ agents: { hosts: ['img402'], publicLinks: true } });
  }, 60_000);
  afterAll(async () => {
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
        expect((await rgb(Buffer.from(shown.data, 'base64'))).equals(await rgb(picture))).toBe(true);

        const before = img402.uploads.length;
        const { handle } = captured.structuredContent as { handle: string };
        const uploaded = await s.call('upload_image', { handle });
        expect(uploaded.isError, textOf(uploaded)).toBeFalsy();
        expect(img402.uploads).toHaveLength(before + 1);
        expect((await rgb(img402.uploads.at(-1)!.bytes)).equals(await rgb(picture))).toBe(true);

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
});
