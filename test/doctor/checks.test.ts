// The doctor's checks as plain functions: each desktop situation, described by a probe that answers
// like that desktop would (which programs exist, what D-Bus and the portal say), gets the right verdict
// and something to do. The real machine is checked by test/doctor/cli.test.ts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkCapture,
  checkClipboard,
  checkDataFolder,
  checkHosts,
  checkHotkeys,
  checkKeychain,
  checkScreenRecording,
  checkSession,
  checkTray,
  x11Socket,
} from '../../src-main/core/doctor/checks.ts';
import type { CommandResult, DesktopProbe } from '../../src-main/core/doctor/probe.ts';
import { startHttpServer, type LoopbackServer } from '../support/http-server.ts';

/** A desktop: its programs, and the answers gdbus gives about the bus and the portal. */
function probe(options: {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  programs?: string[];
  busNames?: string[];
  portal?: string[] | null;
  /** Unix sockets something listens on. */
  sockets?: string[];
}): DesktopProbe {
  const programs = new Set(options.programs ?? ['gdbus']);
  return {
    platform: options.platform ?? 'linux',
    env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus', ...options.env },
    has: (program) => programs.has(program),
    async run(command, args): Promise<CommandResult> {
      if (command !== 'gdbus') return { code: null, stdout: '' };
      if (args[0] === 'call')
        return { code: 0, stdout: `(${options.busNames?.includes(args.at(-1)!) ?? false},)\n` };
      if (args[0] === 'introspect') {
        if (options.portal === null) return { code: 1, stdout: '' };
        return {
          code: 0,
          stdout: (options.portal ?? []).map((name) => `  interface ${name} {\n  };\n`).join(''),
        };
      }
      return { code: 1, stdout: '' };
    },
    connects: async (socketPath) => (options.sockets ?? []).includes(socketPath),
  };
}

const gnomeWayland = {
  XDG_SESSION_TYPE: 'wayland',
  WAYLAND_DISPLAY: 'wayland-0',
  XDG_CURRENT_DESKTOP: 'GNOME',
};
const PORTAL = ['org.freedesktop.portal.Screenshot', 'org.freedesktop.portal.GlobalShortcuts'];

describe('display session', () => {
  it('names X11 or Wayland and the desktop when its server answers', async () => {
    const x11 = { DISPLAY: ':7.0', XDG_CURRENT_DESKTOP: 'i3' };
    expect(await checkSession(probe({ env: x11, sockets: ['/tmp/.X11-unix/X7'] }))).toMatchObject({
      id: 'session',
      status: 'ok',
      summary: 'X11 on :7.0, desktop i3',
    });
    const wayland = { WAYLAND_DISPLAY: 'wayland-1', XDG_RUNTIME_DIR: '/run/user/1000', DISPLAY: ':0' };
    expect(await checkSession(probe({ env: wayland, sockets: ['/run/user/1000/wayland-1'] }))).toMatchObject({
      status: 'ok',
      summary: 'Wayland (wayland-1)',
    });
    expect(x11Socket('unix:3')).toBe('/tmp/.X11-unix/X3');
    expect(x11Socket('localhost:10.0')).toBeNull();
    expect((await checkSession(probe({ env: { DISPLAY: 'localhost:10.0' } }))).summary).toMatch(
      /not checked/,
    );
  });

  it('fails when DISPLAY names a server that is gone, and warns with no session at all', async () => {
    const gone = await checkSession(probe({ env: { DISPLAY: ':42' } }));
    expect(gone).toMatchObject({
      status: 'fail',
      summary: 'X11 on :42: nothing answers at /tmp/.X11-unix/X42',
    });
    expect(gone.fix).toMatch(/not running/);
    expect((await checkSession(probe({ env: {} }))).status).toBe('warn');
    expect((await checkSession(probe({ platform: 'darwin' }))).status).toBe('ok');
  });
});

describe('capture tool', () => {
  it('names the tool it found', async () => {
    const check = await checkCapture(
      probe({ env: { DISPLAY: ':0', XDG_CURRENT_DESKTOP: 'KDE' }, programs: ['spectacle'] }),
    );
    expect(check).toMatchObject({ status: 'ok', summary: expect.stringContaining('spectacle') });
  });

  it('says what to install when there is none', async () => {
    const check = await checkCapture(probe({ env: { DISPLAY: ':0' }, programs: [] }));
    expect(check.status).toBe('fail');
    expect(check.fix).toMatch(/Install one of: gnome-screenshot/);
  });

  it('asks the portal itself on GNOME Wayland, and fails when it does not answer', async () => {
    expect(await checkCapture(probe({ env: gnomeWayland, portal: PORTAL }))).toMatchObject({ status: 'ok' });
    const silent = await checkCapture(probe({ env: gnomeWayland, portal: null }));
    expect(silent).toMatchObject({ status: 'fail', fix: expect.stringMatching(/xdg-desktop-portal/) });
  });
});

describe('screen recording permission', () => {
  it('is read by the app on macOS, cannot be read from a terminal, and is no matter elsewhere', () => {
    const mac = probe({ platform: 'darwin' });
    expect(checkScreenRecording(mac, () => 'granted').status).toBe('ok');
    expect(checkScreenRecording(mac, () => 'denied')).toMatchObject({
      status: 'warn',
      fix: expect.stringMatching(/Privacy & Security → Screen Recording/),
    });
    expect(checkScreenRecording(mac).summary).toMatch(/cannot be read from a terminal/);
    expect(checkScreenRecording(probe({})).status).toBe('n/a');
  });
});

describe('clipboard', () => {
  it('is built into the app, and a command-line tool for the CLI, named', () => {
    expect(checkClipboard(probe({}), { kind: 'built-in' }).status).toBe('ok');
    expect(checkClipboard(probe({}), { kind: 'commands', writeText: 'wl-copy' })).toMatchObject({
      status: 'ok',
      summary: 'wl-copy',
    });
  });

  it('names the package for this session when there is no tool', () => {
    const none = { kind: 'commands', writeText: null } as const;
    expect(checkClipboard(probe({ env: gnomeWayland }), none).fix).toMatch(/wl-clipboard/);
    expect(checkClipboard(probe({ env: { DISPLAY: ':0' } }), none).fix).toMatch(/xclip/);
    expect(checkClipboard(probe({ env: {} }), none).summary).toMatch(/no desktop session/);
  });
});

describe('keychain', () => {
  it('passes on the keychain’s own reason and the way to pay without one', async () => {
    expect((await checkKeychain({ unavailableReason: async () => null })).status).toBe('ok');
    const missing = await checkKeychain({ unavailableReason: async () => 'No Secret Service is running.' });
    expect(missing).toMatchObject({ status: 'warn', summary: 'No Secret Service is running.' });
    expect(missing.fix).toMatch(/SHOTLINK_WALLET_KEY/);
  });

  it('does not wait for a keychain that never answers', async () => {
    const silent = await checkKeychain({ unavailableReason: () => new Promise<string | null>(() => {}) }, 50);
    expect(silent).toMatchObject({ status: 'warn', summary: 'The keychain did not answer within 0.05 s.' });
  });
});

describe('tray', () => {
  it('shows where a StatusNotifier host runs (KDE, GNOME with AppIndicator)', async () => {
    const check = await checkTray(probe({ env: gnomeWayland, busNames: ['org.kde.StatusNotifierWatcher'] }));
    expect(check.status).toBe('ok');
  });

  it('fails on stock GNOME, naming the extension to enable', async () => {
    const check = await checkTray(probe({ env: gnomeWayland, busNames: [] }));
    expect(check.status).toBe('fail');
    expect(check.fix).toMatch(/AppIndicator.*gnome-shell-extension-appindicator/);
  });

  it('only warns elsewhere (an old XEmbed tray may still show it) and when the bus cannot be asked', async () => {
    expect((await checkTray(probe({ env: { DISPLAY: ':0', XDG_CURRENT_DESKTOP: 'XFCE' } }))).status).toBe(
      'warn',
    );
    const noBus = probe({ env: { ...gnomeWayland, DBUS_SESSION_BUS_ADDRESS: '' }, programs: [] });
    expect(await checkTray(noBus)).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(/cannot tell/),
    });
    expect((await checkTray(probe({ platform: 'win32' }))).status).toBe('ok');
  });
});

describe('hotkeys', () => {
  it('work natively on X11, macOS and Windows', async () => {
    expect((await checkHotkeys(probe({ env: { DISPLAY: ':0' } }))).status).toBe('ok');
    expect((await checkHotkeys(probe({ platform: 'darwin' }))).status).toBe('ok');
  });

  it('on Wayland cannot be confirmed through the portal, and fail without one', async () => {
    const portal = await checkHotkeys(probe({ env: gnomeWayland, portal: PORTAL }));
    expect(portal).toMatchObject({ status: 'warn', fix: expect.stringContaining('`shotlink capture`') });
    const none = await checkHotkeys(
      probe({ env: gnomeWayland, portal: ['org.freedesktop.portal.Screenshot'] }),
    );
    expect(none.status).toBe('fail');
  });
});

describe('data folder and hosts (real files, real sockets)', () => {
  let dir: string;
  let host: LoopbackServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shotlink-doctor-'));
    host = await startHttpServer((_req, res) => res.writeHead(404).end());
  });
  afterAll(async () => {
    await host.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the data folder, or says it cannot', async () => {
    expect((await checkDataFolder(join(dir, 'new', 'home'))).status).toBe('ok');
    // A file where the folder should be: not writable as a folder, even for root.
    await writeFile(join(dir, 'a-file'), 'x');
    const blocked = await checkDataFolder(join(dir, 'a-file', 'home'));
    expect(blocked).toMatchObject({ status: 'fail', fix: expect.stringMatching(/SHOTLINK_HOME/) });
    expect(blocked.summary).toMatch(/is not writable \(ENOTDIR\)/);
  });

  it('counts any HTTP answer as reachable, and names the host that does not answer', async () => {
    const up = { name: 'up', url: host.url };
    const closed = await startHttpServer(() => {});
    await closed.close(); // its port now refuses connections
    const down = { name: 'down', url: closed.url };
    expect((await checkHosts([up])).status).toBe('ok');
    const some = await checkHosts([up, down]);
    expect(some).toMatchObject({
      status: 'warn',
      summary: `down (${closed.url}) does not answer: ECONNREFUSED`,
    });
    expect((await checkHosts([down])).status).toBe('fail');
  });
});
