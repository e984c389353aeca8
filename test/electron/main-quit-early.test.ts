// Quit while the app is still starting (a second Quit from the dock, a logout during start-up): the quit
// is not cancelled by the window's hide-on-close; it waits for start-up, stops the service it made
// (releasing the data folder), and then quits.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { app, BrowserWindow, calls, dialog, Tray } from '../stubs/electron.ts';

let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shotlink-main-quit-'));
  Object.assign(process.env, {
    SHOTLINK_HOME: join(dir, 'data'),
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
  });
});

afterAll(async () => {
  process.env = saved;
  await rm(dir, { recursive: true, force: true });
});

describe('Quit during start-up', () => {
  it('waits for start-up, stops the service, then quits', async () => {
    await import('../../src-main/electron/main.ts');
    // Right away: app.whenReady() has not even resolved yet.
    const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
    app.emit('before-quit', event);
    expect(event.prevented).toBe(true); // held until the service is stopped, not dropped
    await vi.waitFor(() => expect(calls).toContain('app.quit'), { timeout: 20_000, interval: 20 });
    expect(dialog.errors).toEqual([]);
    expect(Tray.created[0]?.destroyed).toBe(true);
    // The service let go of the data folder: the next start may claim it.
    expect(existsSync(join(dir, 'data', 'service.json'))).toBe(false);
    // Quitting now really quits: the window closes instead of hiding.
    const close = { prevented: false, preventDefault: () => void (close.prevented = true) };
    BrowserWindow.created[0]!.emit('close', close);
    expect(close.prevented).toBe(false);
    // A second before-quit (Electron sends one when app.quit() runs again) goes through.
    const again = { prevented: false, preventDefault: () => void (again.prevented = true) };
    app.emit('before-quit', again);
    expect(again.prevented).toBe(false);
  });
});
