// Thumbnails left to be drawn later (core/thumbnails-later.ts): the bytes kept by a run that did not
// draw one are drawn once, by whoever asks first, then removed; a damaged one gives no thumbnail and is
// removed; the service's sweep draws those history names and drops leftovers of crashed runs; no more
// than MAX_PENDING_THUMBNAILS images are ever kept.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src-shared/history.ts';
import { MAX_PENDING_THUMBNAILS, savePendingThumbnail } from '../../src-main/core/store/thumbnails.ts';
import { drawPendingThumbnails, thumbnailBytes } from '../../src-main/core/thumbnails-later.ts';
import { screenshotPng } from '../cli/fixtures.ts';

let home: string;
const folder = () => join(home, 'thumbnails');
const historyNaming = (...names: string[]) => ({
  list: () => names.map((thumbnail) => ({ thumbnail }) as HistoryEntry),
});

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'shotlink-thumbs-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

describe('thumbnails drawn later', () => {
  it('draws a kept image once, whoever asks, and removes what was kept', async () => {
    const name = await savePendingThumbnail(home, 'entry-1', await screenshotPng(800, 500));
    expect(name).toBe('entry-1.webp');
    // Asked twice at once (the window and the start's sweep): one drawing, the same bytes.
    const [first, second] = await Promise.all([thumbnailBytes(home, name), thumbnailBytes(home, name)]);
    expect(first).not.toBeNull();
    expect(Buffer.from(second!).equals(Buffer.from(first!))).toBe(true);
    expect(await sharp(first!).metadata()).toMatchObject({ format: 'webp', width: 320, height: 200 });
    expect(await readdir(folder())).toEqual(['entry-1.webp']);
    // Later asks read the drawn file.
    expect(Buffer.from((await thumbnailBytes(home, name))!).equals(Buffer.from(first!))).toBe(true);
  });

  it('gives no thumbnail for a kept image cut short by a crash, and removes it', async () => {
    const png = await screenshotPng(400, 300);
    const name = await savePendingThumbnail(home, 'cut', png.subarray(0, 200));
    expect(await thumbnailBytes(home, name)).toBeNull();
    expect(await readdir(folder())).toEqual([]);
    expect(await thumbnailBytes(home, 'never-kept.webp')).toBeNull();
  });

  it("sweeps: draws the ones history names, keeps a run's that is about to record, drops old leftovers", async () => {
    const png = await screenshotPng(300, 200);
    const named = await savePendingThumbnail(home, 'named', png);
    const recent = await savePendingThumbnail(home, 'recording-now', png);
    const leftover = await savePendingThumbnail(home, 'crashed-run', png);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(join(folder(), `${leftover}.pending`), anHourAgo, anHourAgo);

    expect(await drawPendingThumbnails(home, historyNaming(named), () => false)).toBe(1);
    expect((await readdir(folder())).sort()).toEqual(['named.webp', `${recent}.pending`]);
  });

  it('stops sweeping when asked (the service is closing)', async () => {
    const png = await screenshotPng(300, 200);
    const names = [await savePendingThumbnail(home, 'a', png), await savePendingThumbnail(home, 'b', png)];
    expect(await drawPendingThumbnails(home, historyNaming(...names), () => true)).toBe(0);
    expect(names.every((name) => existsSync(join(folder(), `${name}.pending`)))).toBe(true);
  });

  it(`keeps at most ${MAX_PENDING_THUMBNAILS} images, dropping the oldest`, async () => {
    const png = await screenshotPng(120, 80);
    for (let i = 0; i <= MAX_PENDING_THUMBNAILS; i++) {
      const name = await savePendingThumbnail(home, `upload-${i}`, png);
      // Kept one after another, a second apart.
      const keptAt = new Date(Date.now() - (MAX_PENDING_THUMBNAILS - i) * 1000);
      await utimes(join(folder(), `${name}.pending`), keptAt, keptAt);
    }
    await savePendingThumbnail(home, 'newest', png);
    const kept = await readdir(folder());
    expect(kept).toHaveLength(MAX_PENDING_THUMBNAILS);
    expect(kept).toContain('newest.webp.pending');
    expect(kept).not.toContain('upload-0.webp.pending');
    expect(kept).not.toContain('upload-1.webp.pending');
  });
});
