// History's thumbnails left to be drawn later. A `shotlink upload` that sends a PNG as it is to a
// Shotlink server never decodes it (images/png-check.ts), so it does not load sharp and libvips just to
// draw a thumbnail nobody sees from a terminal: it keeps the bytes it sent (store/thumbnails.ts) and
// whoever shows history draws it: the window when it asks for one, the service at start for the rest.
import { join } from 'node:path';
import type { HistoryStore } from './context.ts';
import { makeThumbnail } from './images/thumbnail.ts';
import {
  listPendingThumbnails,
  readPendingThumbnail,
  readThumbnail,
  removePendingThumbnail,
  writeThumbnail,
} from './store/thumbnails.ts';

/**
 * An image kept with no history entry naming it this long is left over from a run that crashed between
 * keeping it and recording the upload (which is then recorded without a thumbnail): it is removed.
 */
const ORPHAN_AFTER_MS = 10 * 60_000;

/** Draws in progress in this process: the window and the start's sweep may ask for the same one. */
const drawing = new Map<string, Promise<Uint8Array | null>>();

/**
 * The thumbnail history knows by `name`: as drawn, or drawn now from the image kept for it (which is
 * then removed). Null when there is neither, or the kept image does not decode.
 */
export async function thumbnailBytes(home: string, name: string): Promise<Uint8Array | null> {
  return (await readThumbnail(home, name)) ?? drawPending(home, name);
}

function drawPending(home: string, name: string): Promise<Uint8Array | null> {
  const key = join(home, name);
  let draw = drawing.get(key);
  if (!draw) {
    draw = drawFromKept(home, name).finally(() => drawing.delete(key));
    drawing.set(key, draw);
  }
  return draw;
}

async function drawFromKept(home: string, name: string): Promise<Uint8Array | null> {
  const image = await readPendingThumbnail(home, name);
  // Drawn by another process since this one looked (or never kept).
  if (!image) return readThumbnail(home, name);
  let thumbnail: Buffer;
  try {
    thumbnail = await makeThumbnail(image);
  } catch {
    // Cut by a crash, or damaged: there will be no thumbnail.
    removePendingThumbnail(home, name);
    return null;
  }
  try {
    await writeThumbnail(home, name, thumbnail);
    removePendingThumbnail(home, name);
  } catch {
    // Kept for another try (the disk may be full); shown meanwhile all the same.
  }
  return thumbnail;
}

/**
 * Draws every thumbnail still waiting for history's entries, one at a time, until `stopped()`; images
 * kept for entries that were never recorded are removed once they are old enough not to be a run's
 * that is about to record them.
 */
export async function drawPendingThumbnails(
  home: string,
  history: Pick<HistoryStore, 'list'>,
  stopped: () => boolean,
): Promise<number> {
  const pending = await listPendingThumbnails(home);
  if (pending.length === 0) return 0;
  const named = new Set(history.list().map((entry) => entry.thumbnail));
  let drawn = 0;
  for (const { name, keptAt } of pending) {
    if (stopped()) break;
    if (named.has(name)) {
      if (await drawPending(home, name)) drawn++;
    } else if (Date.now() - keptAt > ORPHAN_AFTER_MS) {
      removePendingThumbnail(home, name);
    }
  }
  return drawn;
}
