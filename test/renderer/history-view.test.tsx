// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { createFakeBridge, entry, job } from './fake-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const PNG_DATA_URL = 'data:image/png;base64,iVBORw0KGgo=';

describe('History', () => {
  it('shows each upload with its thumbnail, host, sizes before and after, and its expiry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-01-01T12:00:00.000Z'));
    const bridge = createFakeBridge({
      history: [
        entry({ id: 'a', fileName: 'week.png', expiresAt: '2026-01-07T16:30:00.000Z' }),
        entry({
          id: 'b',
          fileName: 'forever.png',
          tier: 'permanent',
          expiresAt: null,
          url: 'https://i.img402.dev/p.png',
        }),
        entry({ id: 'c', fileName: 'old.png', expiresAt: '2025-12-01T00:00:00.000Z' }),
      ],
      thumbnails: { a: PNG_DATA_URL },
    });
    await renderApp(bridge, 'history');
    await act(() => vi.advanceTimersByTimeAsync(1));

    const week = screen.getByRole('listitem', { name: 'week.png' });
    expect(within(week).getByText('expires in 6 d 4 h')).toBeTruthy();
    expect(within(week).getByText('i.img402.dev')).toBeTruthy();
    expect(within(week).getByText(/391 KB → 117 KB/)).toBeTruthy();
    expect(within(week).getByText('−70%')).toBeTruthy();
    const thumb = within(week).getByRole('button', { name: 'Preview week.png' });
    expect(thumb.querySelector('img')!.getAttribute('src')).toBe(PNG_DATA_URL);
    expect(within(screen.getByRole('listitem', { name: 'forever.png' })).getByText('permanent')).toBeTruthy();
    expect(within(screen.getByRole('listitem', { name: 'old.png' })).getByText('expired')).toBeTruthy();

    // The countdown moves on by itself.
    await act(() => vi.advanceTimersByTimeAsync(31 * 60_000));
    expect(within(week).getByText('expires in 6 d 3 h')).toBeTruthy();
  });

  it('previews the full image in a dialog that returns focus to the thumbnail', async () => {
    const bridge = createFakeBridge({
      history: [entry({ id: 'a', fileName: 'shot.png', url: 'https://i.img402.dev/x.png' })],
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
    const bridge = createFakeBridge({
      history: [entry({ id: 'a', fileName: 'shot.png', url: 'https://i.img402.dev/x.png' })],
    });
    await renderApp(bridge, 'history');
    fireEvent.click(await screen.findByRole('button', { name: 'Copy Markdown link to shot.png' }));
    await act(async () => {});
    expect(bridge.calls.filter((c) => c.method === 'copyLink').map((c) => c.args)).toEqual([
      ['a', 'markdown'],
    ]);
    expect(bridge.state.clipboard).toBe('![shot.png](https://i.img402.dev/x.png)');
    expect(await screen.findByText('Markdown link copied')).toBeTruthy();
  });

  it('searches through the service', async () => {
    const bridge = createFakeBridge({
      history: [entry({ id: 'a', fileName: 'invoice.png' }), entry({ id: 'b', fileName: 'cat.png' })],
    });
    await renderApp(bridge, 'history');
    await screen.findByRole('listitem', { name: 'cat.png' });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search uploads' }), { target: { value: 'cat' } });
    await vi.waitFor(() => expect(screen.queryByRole('listitem', { name: 'invoice.png' })).toBeNull());
    expect(screen.getByRole('listitem', { name: 'cat.png' })).toBeTruthy();
    expect(
      bridge.calls.some((c) => c.method === 'listHistory' && JSON.stringify(c.args) === '[{"search":"cat"}]'),
    ).toBe(true);

    fireEvent.change(screen.getByRole('searchbox', { name: 'Search uploads' }), {
      target: { value: 'zebra' },
    });
    expect(await screen.findByText('Nothing matches “zebra”')).toBeTruthy();
  });

  it('forgets an entry only after confirming, with focus on Cancel first', async () => {
    const bridge = createFakeBridge({ history: [entry({ id: 'a', fileName: 'shot.png' })] });
    await renderApp(bridge, 'history');
    fireEvent.click(await screen.findByRole('button', { name: 'Forget shot.png' }));
    const dialog = screen.getByRole('dialog', { name: 'Forget this upload?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bridge.calls.some((c) => c.method === 'forget')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Forget shot.png' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Forget' }));
    await vi.waitFor(() => expect(screen.queryByRole('listitem', { name: 'shot.png' })).toBeNull());
    expect(bridge.state.history).toEqual([]);
  });

  it('offers delete from host only where the host allows it, and keeps the entry when deleting fails', async () => {
    const bridge = createFakeBridge({
      history: [
        entry({ id: 'a', fileName: 'lan.png', provider: 'server', deleteUrl: 'http://192.168.1.2:8402/d/a' }),
        entry({ id: 'b', fileName: 'img402.png' }),
      ],
    });
    await renderApp(bridge, 'history');
    await screen.findByRole('listitem', { name: 'lan.png' });
    expect(screen.queryByRole('button', { name: 'Delete img402.png from the host' })).toBeNull();

    bridge.failNext('deleteFromHost', new ShotlinkError('host', 'The server did not answer: is it running?'));
    fireEvent.click(screen.getByRole('button', { name: 'Delete lan.png from the host' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('The server did not answer: is it running?')).toBeTruthy();
    expect(screen.getByRole('listitem', { name: 'lan.png' })).toBeTruthy();
  });

  it('lists failed and queued uploads with their reason and retries them', async () => {
    const bridge = createFakeBridge({
      jobs: [
        job({
          id: 'f',
          fileName: 'big.png',
          state: 'failed',
          attempts: 3,
          error: {
            kind: 'host',
            message: 'img402 is down (HTTP 503). Shotlink will try again.',
            retryable: true,
          },
        }),
        job({ id: 'q', fileName: 'next.png', state: 'queued' }),
      ],
    });
    await renderApp(bridge, 'history');
    const failed = await screen.findByRole('listitem', { name: 'big.png: Failed' });
    expect(within(failed).getByText(/img402 is down/)).toBeTruthy();
    expect(screen.getByRole('listitem', { name: 'next.png: Queued' })).toBeTruthy();
    const nav = screen.getByRole('button', { name: 'History' });
    expect(document.getElementById(nav.getAttribute('aria-describedby')!)!.textContent).toBe(
      '1 upload needs attention',
    );
    fireEvent.click(within(failed).getByRole('button', { name: 'Retry' }));
    await act(async () => {});
    expect(bridge.calls.filter((c) => c.method === 'retryJob').map((c) => c.args)).toEqual([['f']]);
  });

  it('follows history events from the service without a reload', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'history');
    expect(await screen.findByText('No uploads yet')).toBeTruthy();
    act(() => bridge.emit('history', [entry({ id: 'n', fileName: 'new.png' })]));
    expect(screen.getByRole('listitem', { name: 'new.png' })).toBeTruthy();
  });
});
