// Damage is set aside, never fatal: a malformed queue file does not stop the service from starting,
// history keeps fields it does not know, and a host answer with an impossible expiry still gives the
// link (recorded with a note) instead of losing it.
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src-shared/history.ts';
import { historyEntry } from '../support/history-entries.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { distinctPng } from '../support/test-images.ts';
import { allSettled } from './helpers.ts';

let t: TestService | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('damage set aside', () => {
  it('starts with a queue file that lacks createdAt, reporting it and keeping it aside', async () => {
    t = await startTestService({ bridge: false });
    await t.service.close();
    const queue = join(t.home, 'queue');
    await mkdir(queue, { recursive: true });
    const broken = {
      id: 'jabc-0123ab',
      fileName: 'x.png',
      source: 'file',
      provider: 'img402',
      tier: 'free',
      state: 'queued',
      attempts: 0,
    };
    await writeFile(join(queue, 'jabc-0123ab.json'), JSON.stringify(broken));
    t.service = (await import('../../src-main/core/service.ts')).createAppService({
      home: t.home,
      env: { SHOTLINK_HOME: t.home },
      secrets: (await import('../../src-main/core/secrets/memory-store.ts')).createMemoryStore(),
      clipboard: t.clipboard,
      notifier: t.notifier,
      screenshotFolder: null,
    });
    const problems = await t.service.start();
    expect(problems.join('\n')).toMatch(
      /The queued job jabc-0123ab\.json could not be read \(not a job record: createdAt/,
    );
    expect(await readdir(queue)).toContain('jabc-0123ab.json.corrupt');
    expect(t.service.queue.list()).toEqual([]);
  });

  it('keeps history fields it does not know through a rewrite', async () => {
    t = await startTestService({ bridge: false });
    const file = join(t.home, 'history.json');
    // `sharedWith` was written by a newer Shotlink.
    const old = { ...historyEntry('old-1'), sharedWith: ['#team'] };
    await writeFile(file, JSON.stringify({ entries: [old] }));
    await t.call('uploadBytes', 'new.png', (await distinctPng(40)).toString('base64'));
    await allSettled(t.service, 1);
    const written = JSON.parse(await readFile(file, 'utf8')) as { entries: Record<string, unknown>[] };
    expect(written.entries).toHaveLength(2);
    expect(written.entries.find((entry) => entry.id === 'old-1')).toMatchObject({ sharedWith: ['#team'] });
  });

  it('records the link when img.pro answers with an expiry of 1e20, with a note instead of the date', async () => {
    t = await startTestService({ bridge: false, settings: { provider: 'imgpro', tier: 'anonymous' } });
    t.imgpro.failNext({
      status: 200,
      body: { id: 'abc', url: `${t.imgpro.url}/v/abc`, src: `${t.imgpro.url}/i/abc.webp`, expires_at: 1e20 },
    });
    await t.call('uploadBytes', 'far.png', (await distinctPng(41)).toString('base64'));
    const [done] = await allSettled(t.service, 1);
    expect(done).toMatchObject({ state: 'done' });
    const [entry] = (await t.call('listHistory', {})).value as HistoryEntry[];
    expect(entry).toMatchObject({ url: `${t.imgpro.url}/i/abc.webp`, hostId: 'abc' });
    expect(Date.parse(entry!.expiresAt!) - Date.now()).toBeGreaterThan(29 * 86_400_000); // the tier's 30 days
    expect(entry!.hostNote).toMatch(/expiry Shotlink cannot read \("100000000000000000000"\)/);
  });
});

describe('a damaged history entry', () => {
  it('costs only itself: the others are listed, it is reported and kept in the file as it is', async () => {
    t = await startTestService({ bridge: false });
    const file = join(t.home, 'history.json');
    const good = historyEntry('good-1');
    const broken = { id: 'broken-1', fileName: 'broken.png', url: 42 };
    await writeFile(file, JSON.stringify({ entries: [good, broken] }));
    const listed = (await t.call('listHistory', {})).value as HistoryEntry[];
    expect(listed.map((entry) => entry.id)).toEqual(['good-1']);
    expect(t.service.core.problems().join('\n')).toMatch(
      /History entry "broken-1" in .*history\.json could not be read \(provider: .*kept in the file as it is/,
    );
    // A rewrite carries it along: nothing is lost for a person (or a newer Shotlink) to look at.
    await t.call('forget', 'good-1');
    const written = JSON.parse(await readFile(file, 'utf8')) as { entries: unknown[] };
    expect(written.entries).toEqual([broken]);
  });
});
