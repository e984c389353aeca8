// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { historyEntry } from '../support/history-entries.ts';
import { distinctPng } from '../support/test-images.ts';
import { startHttpServer } from '../support/http-server.ts';
import { saveThumbnail } from '../../src-main/core/store/thumbnails.ts';
import { eventually, startRealBridge, storedJob } from './real-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const PNG_BASE64 = 'iVBORw0KGgo=';
const entry = historyEntry;

describe('History', () => {
  it('shows each upload with its thumbnail, host, sizes before and after, and its expiry', async () => {
    const sizes = { originalBytes: 400_000, bytes: 120_000, url: 'https://i.img402.dev/w.png' };
    const bridge = await startRealBridge({
      history: [
        entry('a', { fileName: 'week.png', expiresAt: '2026-01-07T16:30:00.000Z', ...sizes }),
        entry('b', { fileName: 'forever.png', tier: 'permanent', url: 'https://i.img402.dev/p.png' }),
        entry('c', { fileName: 'old.png', expiresAt: '2025-12-01T00:00:00.000Z' }),
      ],
    });
    // The thumbnail as an upload leaves it: a file in the data folder that history names.
    const thumbnail = await saveThumbnail(bridge.test.home, 'a', Buffer.from(PNG_BASE64, 'base64'), 'png');
    bridge.app.core.history.add({ ...bridge.app.core.history.get('a')!, thumbnail });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-01-01T12:00:00.000Z'));
    await renderApp(bridge, 'history');
    await act(() => vi.advanceTimersByTimeAsync(1));

    // (Testing Library's findBy waits on the faked clock; vi.waitFor keeps the real one.)
    const week = await eventually(() => screen.getByRole('listitem', { name: 'week.png' }));
    expect(within(week).getByText('expires in 6 d 4 h')).toBeTruthy();
    expect(within(week).getByText('i.img402.dev')).toBeTruthy();
    expect(within(week).getByText(/391 KB → 117 KB/)).toBeTruthy();
    expect(within(week).getByText('−70%')).toBeTruthy();
    const thumb = within(week).getByRole('button', { name: 'Preview week.png' });
    await eventually(() =>
      expect(thumb.querySelector('img')!.getAttribute('src')).toBe(`data:image/png;base64,${PNG_BASE64}`),
    );
    expect(within(screen.getByRole('listitem', { name: 'forever.png' })).getByText('permanent')).toBeTruthy();
    expect(within(screen.getByRole('listitem', { name: 'old.png' })).getByText('expired')).toBeTruthy();

    // The countdown moves on by itself.
    await act(() => vi.advanceTimersByTimeAsync(31 * 60_000));
    expect(within(week).getByText('expires in 6 d 3 h')).toBeTruthy();
  });

  it('previews the full image in a dialog that returns focus to the thumbnail', async () => {
    const bridge = await startRealBridge({
      history: [entry('a', { fileName: 'shot.png', url: 'https://i.img402.dev/x.png' })],
    });
    await renderApp(bridge, 'history');
    const thumb = await screen.findByRole('button', { name: 'Preview shot.png' });
    thumb.focus();
    fireEvent.click(thumb);
    const dialog = screen.getByRole('dialog', { name: 'shot.png' });
    expect(within(dialog).getByRole('img', { name: 'shot.png' }).getAttribute('src')).toBe(
      'https://i.img402.dev/x.png',
    );
    expect(within(dialog).getByRole('button', { name: 'Copy Markdown link to shot.png' })).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(thumb);
  });

  it('copies the Markdown link in one click through the service', async () => {
    const bridge = await startRealBridge({
      history: [entry('a', { fileName: 'shot.png', url: 'https://i.img402.dev/x.png' })],
    });
    await renderApp(bridge, 'history');
    fireEvent.click(await screen.findByRole('button', { name: 'Copy Markdown link to shot.png' }));
    expect(await screen.findByText('Markdown link copied')).toBeTruthy();
    expect(bridge.callsOf('copyLink')).toEqual([['a', 'markdown']]);
    expect(bridge.test.clipboard.text).toBe('![shot.png](https://i.img402.dev/x.png)');
  });

  it('searches through the service', async () => {
    const bridge = await startRealBridge({
      history: [entry('a', { fileName: 'invoice.png' }), entry('b', { fileName: 'cat.png' })],
    });
    await renderApp(bridge, 'history');
    await screen.findByRole('listitem', { name: 'cat.png' });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search uploads' }), { target: { value: 'cat' } });
    await eventually(() => expect(screen.queryByRole('listitem', { name: 'invoice.png' })).toBeNull());
    expect(screen.getByRole('listitem', { name: 'cat.png' })).toBeTruthy();
    expect(bridge.callsOf('listHistory')).toContainEqual([{ search: 'cat' }]);

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search uploads' }), {
      target: { value: 'zebra' },
    });
    expect(await screen.findByText('Nothing matches “zebra”')).toBeTruthy();
  });

  it('forgets an entry only after confirming, with focus on Cancel first', async () => {
    const bridge = await startRealBridge({ history: [entry('a', { fileName: 'shot.png' })] });
    await renderApp(bridge, 'history');
    fireEvent.click(await screen.findByRole('button', { name: 'Forget shot.png' }));
    const dialog = screen.getByRole('dialog', { name: 'Forget this upload?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bridge.callsOf('forget')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Forget shot.png' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Forget' }));
    await eventually(() => expect(screen.queryByRole('listitem', { name: 'shot.png' })).toBeNull());
    expect(bridge.app.core.history.list()).toEqual([]);
  });

  it('offers delete from host only where the host allows it, and keeps the entry when deleting fails', async () => {
    // The LAN server the image is on refuses the delete.
    const server = await startHttpServer((_req, res) => {
      res.writeHead(503);
      res.end();
    });
    try {
      const bridge = await startRealBridge({
        settings: { hosts: { serverUrl: server.url } },
        env: { SHOTLINK_SERVER_TOKEN: 'lan-token' },
        history: [
          entry('a', {
            fileName: 'lan.png',
            provider: 'server',
            tier: 'default',
            deleteUrl: `${server.url}/d/a`,
          }),
          entry('b', { fileName: 'img402.png' }),
        ],
      });
      await renderApp(bridge, 'history');
      await screen.findByRole('listitem', { name: 'lan.png' });
      expect(screen.queryByRole('button', { name: 'Delete img402.png from the host' })).toBeNull();

      fireEvent.click(screen.getByRole('button', { name: 'Delete lan.png from the host' }));
      fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
      expect(
        await screen.findByText('The Shotlink server did not delete the image (HTTP 503).'),
      ).toBeTruthy();
      expect(bridge.callsOf('deleteFromHost')).toEqual([['a']]);
      expect(screen.getByRole('listitem', { name: 'lan.png' })).toBeTruthy();
      expect(bridge.app.core.history.get('a')).toBeTruthy();
    } finally {
      await server.close();
    }
  });

  it('lists failed and queued uploads with their reason and retries them', async () => {
    const png = async (seed: number) => {
      const bytes = new Uint8Array(await distinctPng(seed));
      return { bytes, inputBytes: bytes.length };
    };
    const bridge = await startRealBridge({
      // What an earlier run left in the queue folder: one upload failed for good, two still to go. One
      // upload at a time, and img402 never answers the first: the second waits its turn.
      service: { concurrency: 1 },
      prepare: (_home, { img402 }) => img402.failNext('hang'),
      jobs: [
        storedJob({
          id: 'jf-f1',
          fileName: 'big.png',
          state: 'failed',
          attempts: 3,
          error: {
            kind: 'host',
            message: 'img402 is down (HTTP 503). Shotlink will try again.',
            retryable: true,
          },
        }),
        storedJob({ id: 'jq-f2', fileName: 'first.png', state: 'queued', attempts: 0, ...(await png(1)) }),
        storedJob({ id: 'jq-f3', fileName: 'next.png', state: 'queued', attempts: 0, ...(await png(2)) }),
      ],
    });
    await renderApp(bridge, 'history');
    const failed = await screen.findByRole('listitem', { name: 'big.png: Failed' });
    expect(within(failed).getByText(/img402 is down/)).toBeTruthy();
    expect(await screen.findByRole('listitem', { name: 'next.png: Queued' })).toBeTruthy();
    const nav = screen.getByRole('button', { name: 'History' });
    expect(document.getElementById(nav.getAttribute('aria-describedby')!)!.textContent).toBe(
      '1 upload needs attention',
    );
    fireEvent.click(within(failed).getByRole('button', { name: 'Retry' }));
    await eventually(() => expect(bridge.callsOf('retryJob')).toEqual([['jf-f1']]));
  });

  it('follows history events from the service without a reload', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'history');
    expect(await screen.findByText('No uploads yet')).toBeTruthy();
    // An upload finished elsewhere (the CLI, a watched folder): core records it and says so.
    await act(async () => {
      bridge.app.core.history.add(entry('n', { fileName: 'new.png' }));
      bridge.app.historyChanged();
    });
    expect(screen.getByRole('listitem', { name: 'new.png' })).toBeTruthy();
  });
});
