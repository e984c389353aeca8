// Small thumbnails of uploaded images, one file per history entry under the data folder's `thumbnails/`.
// History stores only the file name; these helpers are the one place that knows where the files live.
import { readFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { dataPaths } from './paths.ts';
import { writeFileAtomic } from './atomic.ts';

/** Writes a thumbnail for `id` and returns its file name (what history keeps). */
export async function saveThumbnail(
  home: string,
  id: string,
  bytes: Uint8Array,
  extension: string,
): Promise<string> {
  const name = `${safeName(id)}.${extension}`;
  await writeFileAtomic(join(dataPaths(home).thumbnails, name), bytes);
  return name;
}

/** The thumbnail's bytes, or null when it is missing. */
export async function readThumbnail(home: string, name: string): Promise<Uint8Array | null> {
  try {
    return await readFile(thumbnailPath(home, name));
  } catch {
    return null;
  }
}

export function removeThumbnail(home: string, name: string): void {
  rmSync(thumbnailPath(home, name), { force: true });
}

/** The names come from our own history file, but a hand-edited file must not reach outside the folder. */
function thumbnailPath(home: string, name: string): string {
  return join(dataPaths(home).thumbnails, basename(name));
}

const safeName = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_');
