// The main process as a whole, started against the electron stub and the real core service (temporary
// data folder, no network) on a KDE Wayland session: single instance, the app:// scheme declared before
// ready, permissions denied, the secure window, IPC with sender checks, the tray built from the service's
// state, hotkeys through the portal (which cannot confirm them: the window says so), start at login
// following the setting, and a clean quit.
import type { IpcMainInvokeEvent, MenuItemConstructorOptions } from 'electron';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiResponse } from '../../src-shared/api.ts';
import type { Settings } from '../../src-shared/settings.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../src-main/electron/ipc-channels.ts';
import { APP_ENTRY } from '../../src-main/electron/window.ts';
import { packageFiles } from '../../src-main/core/package-files.js';
import {
  app,
  BrowserWindow,
  calls,
  clipboard,
  desktop,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  protocol,
  session,
  Tray,
} from '../stubs/electron.ts';

type Handler = (
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  method: string,
  args: unknown[],
) => Promise<ApiResponse<unknown>>;

let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shotlink-main-'));
  Object.assign(process.env, {
    SHOTLINK_HOME: join(dir, 'data'),
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_SESSION_TYPE: 'wayland',
    XDG_CURRENT_DESKTOP: 'KDE',
  });
  // Wayland: hotkeys go through the portal, which silently refuses the default capture hotkey.
  desktop.shortcuts = 'portal';
  globalShortcut.taken = ['CommandOrControl+Shift+2'];
  await import('../../src-main/electron/main.ts');
  await vi.waitFor(() => expect(Tray.created).toHaveLength(1), { timeout: 20_000, interval: 50 });
  // start() goes on after the tray (hotkeys, start at login, service start): wait for its last step.
  await vi.waitFor(() => expect(app.handlers.get('before-quit')).toHaveLength(1), {
    timeout: 20_000,
    interval: 50,
  });
});

afterAll(async () => {
  process.env = saved;
  await rm(dir, { recursive: true, force: true });
});

const window = () => BrowserWindow.created[0]!;
const call = (method: string, args: unknown[] = [], frameUrl = APP_ENTRY) =>
  (ipcMain.handlers.get(CALL_CHANNEL) as unknown as Handler)(
    {
      sender: window().webContents as never,
      senderFrame: { url: frameUrl, parent: null } as unknown as IpcMainInvokeEvent['senderFrame'],
    },
    method,
    args,
  );

describe('the main process', () => {
  it('started without an error box', () => {
    expect(dialog.errors).toEqual([]);
  });

  it('leaves no default menu (Reload, DevTools) on Windows and Linux', () => {
    expect(process.platform === 'darwin' || Menu.applicationMenu === null).toBe(true);
  });

  it('takes the single-instance lock and declares app:// before the app is ready', () => {
    expect(calls.indexOf('app.requestSingleInstanceLock')).toBe(0);
    expect(calls.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(
      calls.indexOf('app.whenReady'),
    );
    expect(protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(app.handlers.get('second-instance')).toHaveLength(1);
  });

  it('asks for global shortcuts through the portal on Wayland', () => {
    expect(app.commandLine.switches).toContainEqual(['enable-features', 'GlobalShortcutsPortal']);
  });

  it('denies permissions and serves our page on app://', () => {
    const handlers = session.defaultSession.handlers;
    expect(Object.keys(handlers).sort()).toEqual(['check', 'device', 'request']);
    let granted: boolean | undefined;
    (handlers.request as (...args: unknown[]) => void)(
      {},
      'media',
      (answer: boolean) => (granted = answer),
      {},
    );
    expect(granted).toBe(false);
    expect(protocol.handlers.has('app')).toBe(true);
  });

  it('opens the one window with the secure options, on our page, shown once ready', () => {
    expect(BrowserWindow.created).toHaveLength(1);
    expect(window().options).toMatchObject({
      show: false,
      webPreferences: {
        preload: packageFiles.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
      },
    });
    expect(window().loadedUrl).toBe(APP_ENTRY);
    window().emit('ready-to-show');
    expect(window().isVisible()).toBe(true);
  });

  it('answers IPC from its window and refuses anyone else', async () => {
    const settings = await call('getSettings');
    expect(settings.ok).toBe(true);
    expect(await call('walletExport', [], 'https://evil.example/')).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/did not come from a Shotlink window/) },
    });
  });

  it('builds the tray menu from the service’s state', () => {
    const menu = Tray.created[0]!.contextMenu as { template: MenuItemConstructorOptions[] };
    const hosts = menu.template.find((item) => item.label === 'Upload to')!
      .submenu as MenuItemConstructorOptions[];
    expect(hosts.filter((item) => item.checked).map((item) => item.label)).toEqual(['Free — free, 7 days']);
    expect(menu.template.some((item) => item.label === 'Nothing uploaded yet')).toBe(true);
  });

  it('says on every load that Wayland cannot confirm the hotkeys, with the CLI to bind instead', () => {
    // register() said yes to both; only one really holds, and Shotlink cannot know which.
    expect([...globalShortcut.registered.keys()]).toEqual(['CommandOrControl+Shift+U']);
    window().webContents.sent.length = 0;
    window().webContents.emit('did-finish-load');
    expect(window().webContents.sent).toEqual([
      [
        EVENT_CHANNEL,
        'notice',
        {
          level: 'info',
          message: expect.stringMatching(
            /CommandOrControl\+Shift\+2 and CommandOrControl\+Shift\+U.*cannot tell.*`shotlink capture`/,
          ),
        },
      ],
    ]);
  });

  it('follows settings: new hotkeys, start at login, the chosen tier in the tray', async () => {
    const autostart = join(dir, 'config', 'autostart', 'shotlink.desktop');
    expect(existsSync(autostart)).toBe(false);
    const response = await call('setSettings', [
      {
        startAtLogin: true,
        hotkeys: { capture: 'Alt+Shift+S' },
        provider: 'imgpro',
        tier: 'anonymous',
        watch: { clipboard: true },
      },
    ]);
    expect(response.ok).toBe(true);
    expect((response as { value: Settings }).value.startAtLogin).toBe(true);
    await vi.waitFor(() => expect(existsSync(autostart)).toBe(true), { interval: 20, timeout: 15_000 });
    // Clipboard watching on: core's watcher now polls Electron's clipboard through the port.
    const reads = clipboard.reads;
    await vi.waitFor(() => expect(clipboard.reads).toBeGreaterThan(reads + 1), {
      timeout: 10_000,
      interval: 50,
    });
    expect([...globalShortcut.registered.keys()].sort()).toEqual(['Alt+Shift+S', 'CommandOrControl+Shift+U']);
    await vi.waitFor(() => {
      const menu = Tray.created[0]!.contextMenu as { template: MenuItemConstructorOptions[] };
      const hosts = menu.template.find((item) => item.label === 'Upload to')!
        .submenu as MenuItemConstructorOptions[];
      expect(hosts.filter((item) => item.checked).map((item) => item.label)).toEqual([
        'Anonymous — free, 30 days',
      ]);
    });
    // The old note no longer applies: the next load says only what holds for the new hotkeys.
    window().webContents.sent.length = 0;
    window().webContents.emit('did-finish-load');
    expect(window().webContents.sent).toEqual([
      [
        EVENT_CHANNEL,
        'notice',
        {
          level: 'info',
          message: expect.stringMatching(/^Shotlink asked your desktop for Alt\+Shift\+S and/),
        },
      ],
    ]);
  });

  it('hides to the tray when the window is closed', () => {
    window().show();
    const close = { prevented: false, preventDefault: () => void (close.prevented = true) };
    window().emit('close', close);
    expect(close.prevented).toBe(true);
    expect(window().isVisible()).toBe(false);
    app.emit('second-instance');
    expect(window().isVisible()).toBe(true);
  });

  it('stops the service before quitting, releasing hotkeys and the tray', async () => {
    const quitsBefore = calls.filter((c) => c === 'app.quit').length;
    const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
    app.emit('before-quit', event);
    expect(event.prevented).toBe(true);
    await vi.waitFor(() => expect(Tray.created[0]!.destroyed).toBe(true), { interval: 20 });
    expect(globalShortcut.registered.size).toBe(0);
    await vi.waitFor(() => expect(calls.filter((c) => c === 'app.quit').length).toBe(quitsBefore + 1), {
      interval: 20,
    });
    // Quitting for real now: the window closes instead of hiding.
    const close = { prevented: false, preventDefault: () => void (close.prevented = true) };
    window().emit('close', close);
    expect(close.prevented).toBe(false);
  });
});
