// @vitest-environment jsdom
// Messages a person can act on: a refused file gets its own row with the service's reason (never a raw
// schema error), an image is judged by its bytes whatever its name, a declined payment says
// "Declined", a hopeless failure offers no Retry, any failure can be dismissed, and "Link on your
// clipboard" appears only when the link really went there.
import type { ErrorCode } from '../../src-shared/errors.ts';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { distinctPng } from '../support/test-images.ts';
import { eventually, startRealBridge, storedJob } from './real-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(cleanup);

let PNG_BYTES: Uint8Array;
beforeAll(async () => {
  PNG_BYTES = new Uint8Array(await distinctPng(7));
});
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>';

async function drop(files: File[]) {
  await act(async () => {
    fireEvent.drop(screen.getByTestId('dropzone'), { dataTransfer: { files } });
  });
}

describe('refused files', () => {
  it('gives an empty file, an SVG and a text file a row each with the reason, and uploads an unnamed PNG', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge);
    await drop([
      new File([], 'empty.png', { type: 'image/png' }),
      new File([SVG], 'logo.svg', { type: 'image/svg+xml' }),
      new File(['hello'], 'notes.txt', { type: 'text/plain' }),
      new File([PNG_BYTES as BlobPart], 'Screenshot', { type: '' }),
    ]);
    await eventually(() => expect(bridge.callsOf('uploadBytes')).toHaveLength(4));

    const refused = await screen.findByRole('list', { name: 'Files not uploaded' });
    await eventually(() => expect(within(refused).getAllByRole('listitem')).toHaveLength(3));
    const rows = within(refused).getAllByRole('listitem');
    expect(rows.map((row) => row.getAttribute('aria-label')).sort()).toEqual([
      'empty.png: Not uploaded',
      'logo.svg: Not uploaded',
      'notes.txt: Not uploaded',
    ]);
    const empty = within(refused).getByRole('listitem', { name: 'empty.png: Not uploaded' });
    expect(empty.textContent).toContain('"empty.png" is empty (0 bytes)');
    expect(refused.textContent).not.toMatch(/Invalid arguments|Too small/);
    // The PNG without an extension is an image by its bytes: it is queued, and goes.
    expect(
      await screen.findByRole('listitem', { name: /^Screenshot: (Queued|Uploading|Uploaded)$/ }),
    ).toBeTruthy();

    fireEvent.click(within(empty).getByRole('button', { name: 'Dismiss empty.png' }));
    expect(within(refused).queryByRole('listitem', { name: 'empty.png: Not uploaded' })).toBeNull();
  });
});

describe('job states', () => {
  // Failed jobs as an earlier run left them in the queue folder: the queue loads them at start.
  const failed = (id: string, fileName: string, code: ErrorCode, kind: 'payment' | 'input') =>
    storedJob({
      id,
      fileName,
      state: 'failed',
      error: { kind, message: `${fileName} went wrong`, retryable: false, code },
    });

  it('says Declined for a declined payment, offers no Retry where none can help, and dismisses', async () => {
    const bridge = await startRealBridge({
      jobs: [
        failed('j1-a1', 'paid.png', 'payment_declined', 'payment'),
        failed('j2-a2', 'notes.png', 'not_an_image', 'input'),
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
    await eventually(() => expect(screen.queryByRole('listitem', { name: 'paid.png: Declined' })).toBeNull());
    expect(bridge.callsOf('dismissJob')).toEqual([['j1-a1']]);
    expect(attention()).toBe('1 upload needs attention');
    expect(bridge.app.queue.list().map((job) => job.id)).toEqual(['j2-a2']);
  });

  it('says the link is on the clipboard only when it went there', async () => {
    const withClipboard = await startRealBridge();
    await renderApp(withClipboard);
    await drop([new File([PNG_BYTES as BlobPart], 'a.png', { type: 'image/png' })]);
    const copied = await screen.findByRole('listitem', { name: 'a.png: Uploaded' });
    await eventually(() => expect(copied.textContent).toContain('Link on your clipboard'));
    expect(withClipboard.test.clipboard.text).toMatch(/^!\[a\.png\]\(http:\/\/127\.0\.0\.1:\d+\//);
    cleanup();

    // A shell without a clipboard (a terminal with no wl-copy, xclip or xsel) says the write did not happen.
    const without = await startRealBridge();
    without.test.clipboard.writeText = async () => false;
    await renderApp(without);
    await drop([new File([PNG_BYTES as BlobPart], 'a.png', { type: 'image/png' })]);
    const row = await screen.findByRole('listitem', { name: 'a.png: Uploaded' });
    expect(row.textContent).not.toContain('Link on your clipboard');
  });
});
