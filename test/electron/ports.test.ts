// The Electron ports: clipboard image as PNG bytes, notifications that open the link, and region capture
// that explains macOS's missing screen-recording permission instead of capturing the wallpaper.
import type { Clipboard, Notification as NotificationType } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { ShotlinkError } from '../../src-shared/errors.ts';
import {
  createCapturePort,
  createClipboardPort,
  createNotifierPort,
  screenPermissionProblem,
} from '../../src-main/electron/ports.ts';

type Status = 'not-determined' | 'granted' | 'denied' | 'restricted' | 'unknown';
const prefs = (status: Status) => ({ getMediaAccessStatus: () => status });

describe('capture port', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
  const tool = { captureRegion: async () => png };

  it('explains a denied screen-recording permission on macOS and does not capture', async () => {
    let ran = false;
    const port = createCapturePort({
      platform: 'darwin',
      systemPreferences: prefs('denied'),
      tool: { captureRegion: async () => ((ran = true), png) },
    });
    const error = await port.captureRegion().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShotlinkError);
    expect((error as ShotlinkError).message).toMatch(/Privacy & Security → Screen Recording/);
    expect((error as ShotlinkError).code).toBe('screen_permission');
    expect(ran).toBe(false);
  });

  it('captures when the permission is granted or not yet asked (macOS asks on first use)', async () => {
    for (const status of ['granted', 'not-determined'] as const) {
      const port = createCapturePort({ platform: 'darwin', systemPreferences: prefs(status), tool });
      await expect(port.captureRegion()).resolves.toBe(png);
    }
    expect(screenPermissionProblem('darwin', prefs('restricted'))).toMatch(
      /not allowed to record the screen/,
    );
  });

  it('does not consult the macOS permission elsewhere', async () => {
    const port = createCapturePort({ platform: 'linux', systemPreferences: prefs('denied'), tool });
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
      port: createClipboardPort(clipboard, { intervalMs: 500, onError: (e) => errors.push(e) }),
    };
  }
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

  it('answers from the snapshot the last refresh took', async () => {
    const { state, port } = fakeClipboard();
    state.items = [{ types: ['image/png'], data: { 'image/png': new Blob([png], { type: 'image/png' }) } }];
    expect(port.readImagePng()).toBeNull();
    await port.refresh();
    expect(port.availableFormats()).toEqual(['image/png']);
    expect(port.readImagePng()).toEqual(new Uint8Array(png));
    state.items = [{ types: ['text/plain'], data: { 'text/plain': new Blob(['hello']) } }];
    await port.refresh();
    expect(port.availableFormats()).toEqual(['text/plain']);
    expect(port.readImagePng()).toBeNull();
  });

  it('shares one read between concurrent refreshes', async () => {
    const { state, port } = fakeClipboard();
    await Promise.all([port.refresh(), port.refresh(), port.refresh()]);
    expect(state.reads).toBe(1);
  });

  it('offers nothing while another application holds the clipboard', async () => {
    const { state, port, errors } = fakeClipboard();
    state.items = [{ types: ['image/png'], data: { 'image/png': new Blob([png]) } }];
    await port.refresh();
    state.fail = true;
    await port.refresh();
    expect(port.readImagePng()).toBeNull();
    expect(errors).toHaveLength(1);
  });

  it('polls only while asked to, once per interval', async () => {
    vi.useFakeTimers();
    try {
      const { state, port } = fakeClipboard();
      await vi.advanceTimersByTimeAsync(2000);
      expect(state.reads).toBe(0);
      port.setPolling(true);
      port.setPolling(true); // twice on is still one timer
      await vi.advanceTimersByTimeAsync(2000);
      expect(state.reads).toBe(4);
      port.setPolling(false);
      port.setPolling(false);
      await vi.advanceTimersByTimeAsync(2000);
      expect(state.reads).toBe(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes links as text', async () => {
    const { port, written } = fakeClipboard();
    port.writeText('![shot](https://img402.dev/abc.png)');
    await Promise.resolve();
    expect(written).toEqual(['![shot](https://img402.dev/abc.png)']);
  });
});

describe('notifier port', () => {
  function setup(supported = true) {
    const shown: { options: unknown; click: () => void }[] = [];
    class FakeNotification {
      static isSupported = () => supported;
      private clickHandler = () => {};
      constructor(readonly options: unknown) {}
      on(_event: 'click', handler: () => void) {
        this.clickHandler = handler;
      }
      show() {
        shown.push({ options: this.options, click: () => this.clickHandler() });
      }
    }
    const opened: string[] = [];
    let windowShown = 0;
    const notifier = createNotifierPort({
      Notification: FakeNotification as unknown as typeof NotificationType,
      openInBrowser: (url) => opened.push(url),
      showWindow: () => windowShown++,
    });
    return { notifier, shown, opened, windowShown: () => windowShown };
  }

  it('shows a success with its link; a click opens the link', () => {
    const { notifier, shown, opened } = setup();
    notifier.notify({
      title: 'Link copied',
      body: 'https://img402.dev/abc.png',
      level: 'info',
      url: 'https://img402.dev/abc.png',
    });
    expect(shown[0]!.options).toEqual({
      title: 'Link copied',
      body: 'https://img402.dev/abc.png',
      silent: true,
    });
    shown[0]!.click();
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
    shown[0]!.click();
    expect(opened).toEqual([]);
    expect(windowShown()).toBe(1);
  });

  it('does nothing where notifications are unsupported', () => {
    const { notifier, shown } = setup(false);
    notifier.notify({ title: 't', body: 'b', level: 'info' });
    expect(shown).toEqual([]);
  });
});
