// Capturing what a caller names instead of what a person selects: an area of the screen given as
// coordinates, or a window given by its id or title. Both are cut from a capture of the whole screen, so
// every tool that can capture the screen can do them, with nothing to click. A window is found on X11
// with xdotool (its id and place); Wayland gives a program neither, by design, so there a window can
// only be captured as an area of the screen.
import { spawn } from 'node:child_process';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { Box } from '../../../src-shared/findings.ts';
import sharp from '../images/sharp.ts';

const usage = (message: string) => new ShotlinkError('usage', message);

/**
 * The area cut out of a screen capture, or a refusal naming the screen's size. With `clip` (a window
 * partly off the screen), what of the area is on the screen.
 */
export async function cropToArea(
  screen: Uint8Array,
  asked: Box,
  options: { clip?: boolean } = {},
): Promise<Uint8Array> {
  const { width = 0, height = 0 } = await sharp(screen).metadata();
  let area = asked;
  if (options.clip) {
    const x = Math.max(0, asked.x);
    const y = Math.max(0, asked.y);
    const right = Math.min(width, asked.x + asked.width);
    const bottom = Math.min(height, asked.y + asked.height);
    area = { x, y, width: right - x, height: bottom - y };
  }
  const inside =
    [area.x, area.y, area.width, area.height].every(Number.isInteger) &&
    area.x >= 0 &&
    area.y >= 0 &&
    area.width > 0 &&
    area.height > 0 &&
    area.x + area.width <= width &&
    area.y + area.height <= height;
  if (!inside) {
    throw usage(
      `The area ${area.width}×${area.height} at (${area.x}, ${area.y}) is not inside the screen, which is ` +
        `${width}×${height} pixels: give whole pixels within it (capture the screen first to see where things are).`,
    );
  }
  const { x: left, y: top, width: w, height: h } = area;
  return new Uint8Array(await sharp(screen).extract({ left, top, width: w, height: h }).png().toBuffer());
}

const isWayland = (env: NodeJS.ProcessEnv) =>
  env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY);

function xdotool(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('xdotool', args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new ShotlinkError(
              'input',
              'Naming a window needs xdotool, which is not installed (Debian and Ubuntu: apt install xdotool). ' +
                'Capture the screen instead and give the window as an area.',
              { code: 'no_capture_tool' },
            )
          : error,
      ),
    );
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** A window id as X11 writes it: decimal, or hexadecimal with 0x. */
const WINDOW_ID = /^(?:0x[0-9a-f]{1,8}|\d{1,10})$/i;

/**
 * Where a window is on the screen: `window` is its id, or a part of its title (a visible window's).
 * X11 only; elsewhere a refusal that says what to do instead.
 */
export async function windowArea(window: string, env: NodeJS.ProcessEnv): Promise<Box> {
  if (isWayland(env) || !env.DISPLAY) {
    throw new ShotlinkError(
      'input',
      `A window can be named only on an X11 desktop${isWayland(env) ? ': Wayland does not let a program find other windows' : ' (this process has no DISPLAY)'}. ` +
        'Capture the screen (mode screen) and give the window as an area instead.',
      { code: 'capture_failed' },
    );
  }
  let id = window.trim();
  if (!WINDOW_ID.test(id)) {
    // A literal part of the title: xdotool takes a regular expression.
    const pattern = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const found = await xdotool(['search', '--onlyvisible', '--name', pattern], env);
    const ids = found.out.split(/\s+/).filter(Boolean);
    if (ids.length === 0) {
      throw usage(
        `No visible window's title contains ${JSON.stringify(window)}. Capture the screen to see what is open, or give the window's id.`,
      );
    }
    if (ids.length > 1) {
      const hex = ids.map((n) => `0x${Number(n).toString(16)}`);
      throw usage(
        `${ids.length} visible windows' titles contain ${JSON.stringify(window)} (${hex.join(', ')}): give one of these ids, or more of the title.`,
      );
    }
    id = ids[0]!;
  }
  const geometry = await xdotool(['getwindowgeometry', '--shell', String(Number(id))], env);
  const value = (name: string) => Number(new RegExp(`^${name}=(-?\\d+)$`, 'm').exec(geometry.out)?.[1]);
  const box = { x: value('X'), y: value('Y'), width: value('WIDTH'), height: value('HEIGHT') };
  if (geometry.code !== 0 || !Object.values(box).every(Number.isFinite)) {
    throw usage(`There is no window ${id} on this display. Give a visible window's id or part of its title.`);
  }
  return box;
}
