// The preload exposes exactly the API contract: one function per method of src-shared/api.ts plus `on`,
// nothing else, and never hands the page an IPC object.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiArgs } from '../../src-shared/api.ts';
import type { PreloadBridge } from '../../src-main/preload.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../src-main/electron/ipc-channels.ts';
import { exposedInMainWorld, ipcRenderer, webUtils } from '../stubs/electron.ts';

let bridge: PreloadBridge;

beforeAll(async () => {
  await import('../../src-main/preload.ts');
  bridge = exposedInMainWorld.shotlink as PreloadBridge;
});

beforeEach(() => {
  ipcRenderer.invocations = [];
});

describe('preload', () => {
  it('exposes only `api`, `on` and `pathForFile` as window.shotlink', () => {
    expect(Object.keys(exposedInMainWorld)).toEqual(['shotlink']);
    expect(Object.keys(bridge).sort()).toEqual(['api', 'on', 'pathForFile']);
  });

  it('gives the path of a dropped file, and none for other files', () => {
    webUtils.paths.set('shot.png', '/home/me/Desktop/shot.png');
    const dropped = new File([new Uint8Array([1])], 'shot.png');
    const made = new File([new Uint8Array([1])], 'made-in-page.png');
    expect(bridge.pathForFile(dropped)).toBe('/home/me/Desktop/shot.png');
    expect(bridge.pathForFile(made)).toBe('');
  });

  it('has one function per method of the contract, and no other', () => {
    expect(Object.keys(bridge.api).sort()).toEqual(Object.keys(apiArgs).sort());
    for (const fn of Object.values(bridge.api)) expect(typeof fn).toBe('function');
  });

  it('sends each call as (method, args) on the call channel and returns the value', async () => {
    ipcRenderer.invokeHandler = async (_channel, method) => ({
      ok: true,
      value: `value of ${String(method)}`,
    });
    await expect(bridge.api.copyLink('h1', 'html')).resolves.toBe('value of copyLink');
    await expect(bridge.api.listJobs()).resolves.toBe('value of listJobs');
    expect(ipcRenderer.invocations).toEqual([
      { channel: CALL_CHANNEL, args: ['copyLink', ['h1', 'html']] },
      { channel: CALL_CHANNEL, args: ['listJobs', []] },
    ]);
  });

  it('rejects with the service’s message when a call fails', async () => {
    ipcRenderer.invokeHandler = async () => ({
      ok: false,
      error: { kind: 'input', message: 'That file is not an image.', retryable: false },
    });
    await expect(bridge.api.uploadFiles(['/tmp/notes.txt'])).rejects.toThrow('That file is not an image.');
  });

  it('delivers events by name, without the IPC event object, until unsubscribed', () => {
    const notices: unknown[][] = [];
    const stop = bridge.on('notice', (...args) => notices.push(args));
    ipcRenderer.emit(EVENT_CHANNEL, 'notice', { level: 'error', message: 'shortcut taken' });
    ipcRenderer.emit(EVENT_CHANNEL, 'jobs', []);
    stop();
    ipcRenderer.emit(EVENT_CHANNEL, 'notice', { level: 'info', message: 'after unsubscribe' });
    expect(notices).toEqual([[{ level: 'error', message: 'shortcut taken' }]]);
  });

  it('listens on IPC once, however many subscribers there are', () => {
    for (let i = 0; i < 20; i++) bridge.on('job', () => {});
    expect(ipcRenderer.listeners.get(EVENT_CHANNEL)?.size).toBe(1);
  });
});
