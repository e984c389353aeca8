// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { distinctPng } from '../support/test-images.ts';
import { eventually, startRealBridge, type RealBridge } from './real-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(cleanup);

/** Real PNGs, each different (the service uploads one image once). */
const PNGS: Uint8Array[] = [];
beforeAll(async () => {
  for (const seed of [1, 2]) PNGS.push(new Uint8Array(await distinctPng(seed)));
});
const pngFile = (name: string, n = 0) => new File([PNGS[n] as BlobPart], name, { type: 'image/png' });
/** A ShareX uploader added as `shotlink uploaders add` (or another window) adds it. */
const addUploader = (bridge: RealBridge, name: string, requestUrl: string) =>
  bridge.test.service.dispatch.api.addUploader(
    JSON.stringify({ Name: name, RequestURL: requestUrl, URL: '{json:url}' }),
  );

describe('Upload', () => {
  it('shows every tier side by side with price, size limit and retention, the current one marked', async () => {
    await renderApp(await startRealBridge());
    const picker = await screen.findByRole('radiogroup', { name: 'Where uploads go' });
    const free = within(picker).getByRole('radio', {
      name: /img402\.dev Free: Free, up to 1 MB, kept 7 days/,
    });
    expect((free as HTMLInputElement).checked).toBe(true);
    expect(
      within(picker).getByRole('radio', { name: /img402\.dev 1 year: 0\.01 USDC, up to 5 MB, kept 1 year/ }),
    ).toBeTruthy();
    expect(
      within(picker).getByRole('radio', {
        name: /img402\.dev Permanent: 1\.00 USDC, up to 5 MB, kept permanently/,
      }),
    ).toBeTruthy();
    expect(
      within(picker).getByRole('radio', { name: /img\.pro Anonymous: Free, up to 20 MB, kept 30 days/ }),
    ).toBeTruthy();
    expect(within(picker).getByRole('radio', { name: /img\.pro API key/ })).toBeTruthy();
    expect(within(picker).getByRole('radio', { name: /Shotlink server LAN/ })).toBeTruthy();
    expect(screen.getAllByText('Current')).toHaveLength(1);
    expect(screen.getByLabelText('Current destination').textContent).toBe('img402.dev · Free');
  });

  it('shows the S3 bucket with the built-in hosts, without a trash button; only imported uploaders have one', async () => {
    const bridge = await startRealBridge();
    await addUploader(bridge, 'team', 'https://up.example.com');
    await renderApp(bridge);
    const picker = await screen.findByRole('radiogroup', { name: 'Where uploads go' });
    const s3 = within(picker).getByRole('radio', { name: /S3 bucket Bucket/ });
    const s3Group = s3.closest('.provider-group')!;
    expect(s3Group.getAttribute('aria-label')).toBe('S3 bucket');
    expect(within(picker).queryByRole('button', { name: /Remove uploader S3/ })).toBeNull();
    expect(within(picker).getByRole('button', { name: /Remove uploader team/ })).toBeTruthy();
    // It needs its keys, and says where to add them.
    expect(s3.closest('.tier-card')!.textContent).toContain(
      'Needs the S3 access key id and the S3 secret access key: add them under Settings.',
    );
  });

  it('changes tier through the service, and says a paid tier needs a wallet when there is none', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge);
    const yearly = await screen.findByRole('radio', { name: /img402\.dev 1 year/ });
    expect(yearly.closest('.tier-card')!.textContent).toContain('Needs a wallet');
    fireEvent.click(yearly);
    await act(async () => {});
    expect(bridge.settings().tier).toBe('1y');
    expect((yearly as HTMLInputElement).checked).toBe(true);
    expect(yearly.closest('.tier-card')!.textContent).toContain('Current');
    expect(screen.getByLabelText('Current destination').textContent).toBe(
      'img402.dev · 1 year · 0.01 USDC each',
    );
  });

  it('uploads dropped images as bytes and shows each file’s progress from job events', async () => {
    const bridge = await startRealBridge();
    bridge.test.img402.delay(1500);
    await renderApp(bridge);
    const drop = screen.getByTestId('dropzone');
    await act(async () => {
      fireEvent.drop(drop, {
        dataTransfer: {
          files: [
            pngFile('a.png'),
            pngFile('b.png', 1),
            new File(['x'], 'notes.txt', { type: 'text/plain' }),
          ],
        },
      });
    });
    // Every file goes to the service, which judges by the bytes; the text file gets a row with why.
    await eventually(() => expect(bridge.callsOf('uploadBytes')).toHaveLength(3));
    const sent = bridge.callsOf('uploadBytes');
    expect(sent[0]).toEqual(['a.png', Buffer.from(PNGS[0]!).toString('base64')]);
    expect(sent[1]![0]).toBe('b.png');
    const refusedRow = await screen.findByRole('listitem', { name: 'notes.txt: Not uploaded' });
    expect(refusedRow.textContent).toContain('"notes.txt" is not an image Shotlink can upload');

    // The host takes its time, so the upload is seen on its way; then it lands.
    const bar = await screen.findByRole('progressbar', { name: 'Uploading a.png' });
    expect(Number(bar.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
    const row = await screen.findByRole('listitem', { name: 'a.png: Uploaded' });
    expect(within(row).getByRole('button', { name: 'Copy Markdown link to a.png' })).toBeTruthy();
    await eventually(() => expect(bridge.test.img402.uploads).toHaveLength(2));
  });

  it('in Electron, sends the paths of dropped files instead of their bytes', async () => {
    const bridge = await startRealBridge();
    const pictures = join(bridge.test.home, 'Pictures');
    mkdirSync(pictures);
    writeFileSync(join(pictures, 'a.png'), PNGS[0]!);
    writeFileSync(join(pictures, 'b.png'), PNGS[1]!);
    window.shotlink = Object.assign(bridge, {
      pathForFile: (file: File) => join(pictures, file.name),
    });
    try {
      await renderApp(bridge);
      await act(async () => {
        fireEvent.drop(screen.getByTestId('dropzone'), {
          dataTransfer: { files: [pngFile('a.png'), pngFile('b.png')] },
        });
      });
      // One call per file, so a refused file gets its own row and the others still go.
      await eventually(() => expect(bridge.callsOf('uploadFiles')).toHaveLength(2));
      expect(bridge.callsOf('uploadFiles')).toEqual([
        [[join(pictures, 'a.png')]],
        [[join(pictures, 'b.png')]],
      ]);
      expect(bridge.callsOf('uploadBytes')).toEqual([]);
      expect(
        await screen.findByRole('listitem', { name: /^a\.png: (Queued|Uploading|Uploaded)$/ }),
      ).toBeTruthy();
    } finally {
      delete window.shotlink;
    }
  });

  it('uploads a pasted image under a name a person can find', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge);
    const paste = new Event('paste', { bubbles: true, cancelable: true });
    Object.assign(paste, { clipboardData: { files: [pngFile('image.png')] } });
    await act(async () => {
      document.body.dispatchEvent(paste);
    });
    await eventually(() => expect(bridge.callsOf('uploadBytes')).toHaveLength(1));
    const name = bridge.callsOf('uploadBytes')[0]![0] as string;
    expect(name).toMatch(/^pasted-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.png$/);
  });

  it('says once, before the first upload to a public host, that links are public', async () => {
    const bridge = await startRealBridge({ settings: { publicNoticeShown: false } });
    await renderApp(bridge);
    const drop = screen.getByTestId('dropzone');
    fireEvent.drop(drop, { dataTransfer: { files: [pngFile('a.png')] } });
    const notice = screen.getByRole('dialog', { name: 'Links are public' });
    await act(async () => fireEvent.click(within(notice).getByRole('button', { name: 'Cancel' })));
    expect(bridge.callsOf('uploadBytes')).toEqual([]);
    expect(bridge.settings().publicNoticeShown).toBe(false);

    fireEvent.drop(drop, { dataTransfer: { files: [pngFile('a.png')] } });
    await act(async () =>
      fireEvent.click(
        within(screen.getByRole('dialog', { name: 'Links are public' })).getByRole('button', {
          name: 'Upload',
        }),
      ),
    );
    await eventually(() => expect(bridge.callsOf('uploadBytes')).toHaveLength(1));
    expect(bridge.settings().publicNoticeShown).toBe(true);

    fireEvent.drop(drop, { dataTransfer: { files: [pngFile('b.png')] } });
    expect(screen.queryByRole('dialog')).toBeNull();
    await eventually(() => expect(bridge.callsOf('uploadBytes')).toHaveLength(2));
  });

  it('does not warn about public links for the private Shotlink server', async () => {
    const bridge = await startRealBridge({
      settings: { provider: 'server', tier: 'default', publicNoticeShown: false },
    });
    await renderApp(bridge);
    fireEvent.drop(screen.getByTestId('dropzone'), { dataTransfer: { files: [pngFile('a.png')] } });
    expect(screen.queryByRole('dialog')).toBeNull();
    await eventually(() => expect(bridge.callsOf('uploadBytes')).toHaveLength(1));
  });

  it('imports a ShareX uploader and offers it as a destination', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge);
    const sxcu = new File(
      [JSON.stringify({ Name: 'My host', RequestURL: 'https://example.test/up', URL: '{json:url}' })],
      'my.sxcu',
    );
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Import a ShareX custom uploader'), {
        target: { files: [sxcu] },
      });
    });
    // Named as the service names an imported uploader: a slug of its Name.
    const card = await screen.findByRole('radio', { name: /my-host/ });
    fireEvent.click(card);
    await act(async () => {});
    expect(bridge.settings().provider).toBe('my-host');
  });

  it('shows hosts added elsewhere as soon as the service says so', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge);
    await screen.findByRole('radiogroup', { name: 'Where uploads go' });
    expect(screen.queryByRole('radio', { name: /team-share/ })).toBeNull();
    await act(async () => void (await addUploader(bridge, 'Team share', 'https://share.example.test')));
    expect(await screen.findByRole('radio', { name: /team-share/ })).toBeTruthy();
  });
});
