// @vitest-environment jsdom
// Toasts in the whole window: an error that asks for an action stays until dismissed, anything else
// fades after a few seconds (sooner for info), a repeated message shows once with a count, and a toast
// under the pointer waits. Time is the test's (fake timers); nothing waits on the wall clock.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { BridgeCallError, needsAction } from '../../src-renderer/transport/errors.ts';
import { TOAST_MS } from '../../src-renderer/toasts.tsx';
import { createFakeBridge, entry, type FakeBridge } from './fake-bridge.ts';
import { renderApp } from './render.tsx';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const toasts = () => [...document.querySelectorAll('.toast')] as HTMLElement[];
const toastTexts = () => toasts().map((t) => t.querySelector('.toast-message')!.textContent);
const pass = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
const notice = (bridge: FakeBridge, level: 'info' | 'error', message: string) =>
  act(() => bridge.emit('notice', { level, message }));

/** Deletes lan.png from the host in History, with the host failing as given. */
async function failDelete(bridge: FakeBridge, error: ShotlinkError) {
  bridge.failNext('deleteFromHost', error);
  fireEvent.click(screen.getByRole('button', { name: 'Delete lan.png from the host' }));
  fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
  await pass(0);
}

const lanHistory = () =>
  createFakeBridge({
    history: [
      entry({ id: 'a', fileName: 'lan.png', provider: 'server', deleteUrl: 'http://192.168.1.2:8402/d/a' }),
    ],
  });

describe('toasts', () => {
  it('an error that needs an action stays until dismissed', async () => {
    const bridge = lanHistory();
    await renderApp(bridge, 'history');
    await pass(1);
    await failDelete(
      bridge,
      new ShotlinkError('usage', 'This server needs a token: set it under Settings → Advanced.', {
        code: 'missing_token',
      }),
    );
    expect(toastTexts()).toEqual(['This server needs a token: set it under Settings → Advanced.']);
    await pass(10 * 60_000);
    expect(toastTexts()).toHaveLength(1);
    fireEvent.click(within(toasts()[0]!).getByRole('button', { name: 'Dismiss' }));
    expect(toasts()).toEqual([]);
  });

  it('an error that passes by itself fades after a few seconds, info sooner', async () => {
    const bridge = lanHistory();
    await renderApp(bridge, 'history');
    await pass(1);
    await failDelete(
      bridge,
      new ShotlinkError('host', 'The server did not answer in time.', { retryable: true, code: 'timeout' }),
    );
    await notice(bridge, 'info', 'Link on your clipboard.');
    expect(toastTexts()).toEqual(['The server did not answer in time.', 'Link on your clipboard.']);
    await pass(TOAST_MS.info - 1);
    expect(toasts()).toHaveLength(2);
    await pass(1);
    expect(toastTexts()).toEqual(['The server did not answer in time.']);
    await pass(TOAST_MS.error - TOAST_MS.info - 1);
    expect(toasts()).toHaveLength(1);
    await pass(1);
    expect(toasts()).toEqual([]);
  });

  it('a repeated error shows once, with a count, and its time starts again', async () => {
    const bridge = lanHistory();
    await renderApp(bridge, 'history');
    await pass(1);
    const offline = () =>
      failDelete(bridge, new ShotlinkError('host', 'The server is offline.', { retryable: true }));
    await offline();
    await pass(TOAST_MS.error - 1000);
    await offline();
    await offline();
    expect(toastTexts()).toEqual(['The server is offline.']);
    expect(toasts()[0]!.querySelector('.toast-count')!.textContent).toBe('×3(3 times)');
    // Counted from the last repeat, not the first.
    await pass(TOAST_MS.error - 1);
    expect(toasts()).toHaveLength(1);
    await pass(1);
    expect(toasts()).toEqual([]);
    // Gone, the same message starts a fresh toast with no count.
    await offline();
    expect(toasts()[0]!.querySelector('.toast-count')).toBeNull();
  });

  it('a repeat that needs an action makes the toast stay; other messages stack separately', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'upload');
    await notice(bridge, 'error', 'The hotkey Ctrl+Shift+2 is taken by another app: choose another one.');
    await notice(bridge, 'error', 'The hotkey Ctrl+Shift+2 is taken by another app: choose another one.');
    await notice(bridge, 'info', 'Saved.');
    expect(toastTexts()).toEqual([
      'The hotkey Ctrl+Shift+2 is taken by another app: choose another one.',
      'Saved.',
    ]);
    await pass(60_000);
    // A service notice of an error needs the person: it stays.
    expect(toastTexts()).toEqual(['The hotkey Ctrl+Shift+2 is taken by another app: choose another one.']);
    expect(toasts()[0]!.querySelector('.toast-count')!.textContent).toContain('×2');
  });

  it('waits while the pointer is on a fading toast, then fades after its full time', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'upload');
    await notice(bridge, 'info', 'Copied.');
    await pass(TOAST_MS.info - 100);
    fireEvent.mouseEnter(toasts()[0]!);
    await pass(60_000);
    expect(toastTexts()).toEqual(['Copied.']);
    fireEvent.mouseLeave(toasts()[0]!);
    await pass(TOAST_MS.info - 1);
    expect(toasts()).toHaveLength(1);
    await pass(1);
    expect(toasts()).toEqual([]);
  });

  it('keeps at most four, dropping the oldest that would fade before one that needs an action', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'upload');
    await notice(bridge, 'error', 'Set up a wallet to pay.');
    for (const n of [1, 2, 3, 4]) await notice(bridge, 'info', `Note ${n}`);
    expect(toastTexts()).toEqual(['Set up a wallet to pay.', 'Note 2', 'Note 3', 'Note 4']);
  });
});

describe('needsAction', () => {
  it('tells what the person must act on from what the service said about the error', () => {
    const detail = (d: Partial<ConstructorParameters<typeof BridgeCallError>[0]>) =>
      new BridgeCallError({ kind: 'host', message: 'x', retryable: false, ...d });
    expect(needsAction(detail({ kind: 'usage' }))).toBe(true);
    expect(needsAction(detail({ kind: 'payment', code: 'daily_cap' }))).toBe(true);
    expect(needsAction(detail({ kind: 'host', retryable: true }))).toBe(false);
    // A host asking the person to open a page (img.pro "verify") needs them, retryable or not.
    expect(needsAction(detail({ retryable: true, actionUrl: 'https://img.pro/verify' }))).toBe(true);
    expect(needsAction(detail({ kind: 'payment', code: 'payment_declined' }))).toBe(false);
    expect(needsAction(detail({ kind: 'usage', code: 'cancelled' }))).toBe(false);
    // Only a message (Electron's IPC passes no more): assume it does.
    expect(needsAction(new Error('Something failed.'))).toBe(true);
  });
});
