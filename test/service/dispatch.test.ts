// The dispatch table end to end: real service, real pipeline, fake hosts on loopback, in-memory ports.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEntry, JobInfo } from '../../src-shared/history.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { distinctPng } from '../support/test-images.ts';
import { allSettled, until } from './helpers.ts';

let t: TestService | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const call = async <T>(method: string, ...args: unknown[]): Promise<T> => {
  const response = await t!.service.dispatch.call(method, args);
  if (!response.ok) throw new Error(`${method} failed: ${response.error.message}`);
  return response.value as T;
};

describe('dispatch', () => {
  it('uploads files through the queue, records history and delivers the link and a notification', async () => {
    t = await startTestService({ bridge: false });
    const file = join(t.home, 'shot.png');
    await writeFile(file, await distinctPng(1));
    const [job] = await call<JobInfo[]>('uploadFiles', [file]);
    expect(job).toMatchObject({ fileName: 'shot.png', source: 'file', provider: 'img402', tier: 'free' });

    const [done] = await allSettled(t.service, 1);
    expect(done).toMatchObject({ state: 'done', attempts: 1 });
    expect(t.img402.uploads).toHaveLength(1);
    const [entry] = await call<HistoryEntry[]>('listHistory', {});
    expect(entry!.id).toBe(done!.historyId);
    expect(t.clipboard.text).toBe(`![shot.png](${t.img402.uploads[0]!.url})`);
    expect(t.notifier.notifications.at(-1)).toMatchObject({ level: 'info', url: t.img402.uploads[0]!.url });

    // copyLink in another format goes to the clipboard too
    expect(await call('copyLink', entry!.id, 'bbcode')).toBe(`[img]${entry!.url}[/img]`);
    expect(t.clipboard.text).toBe(`[img]${entry!.url}[/img]`);
    expect(await call<string>('thumbnail', entry!.id)).toMatch(/^data:image\/\w+;base64,/);
    await call('forget', entry!.id);
    expect(await call('listHistory', {})).toEqual([]);
  });

  it('says when the link could not be put on the clipboard, and copyLink passes the reason on', async () => {
    t = await startTestService({ bridge: false });
    const notices: string[] = [];
    t.service.events.on('notice', (notice) => notices.push(notice.message));
    t.clipboard.writeText = async () => {
      throw new Error('the clipboard is held by another application');
    };
    const file = join(t.home, 'busy.png');
    await writeFile(file, await distinctPng(5));
    await call('uploadFiles', [file]);
    const [done] = await allSettled(t.service, 1);
    expect(done).toMatchObject({ state: 'done', attempts: 1 });
    await until(t.service, () => notices.length > 0, 'the clipboard notice');
    expect(notices).toEqual([
      'Could not put the link on the clipboard: Error: the clipboard is held by another application',
    ]);
    expect(t.clipboard.text).toBeNull();

    const response = await t.service.dispatch.call('copyLink', [done!.historyId]);
    expect(response).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/held by another application/) },
    });
  });

  it('validates arguments whatever the transport, with a message naming the problem', async () => {
    t = await startTestService({ bridge: false });
    const bad = await t.service.dispatch.call('uploadFiles', [[]]);
    expect(bad).toMatchObject({ ok: false, error: { kind: 'usage' } });
    expect(!bad.ok && bad.error.message).toMatch(/Invalid arguments for uploadFiles/);
    expect(await t.service.dispatch.call('retryJob', [42])).toMatchObject({
      ok: false,
      error: { kind: 'usage' },
    });
    expect(await t.service.dispatch.call('noSuchMethod', [])).toMatchObject({
      ok: false,
      error: { kind: 'usage', message: 'Unknown API method "noSuchMethod".' },
    });
    expect(await t.service.dispatch.call('setSettings', [{ linkFormat: 'gif' }])).toMatchObject({
      ok: false,
      error: { kind: 'usage' },
    });
    // Prototype keys are not methods.
    expect(await t.service.dispatch.call('toString', [])).toMatchObject({ ok: false });
  });

  it('refuses a missing file and a non-image before queueing anything, and stores neither', async () => {
    t = await startTestService({ bridge: false });
    const good = join(t.home, 'good.png');
    await writeFile(good, await distinctPng(2));
    const missing = await t.service.dispatch.call('uploadFiles', [[good, join(t.home, 'nope.png')]]);
    expect(missing).toMatchObject({ ok: false, error: { kind: 'input' } });
    expect(!missing.ok && missing.error.message).toMatch(/nope\.png: no such file/);
    expect(await call('listJobs')).toEqual([]);

    // Only images enter the queue: a text file is refused at once, by its bytes, with its name.
    const text = join(t.home, 'notes.png');
    await writeFile(text, 'just some text, not an image at all');
    const refused = await t.service.dispatch.call('uploadFiles', [[text]]);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'input', code: 'not_an_image' } });
    expect(!refused.ok && refused.error.message).toContain('"notes.png" is not an image');
    expect(await call('listJobs')).toEqual([]);
    expect(await readdir(join(t.home, 'queue'))).toEqual([]);
    expect(t.img402.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('refuses /proc/self/environ through the bridge, storing nothing (it would hold the wallet key)', async () => {
    t = await startTestService({ env: { SHOTLINK_WALLET_KEY: `0x${'ab'.repeat(32)}` } });
    const refused = await t.call('uploadFiles', ['/proc/self/environ']);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'input' } });
    expect(refused.error!.message).toContain('is not an image Shotlink can upload');
    expect(refused.error!.message).not.toContain('ab'.repeat(32));
    expect(await readdir(join(t.home, 'queue'))).toEqual([]);
    expect(await call('listJobs')).toEqual([]);
  });

  it('says an empty drop is empty in the words the CLI uses, and marks a link that reached the clipboard', async () => {
    t = await startTestService({ bridge: false });
    const empty = await t.service.dispatch.call('uploadBytes', ['blank.png', '']);
    expect(empty).toMatchObject({ ok: false, error: { kind: 'input', code: 'empty' } });
    expect(!empty.ok && empty.error.message).toBe(
      '"blank.png" is empty (0 bytes). Take the screenshot again or choose another file.',
    );
    const svg = await t.service.dispatch.call('uploadBytes', [
      'logo.svg',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64'),
    ]);
    expect(!svg.ok && svg.error.message).toMatch(/^"logo\.svg" is not an image Shotlink can upload/);

    await call('uploadBytes', 'ok.png', (await distinctPng(9)).toString('base64'));
    const [done] = await allSettled(t.service, 1);
    const copied = await until(t.service, () => t!.service.queue.get(done!.id)?.linkCopied, 'linkCopied');
    expect(copied).toBe(true);
  });

  it('uploads dropped bytes and the clipboard image; no image on the clipboard is a null, not an error', async () => {
    t = await startTestService({ bridge: false });
    const png = await distinctPng(3);
    expect(await call('uploadClipboard')).toBeNull();
    await call('uploadBytes', 'dropped.png', png.toString('base64'));
    t.clipboard.copyImage(await distinctPng(4));
    const fromClipboard = await call<JobInfo>('uploadClipboard');
    expect(fromClipboard.source).toBe('clipboard');
    const jobs = await allSettled(t.service, 2);
    expect(jobs.map((job) => job.state)).toEqual(['done', 'done']);
    expect(t.img402.uploads).toHaveLength(2);
  });

  it('asks before paying through a payment-request event and waits for answerPayment', async () => {
    t = await startTestService({ bridge: false });
    const raised: string[] = [];
    t.service.events.on('payment-request', (request) => raised.push(request.requestId));
    const question = {
      fileName: 'a.png',
      provider: 'img402',
      tier: '1y',
      amountAtomic: '10000',
      network: 'base',
      payTo: '0x0000000000000000000000000000000000000001',
    };
    const yes = t.service.confirmPayment(question);
    expect(raised).toHaveLength(1);
    expect(await call('listPaymentRequests')).toMatchObject([
      { requestId: raised[0], amountAtomic: '10000' },
    ]);
    await call('answerPayment', raised[0], true);
    expect(await yes).toBe(true);
    expect(await call('listPaymentRequests')).toEqual([]);
    // Answering twice is an error a person can read; a second question can be declined.
    expect(await t.service.dispatch.call('answerPayment', [raised[0], true])).toMatchObject({ ok: false });
    const no = t.service.confirmPayment(question);
    await call('answerPayment', raised[1], false);
    expect(await no).toBe(false);
  });

  it('switches watching off and on with setWatchPaused and reports it', async () => {
    t = await startTestService({ bridge: false });
    const states: boolean[] = [];
    t.service.events.on('watcher', (status) => states.push(status.paused));
    expect(await call('setWatchPaused', true)).toMatchObject({ paused: true });
    expect((await call<{ watch: { paused: boolean } }>('getSettings')).watch.paused).toBe(true);
    expect(await call('setWatchPaused', false)).toMatchObject({ paused: false });
    expect(states).toEqual([true, false]);
  });

  it('switches the embedded server on and off, with its LAN address and a QR code, and uploads to it', async () => {
    t = await startTestService({ bridge: false, settings: { server: { host: '127.0.0.1', port: 0 } } });
    expect(await call('serverStatus')).toMatchObject({ running: false, url: null });
    const on = await call<{ running: boolean; lanUrl: string; qrSvg: string }>('setServerEnabled', true);
    expect(on).toMatchObject({ running: true, lanUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(on.qrSvg).toContain('<svg');
    expect((await call<{ server: { enabled: boolean } }>('getSettings')).server.enabled).toBe(true);

    // The host alone, as `shotlink config set provider server` leaves it: the tier setting (free) is not
    // one of the server's, so the window's upload takes the server's first tier, as `shotlink upload` does.
    await call('setSettings', { provider: 'server' });
    const file = join(t.home, 'lan.png');
    await writeFile(file, await distinctPng(5));
    await call('uploadFiles', [file]);
    const [done] = await allSettled(t.service, 1);
    expect(done).toMatchObject({ state: 'done', provider: 'server', tier: 'default' });
    const [entry] = await call<HistoryEntry[]>('listHistory', {});
    expect(entry!.url.startsWith(on.lanUrl)).toBe(true);
    expect((await fetch(entry!.url)).status).toBe(200);
    // The server lets its uploads be deleted: gone from the host and from history.
    await call('deleteFromHost', entry!.id);
    expect((await fetch(entry!.url)).status).toBeGreaterThanOrEqual(404);
    expect(await call('listHistory', {})).toEqual([]);

    expect(await call('setServerEnabled', false)).toMatchObject({ running: false });
  });

  it('imports a ShareX uploader from its text, lists it as a provider, uploads with it and removes it', async () => {
    t = await startTestService({ bridge: false });
    const changes: string[][] = [];
    t.service.events.on('providers', (providers) => changes.push(providers.map((p) => p.id)));
    const sxcu = JSON.stringify({
      Version: '15.0.0',
      Name: 'My Host',
      DestinationType: 'ImageUploader',
      RequestMethod: 'POST',
      RequestURL: `${t.img402.url}/api/free`,
      Body: 'MultipartFormData',
      FileFormName: 'image',
      URL: '{json:url}',
    });
    expect(await call('addUploader', sxcu)).toEqual({
      name: 'my-host',
      requestUrl: `${t.img402.url}/api/free`,
      method: 'POST',
    });
    expect(await call('listUploaders')).toHaveLength(1);
    expect(changes.at(-1)).toContain('my-host');
    const bad = await t.service.dispatch.call('addUploader', ['{"RequestURL": 5}']);
    expect(bad).toMatchObject({ ok: false });

    await call('setSettings', { provider: 'my-host', tier: 'default' });
    await call('uploadBytes', 'custom.png', (await distinctPng(6)).toString('base64'));
    const [done] = await allSettled(t.service, 1);
    expect(done).toMatchObject({ state: 'done', provider: 'my-host' });
    expect(t.img402.uploads).toHaveLength(1);

    await call('removeUploader', 'my-host');
    expect(await call('listUploaders')).toEqual([]);
    expect(changes.at(-1)).not.toContain('my-host');
  });
});
