// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/settings.ts';
import { createFakeBridge } from './fake-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(cleanup);

const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const pngFile = (name: string) => new File([PNG_BYTES], name, { type: 'image/png' });

describe('Upload', () => {
  it('shows every tier side by side with price, size limit and retention, the current one marked', async () => {
    await renderApp(createFakeBridge());
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
    const bridge = createFakeBridge({
      uploaders: [{ name: 'team', requestUrl: 'https://up.example.com', method: 'POST' }],
    });
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
    const bridge = createFakeBridge();
    await renderApp(bridge);
    const yearly = await screen.findByRole('radio', { name: /img402\.dev 1 year/ });
    expect(yearly.closest('.tier-card')!.textContent).toContain('Needs a wallet');
    fireEvent.click(yearly);
    await act(async () => {});
    expect(bridge.state.settings.tier).toBe('1y');
    expect((yearly as HTMLInputElement).checked).toBe(true);
    expect(yearly.closest('.tier-card')!.textContent).toContain('Current');
    expect(screen.getByLabelText('Current destination').textContent).toBe(
      'img402.dev · 1 year · 0.01 USDC each',
    );
  });

  it('uploads dropped images as bytes and shows each file’s progress from job events', async () => {
    const bridge = createFakeBridge({ settings: { ...DEFAULT_SETTINGS, publicNoticeShown: true } });
    await renderApp(bridge);
    const drop = screen.getByTestId('dropzone');
    await act(async () => {
      fireEvent.drop(drop, {
        dataTransfer: {
          files: [pngFile('a.png'), pngFile('b.png'), new File(['x'], 'notes.txt', { type: 'text/plain' })],
        },
      });
    });
    // Every file goes to the service, which judges by the bytes; the text file gets a row with why.
    await vi.waitFor(() => expect(bridge.calls.filter((c) => c.method === 'uploadBytes')).toHaveLength(3));
    const sent = bridge.calls.filter((c) => c.method === 'uploadBytes').map((c) => c.args);
    expect(sent[0]).toEqual(['a.png', btoa(String.fromCharCode(...PNG_BYTES))]);
    expect(sent[1]![0]).toBe('b.png');
    const refusedRow = await screen.findByRole('listitem', { name: 'notes.txt: Not uploaded' });
    expect(refusedRow.textContent).toContain('"notes.txt" is not an image Shotlink can upload');

    const first = bridge.state.jobs.find((j) => j.fileName === 'a.png')!;
    act(() => bridge.emit('job', { ...first, state: 'running', progress: 0.4 }));
    const bar = await screen.findByRole('progressbar', { name: 'Uploading a.png' });
    expect(bar.getAttribute('aria-valuenow')).toBe('40');
    act(() => bridge.emit('job', { ...first, state: 'done', progress: 1, historyId: 'h-a' }));
    const row = screen.getByRole('listitem', { name: 'a.png: Uploaded' });
    expect(within(row).getByRole('button', { name: 'Copy Markdown link to a.png' })).toBeTruthy();
  });

  it('in Electron, sends the paths of dropped files instead of their bytes', async () => {
    const bridge = createFakeBridge({ settings: { ...DEFAULT_SETTINGS, publicNoticeShown: true } });
    window.shotlink = Object.assign(bridge, {
      pathForFile: (file: File) => `/home/me/Pictures/${file.name}`,
    });
    try {
      await renderApp(bridge);
      await act(async () => {
        fireEvent.drop(screen.getByTestId('dropzone'), {
          dataTransfer: { files: [pngFile('a.png'), pngFile('b.png')] },
        });
      });
      await vi.waitFor(() => expect(bridge.calls.some((c) => c.method === 'uploadFiles')).toBe(true));
      // One call per file, so a refused file gets its own row and the others still go.
      await vi.waitFor(() => expect(bridge.calls.filter((c) => c.method === 'uploadFiles')).toHaveLength(2));
      expect(bridge.calls.filter((c) => c.method === 'uploadFiles').map((c) => c.args)).toEqual([
        [['/home/me/Pictures/a.png']],
        [['/home/me/Pictures/b.png']],
      ]);
      expect(bridge.calls.some((c) => c.method === 'uploadBytes')).toBe(false);
      expect(await screen.findByRole('listitem', { name: 'a.png: Queued' })).toBeTruthy();
    } finally {
      delete window.shotlink;
    }
  });

  it('uploads a pasted image under a name a person can find', async () => {
    const bridge = createFakeBridge({ settings: { ...DEFAULT_SETTINGS, publicNoticeShown: true } });
    await renderApp(bridge);
    const paste = new Event('paste', { bubbles: true, cancelable: true });
    Object.assign(paste, { clipboardData: { files: [pngFile('image.png')] } });
    await act(async () => {
      document.body.dispatchEvent(paste);
    });
    await vi.waitFor(() => expect(bridge.calls.some((c) => c.method === 'uploadBytes')).toBe(true));
    const name = bridge.calls.find((c) => c.method === 'uploadBytes')!.args[0] as string;
    expect(name).toMatch(/^pasted-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.png$/);
  });

  it('says once, before the first upload to a public host, that links are public', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge);
    const drop = screen.getByTestId('dropzone');
    fireEvent.drop(drop, { dataTransfer: { files: [pngFile('a.png')] } });
    const notice = screen.getByRole('dialog', { name: 'Links are public' });
    await act(async () => fireEvent.click(within(notice).getByRole('button', { name: 'Cancel' })));
    expect(bridge.calls.some((c) => c.method === 'uploadBytes')).toBe(false);
    expect(bridge.state.settings.publicNoticeShown).toBe(false);

    fireEvent.drop(drop, { dataTransfer: { files: [pngFile('a.png')] } });
    await act(async () =>
      fireEvent.click(
        within(screen.getByRole('dialog', { name: 'Links are public' })).getByRole('button', {
          name: 'Upload',
        }),
      ),
    );
    await vi.waitFor(() => expect(bridge.calls.filter((c) => c.method === 'uploadBytes')).toHaveLength(1));
    expect(bridge.state.settings.publicNoticeShown).toBe(true);

    fireEvent.drop(drop, { dataTransfer: { files: [pngFile('b.png')] } });
    expect(screen.queryByRole('dialog')).toBeNull();
    await vi.waitFor(() => expect(bridge.calls.filter((c) => c.method === 'uploadBytes')).toHaveLength(2));
  });

  it('does not warn about public links for the private Shotlink server', async () => {
    const bridge = createFakeBridge({
      settings: { ...DEFAULT_SETTINGS, provider: 'server', tier: 'default' },
    });
    await renderApp(bridge);
    fireEvent.drop(screen.getByTestId('dropzone'), { dataTransfer: { files: [pngFile('a.png')] } });
    expect(screen.queryByRole('dialog')).toBeNull();
    await vi.waitFor(() => expect(bridge.calls.filter((c) => c.method === 'uploadBytes')).toHaveLength(1));
  });

  it('imports a ShareX uploader and offers it as a destination', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge);
    const sxcu = new File(
      [JSON.stringify({ Name: 'My host', RequestURL: 'https://example.test/up' })],
      'my.sxcu',
    );
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Import a ShareX custom uploader'), {
        target: { files: [sxcu] },
      });
    });
    const card = await screen.findByRole('radio', { name: /My host/ });
    fireEvent.click(card);
    await act(async () => {});
    expect(bridge.state.settings.provider).toBe('My host');
  });

  it('shows hosts added elsewhere as soon as the service says so', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge);
    await screen.findByRole('radiogroup', { name: 'Where uploads go' });
    expect(screen.queryByRole('radio', { name: /Team share/ })).toBeNull();
    bridge.state.uploaders.push({
      name: 'Team share',
      requestUrl: 'https://share.example.test',
      method: 'POST',
    });
    const providers = await bridge.api.listProviders();
    act(() => bridge.emit('providers', providers));
    expect(screen.getByRole('radio', { name: /Team share/ })).toBeTruthy();
  });
});
