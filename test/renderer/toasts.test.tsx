// @vitest-environment jsdom
// Toasts in the whole window: an error that asks for an action stays until dismissed, anything else
// fades after a few seconds (sooner for info), a repeated message shows once with a count, and a toast
// under the pointer waits. Time is the test's (fake timers, from when the service has started); only the
// service's own answers (a real host failing) are waited for on the wall clock.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BridgeCallError, needsAction } from '../../src-renderer/transport/errors.ts';
import { TOAST_MS } from '../../src-renderer/toasts.tsx';
import { historyEntry } from '../support/history-entries.ts';
import { startHttpServer } from '../support/http-server.ts';
import { startRealBridge, type RealBridge, type RealBridgeOptions } from './real-bridge.ts';
import { renderApp } from './render.tsx';

/** A real service; the clock is the test's from then on. */
async function start(options: RealBridgeOptions = {}): Promise<RealBridge> {
  const bridge = await startRealBridge(options);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  return bridge;
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const toasts = () => [...document.querySelectorAll('.toast')] as HTMLElement[];
const toastTexts = () => toasts().map((t) => t.querySelector('.toast-message')!.textContent);
const pass = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
/** Core tells the window something (a hotkey taken, a link copied), as the tray and the queue do. */
const notice = (bridge: RealBridge, level: 'info' | 'error', message: string) =>
  act(() => bridge.app.notice(level, message));

/** Deletes lan.png from the host in History; the host fails, and its message shows. */
async function failDelete(bridge: RealBridge) {
  fireEvent.click(screen.getByRole('button', { name: 'Delete lan.png from the host' }));
  fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
  // The service's answer comes in real time, without moving the test's clock.
  await act(() => bridge.idle());
}

/**
 * lan.png, on a Shotlink server on the LAN: without a token for it (deleting needs the person to set
 * one), or with one, the server then failing (which passes by itself).
 */
async function lanHistory(server: 'no token' | 'down'): Promise<RealBridge> {
  // A server that was there (the entry's links point at it) and is not any more: nothing listens.
  const lan = await startHttpServer(() => {});
  await lan.close();
  return start({
    settings: { hosts: { serverUrl: lan.url } },
    ...(server === 'down' && { env: { SHOTLINK_SERVER_TOKEN: 'lan-token' } }),
    history: [
      historyEntry('a', {
        fileName: 'lan.png',
        provider: 'server',
        tier: 'default',
        deleteUrl: `${lan.url}/d/a`,
      }),
    ],
  });
}

/** What a delete on the server that is down reads as: a host failure that passes by itself. */
const FAILED = expect.stringMatching(
  /^Could not reach the Shotlink server at .*: the connection was refused\./,
);

describe('toasts', () => {
  it('an error that needs an action stays until dismissed', async () => {
    const bridge = await lanHistory('no token');
    await renderApp(bridge, 'history');
    await pass(1);
    await failDelete(bridge);
    expect(toastTexts()).toEqual([expect.stringMatching(/^No token for the Shotlink server at /)]);
    await pass(10 * 60_000);
    expect(toastTexts()).toHaveLength(1);
    fireEvent.click(within(toasts()[0]!).getByRole('button', { name: 'Dismiss' }));
    expect(toasts()).toEqual([]);
  });

  it('an error that passes by itself fades after a few seconds, info sooner', async () => {
    const bridge = await lanHistory('down');
    await renderApp(bridge, 'history');
    await pass(1);
    await failDelete(bridge);
    await notice(bridge, 'info', 'Link on your clipboard.');
    expect(toastTexts()).toEqual([FAILED, 'Link on your clipboard.']);
    await pass(TOAST_MS.info - 1);
    expect(toasts()).toHaveLength(2);
    await pass(1);
    expect(toastTexts()).toEqual([FAILED]);
    await pass(TOAST_MS.error - TOAST_MS.info - 1);
    expect(toasts()).toHaveLength(1);
    await pass(1);
    expect(toasts()).toEqual([]);
  });

  it('a repeated error shows once, with a count, and its time starts again', async () => {
    const bridge = await lanHistory('down');
    await renderApp(bridge, 'history');
    await pass(1);
    await failDelete(bridge);
    await pass(TOAST_MS.error - 1000);
    await failDelete(bridge);
    await failDelete(bridge);
    expect(toastTexts()).toEqual([FAILED]);
    expect(toasts()[0]!.querySelector('.toast-count')!.textContent).toBe('×3(3 times)');
    // Counted from the last repeat, not the first.
    await pass(TOAST_MS.error - 1);
    expect(toasts()).toHaveLength(1);
    await pass(1);
    expect(toasts()).toEqual([]);
    // Gone, the same message starts a fresh toast with no count.
    await failDelete(bridge);
    expect(toasts()[0]!.querySelector('.toast-count')).toBeNull();
  });

  it('a repeat that needs an action makes the toast stay; other messages stack separately', async () => {
    const bridge = await start();
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
    const bridge = await start();
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
    const bridge = await start();
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
