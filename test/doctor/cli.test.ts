// `shotlink doctor` as a person runs it, in a child process on this machine: a GNOME X11 session with a
// private D-Bus (no tray host on it), a capture tool on PATH, no clipboard tool, one host that answers
// and one that does not. It says what is there and what to do about the rest, and exits 1 because
// something Shotlink needs is missing.
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorCheck } from '../../src-shared/doctor.ts';
import { runCli } from '../cli/run-cli.ts';
import { startHttpServer, type LoopbackServer } from '../support/http-server.ts';
import { hasDbusDaemon, startSessionBus, type SessionBus } from '../support/session-bus.ts';

let dir: string;
let bus: SessionBus;
let host: LoopbackServer;
let env: NodeJS.ProcessEnv;

describe.skipIf(!hasDbusDaemon())('shotlink doctor', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shotlink-doctor-cli-'));
    bus = await startSessionBus();
    host = await startHttpServer((_req, res) => res.writeHead(200).end());
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'gnome-screenshot'), '#!/bin/sh\nexit 0\n');
    await chmod(join(bin, 'gnome-screenshot'), 0o755);
    // The system's D-Bus clients, and nothing else of /usr/bin: this machine may well have xclip.
    await symlink(process.execPath, join(bin, 'node'));
    for (const program of ['gdbus', 'dbus-send']) {
      const found = ['/usr/bin', '/bin'].map((d) => join(d, program)).find((path) => existsSync(path));
      if (found) await symlink(found, join(bin, program));
    }
    const closed = await startHttpServer(() => {});
    await closed.close();
    env = {
      // Node's folder, the D-Bus clients and the fake capture tool; no clipboard tool.
      PATH: bin,
      SHOTLINK_HOME: join(dir, 'home'),
      DISPLAY: ':0',
      XDG_SESSION_TYPE: 'x11',
      XDG_CURRENT_DESKTOP: 'GNOME',
      DBUS_SESSION_BUS_ADDRESS: bus.address,
      // The default destination (img402) does not answer; img.pro, which nobody chose, is not asked.
      SHOTLINK_IMG402_URL: closed.url,
      SHOTLINK_IMGPRO_URL: closed.url,
      SHOTLINK_KEYCHAIN_SERVICE: 'shotlink-doctor-test',
    };
  });

  afterAll(async () => {
    bus?.stop();
    await host?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints each check with what to do, and exits 1 when something needed is missing', async () => {
    const result = await runCli(['doctor'], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✓ Capture tool +gnome-screenshot/m);
    expect(result.stdout).toMatch(/^! Clipboard +no clipboard tool.*\n +→ Install xclip/m);
    expect(result.stdout).toMatch(/^✗ Tray icon +GNOME shows no tray icons.*\n +→ Enable the “AppIndicator/m);
    expect(result.stdout).toMatch(/^✓ Global hotkeys +X11/m);
    expect(result.stdout).toMatch(/^✓ Data folder/m);
    expect(result.stdout).toMatch(
      /^✗ Hosts +img402\.dev \(http:\/\/127\.0\.0\.1:\d+\) does not answer: ECONNREFUSED/m,
    );
    expect(result.stdout).not.toContain('img.pro');
  });

  it('gives scripts the same checks as JSON', async () => {
    const result = await runCli(['doctor', '--json'], { env });
    const checks = JSON.parse(result.stdout) as DoctorCheck[];
    expect(Object.fromEntries(checks.map((c) => [c.id, c.status]))).toEqual({
      // DISPLAY=:0 here is not necessarily a running X server; test/desktop checks it on a real one.
      session: expect.stringMatching(/^(ok|fail)$/),
      capture: 'ok',
      'screen-recording': 'n/a',
      clipboard: 'warn',
      keychain: expect.stringMatching(/^(ok|warn)$/), // whether this machine runs a Secret Service
      tray: 'fail',
      hotkeys: 'ok',
      'data-folder': 'ok',
      hosts: 'fail',
      github: 'n/a', // no token anywhere, and GitHub is not the chosen host
    });
  });

  it('checks the destinations actually set up: a working LAN server passes, whatever img402 does', async () => {
    const home = join(dir, 'server-home');
    const configure = (...args: string[]) =>
      runCli(['config', 'set', ...args], { env: { ...env, SHOTLINK_HOME: home } });
    expect((await configure('provider', 'server')).code).toBe(0);
    const hostsCheck = async () => {
      const result = await runCli(['doctor', '--json'], { env: { ...env, SHOTLINK_HOME: home } });
      return (JSON.parse(result.stdout) as DoctorCheck[]).find((check) => check.id === 'hosts')!;
    };
    // No server anywhere: said, with what to do.
    expect(await hostsCheck()).toMatchObject({
      status: 'fail',
      summary:
        'your Shotlink server is the default destination, but none runs here and hosts.serverUrl is empty',
      fix: expect.stringContaining('shotlink serve'),
    });
    expect((await configure('hosts.serverUrl', host.url)).code).toBe(0);
    expect(await hostsCheck()).toMatchObject({ status: 'ok', summary: 'your Shotlink server answer' });
  });
});
