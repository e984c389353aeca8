// @vitest-environment jsdom
// Messages a person can act on: a refused file gets its own row with the service's reason (never a raw
// schema error), an image is judged by its bytes whatever its name, a declined payment says
// "Declined", a hopeless failure offers no Retry, any failure can be dismissed, and "Link on your
// clipboard" appears only when the link really went there.
import type { ErrorCode } from '../../src-shared/errors.ts';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/settings.ts';
import { createFakeBridge, job } from './fake-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(cleanup);

const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>';

async function drop(files: File[]) {
  await act(async () => {
    fireEvent.drop(screen.getByTestId('dropzone'), { dataTransfer: { files } });
  });
}

describe('refused files', () => {
  it('gives an empty file, an SVG and a text file a row each with the reason, and uploads an unnamed PNG', async () => {
    const bridge = createFakeBridge({ settings: { ...DEFAULT_SETTINGS, publicNoticeShown: true } });
    await renderApp(bridge);
    await drop([
      new File([], 'empty.png', { type: 'image/png' }),
      new File([SVG], 'logo.svg', { type: 'image/svg+xml' }),
      new File(['hello'], 'notes.txt', { type: 'text/plain' }),
      new File([PNG_BYTES], 'Screenshot', { type: '' }),
    ]);
    await vi.waitFor(() => expect(bridge.calls.filter((c) => c.method === 'uploadBytes')).toHaveLength(4));

    const refused = await screen.findByRole('list', { name: 'Files not uploaded' });
    const rows = within(refused).getAllByRole('listitem');
    expect(rows.map((row) => row.getAttribute('aria-label')).sort()).toEqual([
      'empty.png: Not uploaded',
      'logo.svg: Not uploaded',
      'notes.txt: Not uploaded',
    ]);
    const empty = within(refused).getByRole('listitem', { name: 'empty.png: Not uploaded' });
    expect(empty.textContent).toContain('"empty.png" is empty (0 bytes)');
    expect(refused.textContent).not.toMatch(/Invalid arguments|Too small/);
    // The PNG without an extension is an image by its bytes: it is queued.
    expect(await screen.findByRole('listitem', { name: 'Screenshot: Queued' })).toBeTruthy();

    fireEvent.click(within(empty).getByRole('button', { name: 'Dismiss empty.png' }));
    expect(within(refused).queryByRole('listitem', { name: 'empty.png: Not uploaded' })).toBeNull();
  });
});

describe('job states', () => {
  const failed = (id: string, fileName: string, code: ErrorCode, kind: 'payment' | 'input') =>
    job({
      id,
      fileName,
      state: 'failed',
      error: { kind, message: `${fileName} went wrong`, retryable: false, code },
    });

  it('says Declined for a declined payment, offers no Retry where none can help, and dismisses', async () => {
    const bridge = createFakeBridge({
      settings: { ...DEFAULT_SETTINGS, publicNoticeShown: true },
      jobs: [
        failed('j1', 'paid.png', 'payment_declined', 'payment'),
        failed('j2', 'notes.png', 'not_an_image', 'input'),
      ],
    });
    await renderApp(bridge, 'history');
    const declined = await screen.findByRole('listitem', { name: 'paid.png: Declined' });
    expect(within(declined).getByRole('button', { name: /Retry/ })).toBeTruthy();
    const hopeless = screen.getByRole('listitem', { name: 'notes.png: Failed' });
    expect(within(hopeless).queryByRole('button', { name: /Retry/ })).toBeNull();
    const attention = () => document.getElementById('attention-count')!.textContent;
    expect(attention()).toBe('2 uploads need attention');

    await act(async () => {
      fireEvent.click(within(declined).getByRole('button', { name: 'Dismiss paid.png' }));
    });
    expect(bridge.calls.find((c) => c.method === 'dismissJob')?.args).toEqual(['j1']);
    await vi.waitFor(() => expect(screen.queryByRole('listitem', { name: 'paid.png: Declined' })).toBeNull());
    expect(attention()).toBe('1 upload needs attention');
  });

  it('says the link is on the clipboard only when it went there', async () => {
    const bridge = createFakeBridge({ settings: { ...DEFAULT_SETTINGS, publicNoticeShown: true } });
    await renderApp(bridge);
    await drop([new File([PNG_BYTES], 'a.png', { type: 'image/png' })]);
    await vi.waitFor(() => expect(bridge.state.jobs.some((j) => j.fileName === 'a.png')).toBe(true));
    const started = bridge.state.jobs.find((j) => j.fileName === 'a.png')!;
    act(() => bridge.emit('job', { ...started, state: 'done', progress: 1, historyId: 'h-a' }));
    const row = await screen.findByRole('listitem', { name: 'a.png: Uploaded' });
    expect(row.textContent).not.toContain('Link on your clipboard');
    act(() => bridge.emit('job', { ...started, state: 'done', historyId: 'h-a', linkCopied: true }));
    expect(screen.getByRole('listitem', { name: 'a.png: Uploaded' }).textContent).toContain(
      'Link on your clipboard',
    );
  });
});
