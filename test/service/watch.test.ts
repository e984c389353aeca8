// Watching through the real service: a temp folder watched with chokidar, the in-memory clipboard
// polled, uploads counted at the fake img402 on loopback.
import { copyFile, mkdir, mkdtemp, open, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { distinctPng } from '../support/test-images.ts';
import { FolderWatcher } from '../../src-main/core/watch/folder-watcher.ts';
import { ClipboardWatcher } from '../../src-main/core/watch/clipboard-watcher.ts';
import { createMemoryClipboard } from '../support/memory-ports.ts';
import { until } from './helpers.ts';

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (condition()) return;
    await sleep(25);
  }
  throw new Error(`Timed out waiting for ${what}`);
}

let t: TestService | undefined;
let folder: string | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  if (folder) await rm(folder, { recursive: true, force: true });
  folder = undefined;
});

const doneNames = (service: TestService['service']) =>
  service.queue
    .list()
    .filter((job) => job.state === 'done')
    .map((job) => job.fileName)
    .sort();

async function watchFolder(): Promise<TestService> {
  folder = await mkdtemp(join(tmpdir(), 'shotlink-watched-'));
  const service = await startTestService({ bridge: false, settings: { watch: { folders: [folder] } } });
  await until(service.service, () => service.service.watch.status().folders[0]?.active, 'the folder watch');
  return service;
}

/** Waits until `name` is uploaded: the marker that everything written before it has been looked at. */
const uploaded = (name: string) =>
  until(t!.service, () => doneNames(t!.service).includes(name), `${name} uploaded`);

describe('folder watching', () => {
  it('uploads a screenshot written in stages exactly once, when it is complete', async () => {
    t = await watchFolder();
    const png = await distinctPng(10, 400);
    const file = await open(join(folder!, 'Screenshot 1.png'), 'w');
    // Each pause is longer than the watcher's quiet time, so it sees every partial state.
    for (const [from, to] of [
      [0, 100],
      [100, Math.floor(png.length / 2)],
      [Math.floor(png.length / 2), png.length],
    ] as const) {
      await file.write(png.subarray(from, to));
      await file.sync();
      await sleep(350);
    }
    await file.close();
    await uploaded('Screenshot 1.png');

    await writeFile(join(folder!, 'marker.png'), await distinctPng(11));
    await uploaded('marker.png');
    expect(t.img402.uploads).toHaveLength(2);
    expect(t.service.queue.list().filter((job) => job.fileName === 'Screenshot 1.png')).toHaveLength(1);
    expect(t.service.queue.list().every((job) => job.source === 'watch' && job.attempts === 1)).toBe(true);
  });

  it('ignores hidden, temporary and non-image files, follows the macOS rename, and never uploads an image twice', async () => {
    t = await watchFolder();
    // macOS writes ".Screenshot ..." and renames it when done.
    await writeFile(join(folder!, '.Screenshot 2.png'), await distinctPng(20));
    await writeFile(join(folder!, '.hidden-forever.png'), await distinctPng(21));
    await writeFile(join(folder!, 'download.png.part'), await distinctPng(22));
    await writeFile(join(folder!, 'draft.png.tmp'), await distinctPng(23));
    await writeFile(join(folder!, 'notes.txt'), 'not an image');
    await rename(join(folder!, '.Screenshot 2.png'), join(folder!, 'Screenshot 2.png'));
    await uploaded('Screenshot 2.png');
    // The same image again under another name is not a new image.
    await copyFile(join(folder!, 'Screenshot 2.png'), join(folder!, 'Screenshot 2 copy.png'));
    await writeFile(join(folder!, 'marker.png'), await distinctPng(24));
    await uploaded('marker.png');
    expect(doneNames(t.service)).toEqual(['Screenshot 2.png', 'marker.png']);
    expect(t.img402.uploads).toHaveLength(2);
  });

  it('uploads nothing while paused and picks up again after resuming', async () => {
    t = await watchFolder();
    await t.service.dispatch.api.setWatchPaused(true);
    await writeFile(join(folder!, 'while-paused.png'), await distinctPng(30));
    await sleep(400);
    await t.service.dispatch.api.setWatchPaused(false);
    await writeFile(join(folder!, 'after.png'), await distinctPng(31));
    await uploaded('after.png');
    expect(doneNames(t.service)).toEqual(['after.png']);
  });

  it('starts watching a folder once it appears (GNOME creates Screenshots on first use)', async () => {
    folder = await mkdtemp(join(tmpdir(), 'shotlink-later-'));
    const later = join(folder, 'Screenshots');
    const found: string[] = [];
    const watcher = new FolderWatcher({
      onImage: (image) => found.push(image.fileName),
      recheckMs: 50,
      stabilityMs: 50,
    });
    try {
      await watcher.setFolders([later]);
      expect(watcher.status()).toEqual([
        { path: later, active: false, error: expect.stringMatching(/does not exist/) },
      ]);
      await mkdir(later);
      await waitFor(() => watcher.status()[0]?.active === true, 'the folder to be watched');
      await writeFile(join(later, 'first.png'), await distinctPng(50));
      await waitFor(() => found.length === 1, 'the first screenshot');
      expect(found).toEqual(['first.png']);
    } finally {
      await watcher.close();
    }
  });

  it('reports a folder that does not exist instead of failing', async () => {
    t = await startTestService({
      bridge: false,
      settings: { watch: { folders: ['/nonexistent/shotlink-test'] } },
    });
    const status = await t.service.dispatch.api.watcherStatus();
    expect(status.folders).toEqual([
      { path: '/nonexistent/shotlink-test', active: false, error: expect.stringMatching(/does not exist/) },
    ]);
  });
});

describe('clipboard watching', () => {
  const polls = async (count: number) => {
    const target = t!.clipboard.formatChecks + count;
    await until(t!.service, () => t!.clipboard.formatChecks >= target, `${count} clipboard polls`);
  };

  it('is off by default and leaves what was on the clipboard before it started', async () => {
    t = await startTestService({ bridge: false });
    expect((await t.service.dispatch.api.watcherStatus()).clipboard).toBe(false);
    t.clipboard.copyImage(await distinctPng(40));
    await t.service.dispatch.api.setSettings({ watch: { clipboard: true } });
    await polls(3);
    expect(t.service.queue.list()).toEqual([]);
  });

  it('uploads each new image once, checks formats before reading, and ignores the link it wrote', async () => {
    t = await startTestService({ bridge: false, settings: { watch: { clipboard: true } } });
    const first = await distinctPng(41);
    t.clipboard.copyImage(first);
    await until(
      t.service,
      () => t!.img402.uploads.length === 1 && t!.clipboard.text?.startsWith('!['),
      'first upload',
    );
    const link = t.clipboard.text;

    // The link Shotlink wrote is text: polled, never read as an image, never uploaded.
    const reads = t.clipboard.imageReads;
    await polls(3);
    expect(t.clipboard.imageReads).toBe(reads);
    expect(t.clipboard.text).toBe(link);

    // The same image copied again is not uploaded again.
    t.clipboard.copyImage(first);
    await until(t.service, () => t!.clipboard.imageReads > reads, 'the poller to read the image');
    t.clipboard.copyText('some text the user copied');
    await polls(2);
    t.clipboard.copyImage(await distinctPng(42));
    await until(t.service, () => t!.img402.uploads.length === 2, 'second upload');
    await polls(2);
    expect(t.img402.uploads).toHaveLength(2);
    expect(t.service.queue.list().map((job) => job.source)).toEqual(['clipboard', 'clipboard']);
  });

  it('reads an image that sits unchanged on the clipboard less often, and still finds the next one', async () => {
    const clipboard = createMemoryClipboard();
    const found: Uint8Array[] = [];
    const watcher = new ClipboardWatcher({ clipboard, onImage: ({ bytes }) => found.push(bytes) });
    clipboard.copyImage(new Uint8Array([1, 2, 3]));
    for (let i = 0; i < 20; i++) await watcher.poll();
    expect(found).toHaveLength(1);
    // 3 reads to learn it does not change, then every 4th poll: far fewer than 20 reads.
    expect(clipboard.imageReads).toBeLessThanOrEqual(3 + Math.ceil(17 / 4));
    const next = new Uint8Array([4, 5, 6]);
    clipboard.copyImage(next);
    for (let i = 0; i < 4; i++) await watcher.poll();
    expect(found).toEqual([new Uint8Array([1, 2, 3]), next]);
  });

  /** A clipboard whose reads wait until the test lets them finish, one at a time. */
  function slowClipboard() {
    const clipboard = createMemoryClipboard();
    const waiting: (() => void)[] = [];
    let inFlight = 0;
    let mostAtOnce = 0;
    const held = async <T>(read: () => Promise<T>): Promise<T> => {
      inFlight++;
      mostAtOnce = Math.max(mostAtOnce, inFlight);
      await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight--;
      return read();
    };
    return {
      clipboard,
      port: {
        ...clipboard,
        availableFormats: () => held(() => clipboard.availableFormats()),
        readImagePng: () => held(() => clipboard.readImagePng()),
      },
      /** Lets the oldest waiting read finish. */
      finishRead: async () => {
        waiting.shift()!();
        await vi.advanceTimersByTimeAsync(0);
      },
      get waiting() {
        return waiting.length;
      },
      get mostAtOnce() {
        return mostAtOnce;
      },
    };
  }

  it('never starts a poll while the last one is still reading, however long it takes', async () => {
    vi.useFakeTimers();
    const slow = slowClipboard();
    const found: Uint8Array[] = [];
    const watcher = new ClipboardWatcher({
      clipboard: slow.port,
      onImage: ({ bytes }) => found.push(bytes),
      intervalMs: 50,
    });
    try {
      watcher.start();
      await vi.advanceTimersByTimeAsync(1000); // twenty intervals while the first read hangs
      expect(slow.waiting).toBe(1);
      await slow.finishRead(); // the first poll ends (empty clipboard); the next is only scheduled now
      expect(slow.waiting).toBe(0);
      await vi.advanceTimersByTimeAsync(50);
      expect(slow.waiting).toBe(1);

      slow.clipboard.copyImage(new Uint8Array([7, 8, 9]));
      await slow.finishRead(); // formats: an image is there
      expect(slow.waiting).toBe(1); // now reading its bytes, still within the same poll
      await vi.advanceTimersByTimeAsync(1000);
      expect(slow.waiting).toBe(1);
      await slow.finishRead();
      expect(found).toEqual([new Uint8Array([7, 8, 9])]);
      expect(slow.clipboard.formatChecks).toBe(2);
      expect(slow.mostAtOnce).toBe(1);
    } finally {
      watcher.stop();
      vi.useRealTimers();
    }
  });

  it('sends nothing from a poll that was still reading when watching stopped', async () => {
    vi.useFakeTimers();
    const slow = slowClipboard();
    const found: Uint8Array[] = [];
    const watcher = new ClipboardWatcher({
      clipboard: slow.port,
      onImage: ({ bytes }) => found.push(bytes),
      intervalMs: 50,
    });
    try {
      watcher.start();
      await slow.finishRead(); // the first poll: an empty clipboard
      await vi.advanceTimersByTimeAsync(50);
      slow.clipboard.copyImage(new Uint8Array([1, 1, 2]));
      await slow.finishRead(); // formats
      watcher.stop();
      await slow.finishRead(); // the bytes arrive after stop()
      await vi.advanceTimersByTimeAsync(1000);
      expect(found).toEqual([]);
      expect(slow.waiting).toBe(0);
      expect(slow.clipboard.formatChecks).toBe(2);
    } finally {
      watcher.stop();
      vi.useRealTimers();
    }
  });
});
