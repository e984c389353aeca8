// Every IPC call is checked to come from our own window's top frame showing our own page; anything else
// gets a refusal and never reaches the API. Malformed envelopes are refused before dispatch.
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcMain } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../../src-shared/api.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../src-main/electron/ipc-channels.ts';
import { isTrustedSender, originOf, registerApiIpc, sendEvent } from '../../src-main/electron/ipc.ts';
import { APP_ENTRY, APP_ORIGIN } from '../../src-main/electron/window.ts';
import { ipcMain as stubIpcMain, resetElectronStub } from '../stubs/electron.ts';

type FakeEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

const ourContents = { id: 1 } as WebContents;
const otherContents = { id: 2 } as WebContents;
const topFrame = (url: string) => ({ url, parent: null }) as unknown as IpcMainInvokeEvent['senderFrame'];
const subFrame = (url: string) => ({ url, parent: {} }) as unknown as IpcMainInvokeEvent['senderFrame'];

const ours: FakeEvent = { sender: ourContents, senderFrame: topFrame(APP_ENTRY) };
const trusted = (event: FakeEvent) => isTrustedSender(event, () => [ourContents], APP_ORIGIN);

describe('isTrustedSender', () => {
  it('trusts the top frame of our window showing app://shotlink', () => {
    expect(trusted(ours)).toBe(true);
    expect(trusted({ sender: ourContents, senderFrame: topFrame(`${APP_ORIGIN}/settings?x=1#y`) })).toBe(
      true,
    );
  });

  it('refuses other webContents, iframes, other origins and vanished frames', () => {
    expect(trusted({ sender: otherContents, senderFrame: topFrame(APP_ENTRY) })).toBe(false);
    expect(trusted({ sender: ourContents, senderFrame: subFrame(APP_ENTRY) })).toBe(false);
    expect(trusted({ sender: ourContents, senderFrame: topFrame('https://evil.example/index.html') })).toBe(
      false,
    );
    expect(trusted({ sender: ourContents, senderFrame: topFrame('file:///tmp/index.html') })).toBe(false);
    expect(trusted({ sender: ourContents, senderFrame: topFrame('app://shotlink.evil/index.html') })).toBe(
      false,
    );
    expect(trusted({ sender: ourContents, senderFrame: topFrame('not a url') })).toBe(false);
    expect(trusted({ sender: ourContents, senderFrame: null })).toBe(false);
  });

  it('compares custom-scheme origins by scheme and host (URL.origin is "null" for them)', () => {
    expect(new URL(APP_ENTRY).origin).toBe('null');
    expect(originOf(APP_ENTRY)).toBe('app://shotlink');
  });
});

describe('registerApiIpc', () => {
  beforeEach(() => resetElectronStub());

  function setup() {
    const calls: { method: string; args: unknown }[] = [];
    const refused: string[] = [];
    const remove = registerApiIpc(ipcMain, {
      call: async (method, args) => {
        calls.push({ method, args });
        return { ok: true, value: `ran ${method}` };
      },
      isTrusted: trusted,
      onRefused: (reason) => refused.push(reason),
    });
    const handler = stubIpcMain.handlers.get(CALL_CHANNEL) as unknown as (
      event: FakeEvent,
      ...args: unknown[]
    ) => Promise<ApiResponse<unknown>>;
    return {
      calls,
      refused,
      remove,
      invoke: (event: FakeEvent, ...args: unknown[]) => handler(event, ...args),
    };
  }

  it('passes a well-formed call from our window to the dispatch table', async () => {
    const { invoke, calls } = setup();
    await expect(invoke(ours, 'retryJob', ['job-1'])).resolves.toEqual({ ok: true, value: 'ran retryJob' });
    expect(calls).toEqual([{ method: 'retryJob', args: ['job-1'] }]);
  });

  it('refuses a call from a foreign sender without running anything', async () => {
    const { invoke, calls, refused } = setup();
    const response = await invoke(
      { sender: otherContents, senderFrame: topFrame('https://evil.example/') },
      'walletExport',
      [],
    );
    expect(response).toMatchObject({ ok: false, error: { kind: 'usage' } });
    expect(calls).toEqual([]);
    expect(refused[0]).toMatch(/did not come from a Shotlink window \(https:\/\/evil\.example\/\)/);
  });

  it('refuses unknown methods (including inherited names) and non-list arguments', async () => {
    const { invoke, calls } = setup();
    for (const method of ['toString', '__proto__', 'constructor', 'rm -rf', 42, undefined]) {
      const response = await invoke(ours, method, []);
      expect(response).toMatchObject({ ok: false, error: { kind: 'usage' } });
      if (!response.ok) expect(response.error.message).toMatch(/is not a Shotlink API method/);
    }
    for (const args of [undefined, 'job-1', { 0: 'job-1' }, null]) {
      const response = await invoke(ours, 'retryJob', args);
      expect(response).toMatchObject({
        ok: false,
        error: { message: 'The arguments of retryJob must be a list.' },
      });
    }
    expect(calls).toEqual([]);
  });

  it('removes its handler when asked', () => {
    const { remove } = setup();
    remove();
    expect(stubIpcMain.handlers.has(CALL_CHANNEL)).toBe(false);
  });
});

describe('sendEvent', () => {
  it('sends to every live window and skips destroyed ones', () => {
    const sent: unknown[][] = [];
    const live = {
      isDestroyed: () => false,
      send: (...args: unknown[]) => sent.push(args),
    } as unknown as WebContents;
    const dead = {
      isDestroyed: () => true,
      send: () => {
        throw new Error('sent to a destroyed window');
      },
    } as unknown as WebContents;
    sendEvent([live, dead], 'notice', { level: 'error', message: 'hi' });
    expect(sent).toEqual([[EVENT_CHANNEL, 'notice', { level: 'error', message: 'hi' }]]);
  });
});
