// The main process on stock GNOME (Wayland, no AppIndicator extension): no tray icon can show, so the
// app must stay reachable. Asked over a real (private) session bus on which no tray host runs: closing
// the window minimizes it instead of hiding it where nothing could bring it back, and the window says
// how to get the tray icon.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL } from '../../src-main/electron/ipc-channels.ts';
import { app, BrowserWindow, desktop, dialog } from '../stubs/electron.ts';
import { hasDbusDaemon, startSessionBus, type SessionBus } from '../support/session-bus.ts';

let dir: string;
let bus: SessionBus | undefined;
const saved = { ...process.env };

describe.skipIf(!hasDbusDaemon())('the main process on GNOME without a tray host', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shotlink-main-gnome-'));
    bus = await startSessionBus();
    Object.assign(process.env, {
      SHOTLINK_HOME: join(dir, 'data'),
      HOME: dir,
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_SESSION_TYPE: 'wayland',
      XDG_CURRENT_DESKTOP: 'ubuntu:GNOME',
      WAYLAND_DISPLAY: 'wayland-0',
      DBUS_SESSION_BUS_ADDRESS: bus.address,
    });
    desktop.shortcuts = 'portal';
    desktop.linuxTray = 'appindicator';
    await import('../../src-main/electron/main.ts');
    await vi.waitFor(() => expect(app.handlers.get('before-quit')).toHaveLength(1), { timeout: 20_000 });
    await vi.waitFor(() => expect(BrowserWindow.created).toHaveLength(1), { timeout: 20_000 });
  });

  afterAll(async () => {
    process.env = saved;
    bus?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const window = () => BrowserWindow.created[0]!;

  it('started', () => {
    expect(dialog.errors).toEqual([]);
  });

  it('minimizes the window on close instead of hiding it where nothing could bring it back', () => {
    window().emit('ready-to-show');
    expect(window().isVisible()).toBe(true);
    window().close();
    expect(window().destroyed).toBe(false);
    expect(window().isVisible()).toBe(true);
    expect(window().isMinimized()).toBe(true);
    app.emit('second-instance');
    expect(window().isMinimized()).toBe(false);
  });

  it('tells the window how to get the tray icon, on every load', async () => {
    await vi.waitFor(() => {
      window().webContents.sent.length = 0;
      window().webContents.emit('did-finish-load');
      expect(window().webContents.sent).toContainEqual([
        EVENT_CHANNEL,
        'notice',
        { level: 'info', message: expect.stringMatching(/tray icon cannot show here.*AppIndicator/) },
      ]);
    });
  });
});
