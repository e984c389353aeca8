// The whole IPC loop against the real core service (fake hosts on loopback, temporary data folder):
// the preload's bridge -> the IPC handler with its sender check -> the dispatch table -> the service,
// and the service's events -> our window -> the preload's listeners. Only Electron's IPC pipe itself
// is played by the test: the handler is called as ipcMain would, with the sender the window would have.
import type { IpcMainInvokeEvent, IpcRenderer, WebContents } from 'electron';
import { ipcMain } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvents, ApiResponse, ShotlinkBridge } from '../../src-shared/api.ts';
import { MAX_CALL_BODY_BYTES } from '../../src-shared/bridge-protocol.ts';
import type { JobInfo } from '../../src-shared/history.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../src-main/electron/ipc-channels.ts';
import { isTrustedSender, registerApiIpc, sendEvent } from '../../src-main/electron/ipc.ts';
import { APP_ENTRY, APP_ORIGIN } from '../../src-main/electron/window.ts';
import { createPreloadBridge } from '../../src-main/preload.ts';
import { distinctPng } from '../support/test-images.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { ipcMain as stubIpcMain, resetElectronStub } from '../stubs/electron.ts';

type Handler = (
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  ...args: unknown[]
) => Promise<ApiResponse<unknown>>;

let t: TestService;
let handler: Handler;
const rendererListeners: ((event: unknown, ...args: unknown[]) => void)[] = [];
/** Our window's webContents: what main sends to it reaches the preload's IPC listener. */
const ourWindow = {
  id: 1,
  isDestroyed: () => false,
  send: (channel: string, ...args: unknown[]) => {
    if (channel === EVENT_CHANNEL) for (const listener of rendererListeners) listener({}, ...args);
  },
} as unknown as WebContents;
const ourFrame = { url: APP_ENTRY, parent: null } as unknown as IpcMainInvokeEvent['senderFrame'];

/** The preload as the window's page gets it, talking to main through the registered handler. */
function windowBridge(sender = ourWindow, senderFrame = ourFrame): ShotlinkBridge {
  const ipc = {
    invoke: (channel: string, ...args: unknown[]) => {
      expect(channel).toBe(CALL_CHANNEL);
      return handler({ sender, senderFrame }, ...args);
    },
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      expect(channel).toBe(EVENT_CHANNEL);
      rendererListeners.push(listener);
    },
  } as unknown as Pick<IpcRenderer, 'invoke' | 'on'>;
  return createPreloadBridge(ipc);
}

beforeAll(async () => {
  resetElectronStub();
  t = await startTestService({ bridge: false });
  registerApiIpc(ipcMain, {
    call: (method, args) => t.service.dispatch.call(method, args),
    isTrusted: (event) => isTrustedSender(event, () => [ourWindow], APP_ORIGIN),
  });
  t.service.events.onAny((event, payload) => sendEvent([ourWindow], event, payload));
  handler = stubIpcMain.handlers.get(CALL_CHANNEL) as unknown as Handler;
});

afterAll(async () => {
  await t?.close();
  resetElectronStub();
});

describe('IPC to the real service', () => {
  it('answers the window’s calls', async () => {
    const shotlink = windowBridge();
    const settings = await shotlink.api.getSettings();
    expect(settings.hosts.img402Url).toBe(t.img402.url);
    expect((await shotlink.api.listProviders()).map((p) => p.id)).toEqual(
      expect.arrayContaining(['img402', 'imgpro', 'server']),
    );
  });

  it('uploads a dropped image and delivers the job events to the window', async () => {
    const shotlink = windowBridge();
    const jobs: ApiEvents['job'][] = [];
    const finished = new Promise<JobInfo>((resolve) =>
      shotlink.on('job', (job) => {
        jobs.push(job);
        if (job.state === 'done' || job.state === 'failed') resolve(job);
      }),
    );
    const png = await distinctPng(7);
    const queued = await shotlink.api.uploadBytes('dropped.png', png.toString('base64'));
    expect(queued.fileName).toBe('dropped.png');
    const done = await finished;
    expect(done.state).toBe('done');
    expect(t.img402.uploads).toHaveLength(1);
    expect(jobs.map((job) => job.state)).toContain('running');
    const [entry] = await shotlink.api.listHistory({ limit: 1 });
    expect(t.clipboard.text).toContain(entry!.url);
  });

  it('rejects invalid arguments with the dispatch table’s message, changing nothing', async () => {
    const shotlink = windowBridge();
    const before = await shotlink.api.getSettings();
    await expect(
      (shotlink.api.setSettings as (...args: unknown[]) => Promise<unknown>)('not an object'),
    ).rejects.toThrow();
    await expect((shotlink.api.retryJob as (...args: unknown[]) => Promise<unknown>)(42)).rejects.toThrow();
    await expect(shotlink.api.setSettings({ linkFormat: 'telegraph' } as never)).rejects.toThrow(
      /linkFormat/,
    );
    expect(await shotlink.api.getSettings()).toEqual(before);
  });

  it('bounds an image sent as bytes: refused in the preload before it crosses, and again in main', async () => {
    const over = 'A'.repeat(MAX_CALL_BODY_BYTES);
    const message = /argument 1: an image sent from the window may be at most 23 MB\. Upload the file itself/;
    const crossed: unknown[] = [];
    const counting = createPreloadBridge({
      invoke: (_channel: string, ...args: unknown[]) => (
        crossed.push(args),
        handler({ sender: ourWindow, senderFrame: ourFrame }, ...args)
      ),
      on: () => undefined,
    } as unknown as Pick<IpcRenderer, 'invoke' | 'on'>);
    await expect(counting.api.uploadBytes('huge.png', over)).rejects.toThrow(message);
    await expect(counting.api.openEditing('huge.png', over)).rejects.toThrow(message);
    expect(crossed).toEqual([]);
    // A page that skips the preload's check reaches main's dispatch, which refuses it the same way.
    const direct = await handler({ sender: ourWindow, senderFrame: ourFrame }, 'uploadBytes', [
      'huge.png',
      over,
    ]);
    expect(direct).toMatchObject({
      ok: false,
      error: { kind: 'usage', message: expect.stringMatching(message) },
    });
    expect(await windowBridge().api.listJobs()).not.toContainEqual(
      expect.objectContaining({ fileName: 'huge.png' }),
    );
  });

  it('refuses every call from a page that is not ours, even for a real method', async () => {
    const intruder = windowBridge(ourWindow, {
      url: 'https://evil.example/',
      parent: null,
    } as unknown as IpcMainInvokeEvent['senderFrame']);
    await expect(intruder.api.walletStatus()).rejects.toThrow(/did not come from a Shotlink window/);
    await expect(intruder.api.setWatchPaused(true)).rejects.toThrow(/did not come from a Shotlink window/);
    expect((await windowBridge().api.watcherStatus()).paused).toBe(false);
  });
});
