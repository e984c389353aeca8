// The history store and thumbnails against real files in a temporary data folder.
import { historyEntry } from '../support/history-entries.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEntry } from '../../src-shared/history.ts';
import { createHistoryStore } from '../../src-main/core/store/history-store.ts';
import { readThumbnail, saveThumbnail } from '../../src-main/core/store/thumbnails.ts';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'shotlink-history-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** An entry uploaded on 20 November, kept for seven days. */
const entry = (id: string, overrides: Partial<HistoryEntry> = {}): HistoryEntry =>
  historyEntry(id, {
    uploadedAt: '2026-11-20T10:00:00.000Z',
    expiresAt: '2026-11-27T10:00:00.000Z',
    contentHash: 'ab'.repeat(32),
    ...overrides,
  });

describe('history store', () => {
  it('keeps entries newest first across reopening, with search and limit', () => {
    const store = createHistoryStore(home);
    store.add(entry('first'));
    store.add(entry('second', { provider: 'imgpro', tier: 'anonymous', url: 'https://cdn.img.pro/x.png' }));
    store.add(entry('third', { fileName: 'Holiday Photo.jpg' }));

    const reopened = createHistoryStore(home);
    expect(reopened.list().map((e) => e.id)).toEqual(['third', 'second', 'first']);
    expect(reopened.list({ limit: 2 }).map((e) => e.id)).toEqual(['third', 'second']);
    expect(reopened.list({ search: 'holiday' }).map((e) => e.id)).toEqual(['third']);
    expect(reopened.list({ search: 'IMGPRO' }).map((e) => e.id)).toEqual(['second']);
    expect(reopened.list({ search: 'cdn.img.pro' }).map((e) => e.id)).toEqual(['second']);
    expect(reopened.list({ search: 'nothing like it' })).toEqual([]);
    expect(reopened.get('second')?.provider).toBe('imgpro');
    expect(reopened.get('missing')).toBeUndefined();
  });

  it('replaces an entry added again under the same id instead of duplicating it', () => {
    const store = createHistoryStore(home);
    store.add(entry('a'));
    store.add(entry('a', { url: 'https://i.img402.dev/other.webp' }));
    expect(store.list()).toHaveLength(1);
    expect(store.get('a')?.url).toBe('https://i.img402.dev/other.webp');
  });

  it('refuses to record an entry that does not match the schema', () => {
    const store = createHistoryStore(home);
    expect(() => store.add({ ...entry('bad'), uploadedAt: 'yesterday' })).toThrow();
    expect(store.list()).toEqual([]);
  });

  it('removes an entry together with its thumbnail', async () => {
    const store = createHistoryStore(home);
    const name = await saveThumbnail(home, 'with-thumb', new Uint8Array([1, 2, 3]), 'webp');
    expect(name).toBe('with-thumb.webp');
    expect([...(await readThumbnail(home, name))!]).toEqual([1, 2, 3]);
    store.add(entry('with-thumb', { thumbnail: name }));
    store.add(entry('other'));

    expect(store.remove('with-thumb')?.id).toBe('with-thumb');
    expect(existsSync(join(home, 'thumbnails', name))).toBe(false);
    expect(await readThumbnail(home, name)).toBeNull();
    expect(store.list().map((e) => e.id)).toEqual(['other']);
    expect(store.remove('with-thumb')).toBeUndefined();
  });

  it('keeps thumbnail names inside the thumbnails folder', async () => {
    await writeFile(join(home, 'secret.txt'), 'do not read');
    expect(await readThumbnail(home, '../secret.txt')).toBeNull();
  });

  it('sets a damaged history file aside, reports it and starts a new one', async () => {
    const file = join(home, 'history.json');
    const damaged = '{"entries": [ {"id": "half an entry"';
    await writeFile(file, damaged);

    const store = createHistoryStore(home);
    expect(store.list()).toEqual([]);
    expect(store.problems).toHaveLength(1);
    expect(store.problems[0]!.message).toMatch(/history file .* was damaged \(not valid JSON/);
    expect(store.problems[0]!.message).toMatch(/a new, empty history was started/);
    expect(await readFile(store.problems[0]!.movedTo, 'utf8')).toBe(damaged);

    store.add(entry('fresh'));
    expect(
      createHistoryStore(home)
        .list()
        .map((e) => e.id),
    ).toEqual(['fresh']);
    expect((await readdir(home)).sort()).toEqual(
      ['history.json', store.problems[0]!.movedTo.split('/').pop()!].sort(),
    );
  });

  it('sets one damaged entry aside without costing the others, keeping it in the file', async () => {
    const file = join(home, 'history.json');
    await writeFile(file, JSON.stringify({ entries: [entry('ok'), { ...entry('x'), bytes: 'many' }] }));
    const store = createHistoryStore(home);
    expect(store.list().map((e) => e.id)).toEqual(['ok']);
    expect(store.problems).toHaveLength(1);
    expect(store.problems[0]!.message).toMatch(
      /History entry "x" .* could not be read \(bytes: .*kept in the file/,
    );
    store.add(entry('fresh'));
    const kept = JSON.parse(await readFile(file, 'utf8')) as { entries: { id: string }[] };
    expect(kept.entries.map((e) => e.id)).toEqual(['fresh', 'ok', 'x']);
  });
});
