// Small thumbnails of uploaded images, one file per history entry under the data folder's `thumbnails/`.
// History stores only the file name; these helpers are the one place that knows where the files live.
// A thumbnail may be pending: a `shotlink upload` that sent a PNG as it is does not load an image
// library just to draw it, so it keeps the bytes it sent as `<name>.pending` and whoever shows history
// draws the thumbnail from them later (core/thumbnails-later.ts).
import { readdir, readFile, stat } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { dataPaths } from './paths.ts';
import { writeFileAtomic, writeFileReplacing } from './atomic.ts';

const PENDING = '.pending';
/**
 * Images kept to draw thumbnails from, at most: a person who uploads only from the command line and
 * never opens the window would otherwise keep a copy of every image. Beyond it the oldest are dropped
 * (their entries show no thumbnail).
 */
export const MAX_PENDING_THUMBNAILS = 32;

/** The thumbnail's file name for a history entry (what history keeps). */
export const thumbnailName = (id: string, extension = 'webp') => `${safeName(id)}.${extension}`;

/** Writes a thumbnail for `id` and returns its file name (what history keeps). */
export async function saveThumbnail(
  home: string,
  id: string,
  bytes: Uint8Array,
  extension: string,
): Promise<string> {
  const name = thumbnailName(id, extension);
  await writeThumbnail(home, name, bytes);
  return name;
}

/** Writes the thumbnail history knows by `name`. */
export async function writeThumbnail(home: string, name: string, bytes: Uint8Array): Promise<void> {
  await writeFileAtomic(thumbnailPath(home, name), bytes);
}

/** The thumbnail's bytes, or null when it is missing. */
export async function readThumbnail(home: string, name: string): Promise<Uint8Array | null> {
  return readOrNull(thumbnailPath(home, name));
}

/**
 * Keeps the image `id`'s WebP thumbnail is to be drawn from, and returns that thumbnail's file name (what
 * history keeps). Not synced: a thumbnail is a nicety, and a cut file is dropped when it fails to decode.
 */
export async function savePendingThumbnail(home: string, id: string, image: Uint8Array): Promise<string> {
  const name = thumbnailName(id);
  await writeFileReplacing(thumbnailPath(home, name) + PENDING, image);
  await dropOldestPending(home);
  return name;
}

/** The image the thumbnail `name` is still to be drawn from, or null when none is waiting. */
export async function readPendingThumbnail(home: string, name: string): Promise<Uint8Array | null> {
  return readOrNull(thumbnailPath(home, name) + PENDING);
}

/** The names of the thumbnails still to be drawn, with when their images were kept (ms since the epoch). */
export async function listPendingThumbnails(home: string): Promise<{ name: string; keptAt: number }[]> {
  const folder = dataPaths(home).thumbnails;
  let files: string[];
  try {
    files = await readdir(folder);
  } catch {
    return [];
  }
  const pending = files.filter((file) => file.endsWith(PENDING));
  const kept = await Promise.all(
    pending.map(async (file) => {
      try {
        return { name: file.slice(0, -PENDING.length), keptAt: (await stat(join(folder, file))).mtimeMs };
      } catch {
        return null; // drawn meanwhile
      }
    }),
  );
  return kept.filter((entry) => entry !== null);
}

export function removePendingThumbnail(home: string, name: string): void {
  rmSync(thumbnailPath(home, name) + PENDING, { force: true });
}

/** The thumbnail and, when it was never drawn, the image kept to draw it. */
export function removeThumbnail(home: string, name: string): void {
  rmSync(thumbnailPath(home, name), { force: true });
  removePendingThumbnail(home, name);
}

async function dropOldestPending(home: string): Promise<void> {
  const pending = await listPendingThumbnails(home);
  if (pending.length <= MAX_PENDING_THUMBNAILS) return;
  pending.sort((a, b) => b.keptAt - a.keptAt);
  for (const { name } of pending.slice(MAX_PENDING_THUMBNAILS)) removePendingThumbnail(home, name);
}

async function readOrNull(path: string): Promise<Uint8Array | null> {
  try {
    return await readFile(path);
  } catch {
    return null;
  }
}

/** The names come from our own history file, but a hand-edited file must not reach outside the folder. */
function thumbnailPath(home: string, name: string): string {
  return join(dataPaths(home).thumbnails, basename(name));
}

const safeName = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_');
