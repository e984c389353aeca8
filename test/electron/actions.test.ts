// Tray and hotkey actions go through the API; failures become notifications with the reason.
import { describe, expect, it } from 'vitest';
import type { ServerStatus, ShotlinkApi } from '../../src-shared/api.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { createActions, trayStatusFor } from '../../src-main/electron/actions.ts';

function setup(overrides: Partial<ShotlinkApi> = {}, files: string[] = []) {
  const log: string[] = [];
  const notes: { title: string; body: string; level: string }[] = [];
  const servers: ServerStatus[] = [];
  const api = new Proxy(overrides as ShotlinkApi, {
    get: (target, method: string) =>
      target[method as keyof ShotlinkApi] ??
      (async (...args: unknown[]) => {
        log.push(`${method}(${JSON.stringify(args).slice(1, -1)})`);
        return null;
      }),
  });
  const run = createActions({
    api,
    writeText: async (text) => void log.push(`writeText(${text})`),
    chooseFiles: async () => files,
    showWindow: () => log.push('showWindow'),
    quit: () => log.push('quit'),
    notify: (n) => notes.push(n),
    serverChanged: (status) => servers.push(status),
  });
  return { run, log, notes, servers };
}

describe('createActions', () => {
  it('uploads the clipboard, and says when there is no image', async () => {
    const { run, log, notes } = setup();
    await run({ type: 'upload-clipboard' });
    expect(log).toEqual(['uploadClipboard()']);
    expect(notes[0]).toMatchObject({ title: 'Nothing to upload', level: 'error' });
  });

  it('uploads the files picked in the dialog, and nothing when it is cancelled', async () => {
    const picked = setup({}, ['/home/me/a.png', '/home/me/b.png']);
    await picked.run({ type: 'upload-file' });
    expect(picked.log).toEqual(['uploadFiles(["/home/me/a.png","/home/me/b.png"])']);
    const cancelled = setup();
    await cancelled.run({ type: 'upload-file' });
    expect(cancelled.log).toEqual([]);
  });

  it('maps the other commands to their API calls', async () => {
    const { run, log } = setup();
    await run({ type: 'capture' });
    await run({ type: 'copy-link', historyId: 'h1' });
    await run({ type: 'choose-tier', provider: 'img402', tier: '1y' });
    await run({ type: 'set-watch-paused', paused: true });
    await run({ type: 'copy-text', text: 'http://192.168.1.2:8402' });
    await run({ type: 'open' });
    await run({ type: 'quit' });
    expect(log).toEqual([
      'capture()',
      'copyLink("h1")',
      'setSettings({"provider":"img402","tier":"1y"})',
      'setWatchPaused(true)',
      'writeText(http://192.168.1.2:8402)',
      'showWindow',
      'quit',
    ]);
  });

  it('passes the server’s new status on, for the menu', async () => {
    const status: ServerStatus = {
      running: true,
      url: 'http://x',
      lanUrl: 'http://192.168.1.2:8402',
      qrSvg: null,
    };
    const { run, servers } = setup({ setServerEnabled: async () => status });
    await run({ type: 'set-server', enabled: true });
    expect(servers).toEqual([status]);
  });

  it('turns a failure into a notification with its reason', async () => {
    const { run, notes } = setup({
      capture: async () => {
        throw new ShotlinkError('input', 'No region-capture tool was found.');
      },
    });
    await run({ type: 'capture' });
    expect(notes).toEqual([{ title: 'Shotlink', body: 'No region-capture tool was found.', level: 'error' }]);
  });
});

describe('trayStatusFor', () => {
  it('maps job states to icon states', () => {
    expect(trayStatusFor({ state: 'running' })).toBe('uploading');
    expect(trayStatusFor({ state: 'awaiting-payment' })).toBe('uploading');
    expect(trayStatusFor({ state: 'done' })).toBe('done');
    expect(trayStatusFor({ state: 'failed' })).toBe('failed');
    expect(trayStatusFor({ state: 'queued' })).toBeNull();
    expect(trayStatusFor({ state: 'waiting-retry' })).toBeNull();
  });
});
