// The capture runner against stand-in capture tools: small shell scripts on a private PATH that behave
// like gnome-screenshot, grim/slurp, flameshot and gdbus do (a headless machine has no screen to grab).
// Detection, process handling, the output file, cancellation and errors are the real code.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOnPath } from '../../src-main/core/capture/on-path.ts';
import { createToolCapturer, isPng } from '../../src-main/core/capture/run.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';

let dir: string;
let png: string;
let pngBytes: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shotlink-capture-test-'));
  pngBytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer();
  png = join(dir, 'shot.png');
  await writeFile(png, pngBytes);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Installs the given scripts as the only programs on a fresh PATH (plus /bin for sh, cat, sed...). */
async function tools(scripts: Record<string, string>): Promise<NodeJS.ProcessEnv> {
  const path = await mkdtemp(join(dir, 'path-'));
  for (const [name, body] of Object.entries(scripts)) {
    const file = join(path, name);
    await writeFile(file, `#!/bin/sh\n${body}\n`);
    await chmod(file, 0o755);
  }
  return { PATH: `${path}:/usr/bin:/bin`, HOME: dir };
}

function capturer(env: NodeJS.ProcessEnv) {
  return createToolCapturer({ platform: 'linux', env });
}

describe('isOnPath', () => {
  it('finds executables on PATH and nothing else', async () => {
    const env = await tools({ flameshot: 'exit 0' });
    await writeFile(join(env.PATH!.split(':')[0]!, 'not-executable'), 'x');
    expect(isOnPath('flameshot', env, 'linux')).toBe(true);
    expect(isOnPath('not-executable', env, 'linux')).toBe(false);
    expect(isOnPath('spectacle', env, 'linux')).toBe(false);
  });
});

describe('runCapturePlan with command-line tools', () => {
  it('returns the PNG gnome-screenshot wrote to the -f file, and removes its temp folder', async () => {
    const env = await tools({
      'gnome-screenshot': `[ "$1" = -a ] && [ "$2" = -f ] || exit 9\necho "$3" > "${dir}/last-output"\ncp "${png}" "$3"`,
    });
    const bytes = await capturer({
      ...env,
      XDG_CURRENT_DESKTOP: 'GNOME',
      XDG_SESSION_TYPE: 'x11',
    }).captureRegion();
    expect(bytes && Buffer.from(bytes).equals(pngBytes)).toBe(true);
    const output = (await readFile(join(dir, 'last-output'), 'utf8')).trim();
    expect(existsSync(output)).toBe(false);
  });

  it('returns null when the user cancels (the tool exits without writing a file)', async () => {
    const env = await tools({ 'gnome-screenshot': 'exit 0' });
    await expect(capturer({ ...env, XDG_SESSION_TYPE: 'x11' }).captureRegion()).resolves.toBeNull();
  });

  it('passes slurp’s selection to grim -g', async () => {
    const env = await tools({
      slurp: 'echo "10,20 300x200"',
      grim: `[ "$1" = -g ] && [ "$2" = "10,20 300x200" ] || { echo "bad geometry: $2" >&2; exit 3; }\ncp "${png}" "$3"`,
    });
    const bytes = await capturer({ ...env, WAYLAND_DISPLAY: 'wayland-1' }).captureRegion();
    expect(bytes && isPng(bytes)).toBe(true);
  });

  it('treats slurp’s "selection cancelled" as a cancel, without running grim', async () => {
    const env = await tools({
      slurp: 'echo "selection cancelled" >&2; exit 1',
      grim: `touch "${dir}/grim-ran"; exit 0`,
    });
    await expect(capturer({ ...env, WAYLAND_DISPLAY: 'wayland-1' }).captureRegion()).resolves.toBeNull();
    expect(existsSync(join(dir, 'grim-ran'))).toBe(false);
  });

  it('reads flameshot --raw’s PNG from standard output', async () => {
    const env = await tools({ flameshot: `[ "$1 $2" = "gui --raw" ] || exit 9\ncat "${png}"` });
    const bytes = await capturer(env).captureRegion();
    expect(bytes && Buffer.from(bytes).equals(pngBytes)).toBe(true);
  });

  it('reports a failing tool with its own words and what to do instead', async () => {
    const env = await tools({ flameshot: 'echo "could not connect to display :0" >&2; exit 1' });
    const error = await capturer(env)
      .captureRegion()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShotlinkError);
    expect((error as ShotlinkError).kind).toBe('input');
    expect((error as ShotlinkError).message).toMatch(
      /flameshot could not capture.*exit code 1.*could not connect to display/,
    );
    expect((error as ShotlinkError).message).toContain('shotlink upload');
  });

  it('refuses output that is not a PNG image', async () => {
    const env = await tools({ flameshot: 'echo "not an image"' });
    await expect(capturer(env).captureRegion()).rejects.toThrow(/not a PNG image/);
  });

  it('says what to install when no tool is on PATH', async () => {
    const env = await tools({});
    const bare = { ...env, PATH: env.PATH!.split(':')[0] };
    await expect(capturer({ ...bare, DISPLAY: ':0' }).captureRegion()).rejects.toThrow(
      /No region-capture tool was found/,
    );
    // No desktop at all (SSH, a container, CI): installing a tool would not help.
    await expect(capturer(bare).captureRegion()).rejects.toThrow(
      /There is no desktop to capture here: neither DISPLAY nor WAYLAND_DISPLAY is set/,
    );
  });
});

describe('runCapturePlan through the screenshot portal', () => {
  // A stand-in gdbus: `monitor` announces itself, then prints whatever `call` leaves in the answer file;
  // `call` answers with a Request path built from our handle token, as the real portal does.
  async function fakeGdbus(response: (path: string) => string) {
    const answer = join(await mkdtemp(join(dir, 'portal-')), 'answer');
    const tokenPath = '/org/freedesktop/portal/desktop/request/1_42/$token';
    return tools({
      gdbus: [
        'if [ "$1" = monitor ]; then',
        '  echo "Monitoring signals from all objects owned by org.freedesktop.portal.Desktop"',
        `  while [ ! -s "${answer}" ]; do sleep 0.02; done`,
        `  cat "${answer}"`,
        '  exec sleep 30',
        'fi',
        'eval "last=\\${$#}"',
        `token=$(printf '%s' "$last" | sed -n "s/.*'handle_token': <'\\([A-Za-z0-9_]*\\)'>.*/\\1/p")`,
        `echo "${response(tokenPath)}" > "${answer}.tmp" && mv "${answer}.tmp" "${answer}"`,
        `echo "(objectpath '${tokenPath}',)"`,
      ].join('\n'),
    });
  }
  const portalEnv = {
    XDG_CURRENT_DESKTOP: 'GNOME',
    XDG_SESSION_TYPE: 'wayland',
    DBUS_SESSION_BUS_ADDRESS: 'x',
  };

  it('reads the file the portal saved, then removes it', async () => {
    const saved = join(dir, 'Screenshot from portal.png');
    await writeFile(saved, pngBytes);
    const uri = pathToFileURL(saved).href;
    const env = await fakeGdbus(
      (path) => `${path}: org.freedesktop.portal.Request.Response (uint32 0, {'uri': <'${uri}'>})`,
    );
    const capture = capturer({ ...env, ...portalEnv });
    expect(capture.plan()).toEqual({ kind: 'portal', tool: 'portal' });
    const bytes = await capture.captureRegion();
    expect(bytes && Buffer.from(bytes).equals(pngBytes)).toBe(true);
    expect(existsSync(saved)).toBe(false);
  });

  it('returns null when the user cancels in the portal', async () => {
    const env = await fakeGdbus(
      (path) => `${path}: org.freedesktop.portal.Request.Response (uint32 1, @a{sv} {})`,
    );
    await expect(capturer({ ...env, ...portalEnv }).captureRegion()).resolves.toBeNull();
  });
});
