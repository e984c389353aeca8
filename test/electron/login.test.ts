// Start at login: the OS setting on macOS/Windows, an XDG autostart entry on Linux.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  HIDDEN_ARG,
  autostartEntry,
  autostartFile,
  setStartAtLogin,
  startedAtLogin,
} from '../../src-main/electron/login.ts';
import { app as stubApp, desktop, resetElectronStub } from '../stubs/electron.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shotlink-autostart-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('start at login', () => {
  it('writes and removes an XDG autostart entry on Linux', async () => {
    const env = { XDG_CONFIG_HOME: dir };
    const app = { setLoginItemSettings: () => expect.fail('not used on Linux') };
    await setStartAtLogin(true, { app, platform: 'linux', execPath: '/opt/Shotlink/shotlink', env });
    const file = autostartFile(env);
    expect(file).toBe(join(dir, 'autostart', 'shotlink.desktop'));
    const entry = await readFile(file, 'utf8');
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toContain(`Exec=/opt/Shotlink/shotlink ${HIDDEN_ARG}`);
    await setStartAtLogin(false, { app, platform: 'linux', execPath: '/opt/Shotlink/shotlink', env });
    await expect(stat(file)).rejects.toThrow();
  });

  it('starts the AppImage itself at login, not its mount that is gone after a reboot', async () => {
    const env = { XDG_CONFIG_HOME: dir, APPIMAGE: '/home/me/Apps/Shotlink-0.1.0.AppImage' };
    const app = { setLoginItemSettings: () => expect.fail('not used on Linux') };
    await setStartAtLogin(true, { app, platform: 'linux', execPath: '/tmp/.mount_Shotl4x9/shotlink', env });
    const entry = await readFile(autostartFile(env), 'utf8');
    expect(entry).toContain(`Exec=/home/me/Apps/Shotlink-0.1.0.AppImage ${HIDDEN_ARG}`);
    expect(entry).not.toContain('.mount_');
  });

  it('quotes paths with spaces and special characters in Exec', () => {
    expect(autostartEntry('/home/me/My Apps/electron', ['/home/me/$hot "link"'])).toContain(
      'Exec="/home/me/My Apps/electron" "/home/me/\\$hot \\"link\\"" --hidden',
    );
  });

  beforeEach(() => resetElectronStub());

  it('uses the OS login item on Windows, which starts the app hidden with its argument', async () => {
    desktop.platform = 'win32';
    await setStartAtLogin(true, { app: stubApp, platform: 'win32', execPath: 'C:\\Shotlink\\Shotlink.exe' });
    expect(stubApp.loginItems).toEqual([{ openAtLogin: true, args: [HIDDEN_ARG] }]);
    expect(startedAtLogin('win32', ['Shotlink.exe', HIDDEN_ARG], stubApp)).toBe(true);
    expect(startedAtLogin('win32', ['Shotlink.exe'], stubApp)).toBe(false);
  });

  it('on macOS, where login items take no arguments, knows a login start by wasOpenedAtLogin', async () => {
    desktop.platform = 'darwin';
    await setStartAtLogin(true, { app: stubApp, platform: 'darwin', execPath: '/Applications/Shotlink.app' });
    expect(stubApp.loginItems).toEqual([{ openAtLogin: true }]); // the argument never reaches macOS
    expect(startedAtLogin('darwin', ['Shotlink'], stubApp)).toBe(false);
    stubApp.wasOpenedAtLogin = true; // what macOS reports when it started us at login
    expect(startedAtLogin('darwin', ['Shotlink'], stubApp)).toBe(true);
  });
});
