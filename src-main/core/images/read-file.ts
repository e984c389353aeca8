// Reading an image the user named by path (`shotlink upload`, the window's file picker, a tray drop):
// one reader, so every path refuses the same files with the same words. The message leaves the path
// out; callers put it in front ("shot.png: no such file.").
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { ShotlinkError } from '../../../src-shared/errors.ts';

/** A file larger than this is not a screenshot; refusing early avoids reading gigabytes into memory. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

export interface NamedImageFile {
  /** The absolute path. */
  path: string;
  /** The name to show and to send. */
  fileName: string;
}

/** An existing, readable file of a plausible size, or a ShotlinkError that says why not. */
export async function checkImageFile(path: string): Promise<NamedImageFile> {
  const full = resolve(path);
  try {
    const info = await stat(full);
    if (info.isDirectory()) throw new ShotlinkError('input', 'is a folder, not an image file.');
    if (!info.isFile()) throw new ShotlinkError('input', 'is not a regular file.');
    if (info.size > MAX_FILE_BYTES) {
      throw new ShotlinkError(
        'input',
        `is ${Math.round(info.size / 1024 / 1024)} MB: too large to be an image to upload.`,
      );
    }
    await access(full, constants.R_OK);
  } catch (error) {
    throw unreadable(error);
  }
  return { path: full, fileName: basename(full) };
}

/** The bytes of a checked file. */
export async function readImageFile(file: NamedImageFile): Promise<Uint8Array> {
  try {
    // A view of the bytes read, not a copy of them (a screenshot can be tens of megabytes).
    const bytes = await readFile(file.path);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    throw unreadable(error);
  }
}

function unreadable(error: unknown): ShotlinkError {
  if (error instanceof ShotlinkError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ShotlinkError('input', 'no such file.');
  if (code === 'EISDIR') return new ShotlinkError('input', 'is a folder, not an image file.');
  if (code === 'EACCES' || code === 'EPERM') {
    return new ShotlinkError('input', 'cannot be read: permission denied.');
  }
  return new ShotlinkError('input', `cannot be read: ${(error as Error).message}`);
}

/** "shot.png: no such file." — the message as every caller shows it. */
export function aboutFile(path: string, error: unknown): unknown {
  if (!(error instanceof ShotlinkError)) return error;
  return new ShotlinkError(error.kind, `${path}: ${error.message}`, error.toJSON());
}
