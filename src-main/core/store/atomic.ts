// Atomic file writes: write a temp file beside the target, fsync it, rename over the target, fsync the
// folder. A crash at any point leaves either the old file or the new one, never half of either.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, rename, mkdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A temp file's name beside `path`, unique to this write. */
const tempBeside = (path: string) =>
  join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);

/** Writes `data` to a synced temp file beside `path` and returns the temp file's name. */
async function writeSyncedTemp(path: string, data: string | Uint8Array): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempBeside(path);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = await writeSyncedTemp(path, data);
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncDir(dir);
}

/**
 * Replaces `path` by a rename, without waiting for the disk: for files that are only a convenience (an
 * image kept to draw a thumbnail from later), where a crash may leave the old file, none, or a cut one,
 * and whoever reads it copes. Readers never see a half-written file while the machine runs.
 */
export async function writeFileReplacing(path: string, data: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempBeside(path);
  await writeFile(temp, data, { mode: 0o600 });
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}

/** The same, for the small documents that are read and written synchronously under a lock file. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = tempBeside(path);
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      /* already gone */
    }
    throw error;
  }
  syncDirSync(dirname(path));
}

/**
 * Several files made durable together, in order: all are written and synced side by side (one sync's
 * wait instead of one per file), then renamed into place in the order given, then each folder is synced
 * once. A crash leaves a prefix of them in place, never a later file without an earlier one's content.
 */
export async function writeFilesAtomic(files: { path: string; data: string | Uint8Array }[]): Promise<void> {
  const temps = await Promise.all(files.map(({ path, data }) => writeSyncedTemp(path, data)));
  try {
    for (const [i, { path }] of files.entries()) await rename(temps[i]!, path);
  } catch (error) {
    await Promise.all(temps.map((temp) => unlink(temp).catch(() => {})));
    throw error;
  }
  for (const dir of new Set(files.map(({ path }) => dirname(path)))) await syncDir(dir);
}

function syncDirSync(dir: string): void {
  // As syncDir below.
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not supported on this platform */
  }
}

async function syncDir(dir: string): Promise<void> {
  // Directory fsync makes the rename durable; Windows cannot open directories, which is fine to skip.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* not supported on this platform */
  }
}
