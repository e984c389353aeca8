// The window's side of issue #27, over the real loopback bridge of the real service: a pasted image
// link (img.pro imports it; img402 gets it downloaded and queued; a hostile link is refused), History's
// "Upload to…" on the same path, the copy buttons' size and format variants, the host's offer told
// once as a notice, and Settings → img.pro "Get a key" into the service's secret store.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { HistoryEntry, JobInfo } from '../../src-shared/history.ts';
import { screenshotPng } from '../cli/fixtures.ts';
import { startHostileRemote, type HostileRemote } from '../support/hostile-remote.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { allSettled } from './helpers.ts';

let remote: HostileRemote;
let t: TestService | undefined;
beforeAll(async () => {
  remote = await startHostileRemote({ 'shot.png': await screenshotPng(1200, 900) });
});
afterAll(() => remote.close());
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function value<T>(method: string, ...args: unknown[]): Promise<T> {
  const response = await t!.call(method, ...args);
  if (!response.ok) throw new Error(`${method}: ${response.error?.message}`);
  return response.value as T;
}

describe('re-hosting a link from the window', { timeout: 60_000 }, () => {
  it('img.pro imports a pasted link; the link is copied; the offer is a notice once', async () => {
    t = await startTestService({
      settings: { provider: 'imgpro', tier: 'anonymous', publicNoticeShown: true },
    });
    const notices: string[] = [];
    t.service.events.on('notice', (notice) => notices.push(notice.message));
    const link = `${remote.url}/redirect/shot.png`;
    const first = await value<{ job: JobInfo | null; entry: HistoryEntry | null }>('uploadUrl', link);
    expect(first.job).toBeNull();
    expect(first.entry).toMatchObject({ provider: 'imgpro', sourceUrl: link, width: 1200, height: 900 });
    expect(t.imgpro.uploads[0]!.importedFrom).toBe(link);
    expect(t.clipboard.text).toBe(`![shot.png](${t.imgpro.uploads[0]!.src})`);
    await value('uploadUrl', `${remote.url}/img/shot.png`);
    expect(notices.filter((text) => text.startsWith('img.pro: Get a free API key'))).toHaveLength(1);

    // The copy buttons' variants: the CDN serves the size and format the link names.
    const variant = await value<string>('copyLink', first.entry!.id, 'url', { size: 's', convert: 'png' });
    expect(variant).toBe(`${t.imgpro.uploads[0]!.src.replace(/\.\w+$/, '.png')}?size=s`);
    const served = await sharp(Buffer.from(await (await fetch(variant)).arrayBuffer())).metadata();
    expect([served.format, served.width, served.height]).toEqual(['png', 427, 320]);
  });

  it('other hosts get it downloaded and queued; "Upload to…" another host takes the same path', async () => {
    t = await startTestService({ settings: { provider: 'img402', tier: 'free', publicNoticeShown: true } });
    const pasted = await value<{ job: JobInfo | null }>('uploadUrl', `${remote.url}/chain/2/shot.png`);
    expect(pasted.job).toMatchObject({ fileName: 'shot.png', provider: 'img402' });
    await allSettled(t.service, 1);
    expect(t.img402.uploads).toHaveLength(1);

    // From History: the img402 upload again, to img.pro this time (which imports its link).
    const [entry] = await value<HistoryEntry[]>('listHistory');
    const again = await value<{ entry: HistoryEntry | null }>('uploadUrl', entry!.url, {
      provider: 'imgpro',
      tier: 'anonymous',
    });
    expect(again.entry).toMatchObject({ provider: 'imgpro', sourceUrl: entry!.url });
    expect(t.imgpro.uploads[0]!.importedFrom).toBe(entry!.url);
  });

  it('refuses hostile links with the reason, queueing nothing', async () => {
    t = await startTestService({ settings: { provider: 'img402', tier: 'free', publicNoticeShown: true } });
    for (const [path, message] of [
      ['/to-metadata', /link-local address/],
      ['/page.png', /is not an image Shotlink can upload/],
      ['/loop/a', /in a loop/],
    ] as const) {
      const response = await t.call('uploadUrl', `${remote.url}${path}`);
      expect(response.ok).toBe(false);
      expect(response.error?.message).toMatch(message);
    }
    expect((await t.call('uploadUrl', 'javascript:alert(1)')).error?.message).toMatch(/cannot be fetched/);
    expect(t.service.queue.list()).toHaveLength(0);
  });
});

describe('Settings → img.pro: Get a key', { timeout: 60_000 }, () => {
  it('stores the new key in the secret store and answers without it', async () => {
    t = await startTestService();
    const result = await t.call('createImgproKey', 'dev@example.org');
    expect(result.ok).toBe(true);
    const key = t.imgpro.createdKeys[0]!.key;
    expect(await t.service.core.secrets.get('imgpro-api-key')).toBe(key);
    expect(JSON.stringify(result)).not.toContain(key);
    expect(result.value).toMatchObject({
      verified: false,
      limits: { uploads: 100, storageMb: 5120, retentionDays: 30 },
      status: { set: true, source: 'keychain' },
    });
    expect((await t.call('createImgproKey', 'nope')).error?.message).toMatch(/not an email address/);
  });
});
