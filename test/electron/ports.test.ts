// The Electron ports: clipboard image as PNG bytes, notifications that open the link, and region capture
// that explains macOS's missing screen-recording permission instead of capturing the wallpaper.
import type { Clipboard } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { ShotlinkError } from '../../src-shared/errors.ts';
import {
  createCapturePort,
  createClipboardPort,
  createNotifierPort,
  screenPermissionProblem,
} from '../../src-main/electron/ports.ts';
import { makeReady, Notification, resetElectronStub, systemPreferences } from '../stubs/electron.ts';

beforeEach(() => {
  resetElectronStub();
  makeReady();
});

describe('capture port', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
  const tool = { captureRegion: async () => png };

  it('tries a denied macOS permission once (that makes macOS ask), then explains and uploads nothing', async () => {
    // For 'screen' Electron reads only granted or denied: a fresh install reads denied (electron#28540).
    let runs = 0;
    systemPreferences.screenAccess = 'denied';
    const port = createCapturePort({
      platform: 'darwin',
      systemPreferences,
      tool: { captureRegion: async () => ((runs += 1), png) },
    });
    const first = await port.captureRegion().catch((e: unknown) => e);
    expect(runs).toBe(1); // the capture ran: macOS asks now, and lists Shotlink under Screen Recording
    expect(first).toBeInstanceOf(ShotlinkError); // still denied: what came back is the wallpaper
    expect((first as ShotlinkError).message).toMatch(/Privacy & Security → Screen Recording/);
    expect((first as ShotlinkError).code).toBe('screen_permission');
    const second = await port.captureRegion().catch((e: unknown) => e);
    expect((second as ShotlinkError).code).toBe('screen_permission');
    expect(runs).toBe(1); // not again: the explanation is what helps now
  });

  it('uses the capture when the person allowed it at the prompt', async () => {
    systemPreferences.screenAccess = 'denied';
    const port = createCapturePort({
      platform: 'darwin',
      systemPreferences,
      tool: { captureRegion: async () => ((systemPreferences.screenAccess = 'granted'), png) },
    });
    await expect(port.captureRegion()).resolves.toBe(png);
  });

  it('captures at once when the permission is granted', async () => {
    const port = createCapturePort({ platform: 'darwin', systemPreferences, tool });
    await expect(port.captureRegion()).resolves.toBe(png);
    systemPreferences.screenAccess = 'denied';
    expect(screenPermissionProblem('darwin', systemPreferences)).toMatch(/not allowed to record the screen/);
  });

  it('does not consult the macOS permission elsewhere', async () => {
    systemPreferences.screenAccess = 'denied';
    const port = createCapturePort({ platform: 'linux', systemPreferences, tool });
    await expect(port.captureRegion()).resolves.toBe(png);
  });
});

describe('clipboard port', () => {
  /** Electron's clipboard as its types describe it: read() resolves to W3C-style ClipboardItems. */
  function fakeClipboard() {
    const state = { items: [] as { types: string[]; data: Record<string, Blob> }[], reads: 0, fail: false };
    const written: string[] = [];
    const clipboard = {
      async read() {
        state.reads++;
        if (state.fail) throw new Error('clipboard busy');
        return state.items.map((item) => ({
          types: item.types,
          getType: async (type: string) => item.data[type]!,
        }));
      },
      writeText: async (text: string) => void written.push(text),
    } as unknown as Pick<Clipboard, 'read' | 'writeText'>;
    const errors: unknown[] = [];
    return {
      state,
      written,
      errors,
      port: createClipboardPort(clipboard, { onError: (e) => errors.push(e) }),
    };
  }
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

  it('reads the clipboard each time it is asked: formats, then the PNG bytes', async () => {
    const { state, port } = fakeClipboard();
    state.items = [{ types: ['image/png'], data: { 'image/png': new Blob([png], { type: 'image/png' }) } }];
    expect(await port.availableFormats()).toEqual(['image/png']);
    expect(await port.readImagePng()).toEqual(new Uint8Array(png));
    state.items = [{ types: ['text/plain'], data: { 'text/plain': new Blob(['hello']) } }];
    expect(await port.availableFormats()).toEqual(['text/plain']);
    expect(await port.readImagePng()).toBeNull();
    expect(state.reads).toBe(4);
  });

  it('lists the formats of every item without fetching any data', async () => {
    const fetched: string[] = [];
    const items = [['text/html', 'text/plain'], ['image/png']].map((types) => ({
      types,
      getType: async (type: string) => void fetched.push(type),
    }));
    const port = createClipboardPort({
      read: async () => items,
      writeText: async () => {},
    } as unknown as Pick<Clipboard, 'read' | 'writeText'>);
    expect(await port.availableFormats()).toEqual(['text/html', 'text/plain', 'image/png']);
    expect(fetched).toEqual([]);
  });

  it('offers nothing while another application holds the clipboard', async () => {
    const { state, port, errors } = fakeClipboard();
    state.items = [{ types: ['image/png'], data: { 'image/png': new Blob([png]) } }];
    expect(await port.readImagePng()).toEqual(new Uint8Array(png));
    state.fail = true;
    expect(await port.availableFormats()).toEqual([]);
    expect(await port.readImagePng()).toBeNull();
    expect(errors).toHaveLength(2);
  });

  it('writes links as text, and passes a failed write on', async () => {
    const { port, written } = fakeClipboard();
    await port.writeText('![shot](https://img402.dev/abc.png)');
    expect(written).toEqual(['![shot](https://img402.dev/abc.png)']);
    const refusing = createClipboardPort({
      read: async () => [],
      writeText: async () => {
        throw new Error('clipboard busy');
      },
    } as unknown as Pick<Clipboard, 'read' | 'writeText'>);
    await expect(refusing.writeText('x')).rejects.toThrow('clipboard busy');
  });
});

describe('notifier port', () => {
  function setup(supported = true) {
    Notification.supported = supported;
    const opened: string[] = [];
    const failures: string[] = [];
    let windowShown = 0;
    const notifier = createNotifierPort({
      Notification: Notification as never,
      openInBrowser: (url) => opened.push(url),
      showWindow: () => windowShown++,
      onFailed: (reason) => failures.push(reason),
    });
    const shown = () => Notification.shown;
    return { notifier, shown, opened, failures, windowShown: () => windowShown };
  }

  it('says elsewhere what a notification the system refused to show would have said', () => {
    const { notifier, shown, failures } = setup();
    notifier.notify({ title: 'Link copied', body: 'a.png: https://x/a.png', level: 'info' });
    shown()[0]!.emit('failed', {}, 'the app is not signed');
    expect(failures).toEqual([
      'Link copied: a.png: https://x/a.png (the system did not show the notification: the app is not signed)',
    ]);
  });

  it('shows a success with its link; a click opens the link', () => {
    const { notifier, shown, opened } = setup();
    notifier.notify({
      title: 'Link copied',
      body: 'https://img402.dev/abc.png',
      level: 'info',
      url: 'https://img402.dev/abc.png',
    });
    expect(shown()[0]!.options).toEqual({
      title: 'Link copied',
      body: 'https://img402.dev/abc.png',
      silent: true,
    });
    shown()[0]!.emit('click', {});
    expect(opened).toEqual(['https://img402.dev/abc.png']);
  });

  it('shows a failure with its reason; a click opens the window, not a URL', () => {
    const { notifier, shown, opened, windowShown } = setup();
    notifier.notify({
      title: 'Upload failed',
      body: 'img402 is down',
      level: 'error',
      url: 'javascript:alert(1)',
    });
    shown()[0]!.emit('click', {});
    expect(opened).toEqual([]);
    expect(windowShown()).toBe(1);
  });

  it('does nothing where notifications are unsupported', () => {
    const { notifier, shown } = setup(false);
    notifier.notify({ title: 't', body: 'b', level: 'info' });
    expect(shown()).toEqual([]);
  });
});
