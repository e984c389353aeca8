// The images an agent names: a capture's handle, a path inside the folders its client shared (MCP roots; the working
// directory when it shares none) or base64 data. A path outside is refused before anything of the file
// is read, symbolic links included (judged by where they lead); what is read must be an image by its
// bytes. A refused file leaves nothing behind and nothing of it is returned.
import { realpath } from 'node:fs/promises';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { aboutFile, checkImageFile, MAX_FILE_BYTES, readImageFile } from '../images/read-file.ts';
import { screenImage } from '../images/intake.ts';
import type { CoreContext } from '../context.ts';
import { readCapture } from './captures.ts';
import type { FindingKind } from '../../../src-shared/findings.ts';

export interface AgentImage {
  bytes: Uint8Array;
  fileName: string;
  /** A capture's: what was covered when it was taken (its kept image shows those covered already). */
  coveredWhenCaptured?: FindingKind[];
}

/** Folders from MCP roots (file:// URIs); other schemes name nothing on this disk and are left out. */
export function rootFolders(uris: readonly string[]): string[] {
  const folders: string[] = [];
  for (const uri of uris) {
    try {
      if (uri.startsWith('file:')) folders.push(fileURLToPath(uri));
    } catch {
      // a malformed URI shares nothing
    }
  }
  return folders;
}

/** Whether `path` is `folder` or inside it (both already resolved). */
function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of a file the agent named, when it lies inside one of `folders`; a refusal otherwise. */
export async function fileInsideRoots(path: string, folders: readonly string[]): Promise<string> {
  if (folders.length === 0) {
    throw new ShotlinkError(
      'usage',
      'No folder is shared with Shotlink, so no file can be read. Send the image as base64 data instead.',
      {
        code: 'outside_roots',
      },
    );
  }
  // A relative path is taken from the first shared folder (the project the agent works in).
  const asked = resolve(folders[0]!, path);
  const realFolders = await Promise.all(
    folders.map((folder) => realpath(folder).catch(() => resolve(folder))),
  );
  let real: string;
  try {
    real = await realpath(asked);
  } catch {
    // It does not exist: say so only for a path inside the shared folders, so nothing is learnt outside.
    const named = [...folders.map((folder) => resolve(folder)), ...realFolders];
    if (!named.some((folder) => isInside(asked, folder))) throw outside(folders);
    throw new ShotlinkError('input', `${basename(asked)}: no such file.`);
  }
  if (!realFolders.some((folder) => isInside(real, folder))) throw outside(folders);
  return real;
}

function outside(folders: readonly string[]): ShotlinkError {
  return new ShotlinkError(
    'usage',
    `That path is outside the folders your client shared with Shotlink (${folders.join(', ')}), so it was ` +
      'not read. Copy the image into one of them, or send it as base64 data.',
    { code: 'outside_roots' },
  );
}

/** An image file inside the shared folders, read and checked by its bytes. */
export async function readAgentFile(
  path: string,
  folders: readonly string[],
  maxInputPixels: number,
): Promise<AgentImage> {
  const real = await fileInsideRoots(path, folders);
  const file = await checkImageFile(real).catch((error: unknown) => {
    throw aboutFile(basename(real), error);
  });
  const bytes = await readImageFile(file);
  await screenImage(bytes, { fileName: file.fileName, maxInputPixels });
  return { bytes, fileName: file.fileName };
}

/** Base64 data (a data: URL is accepted too), checked by its bytes like a file. */
export async function decodeAgentData(
  data: string,
  fileName: string,
  maxInputPixels: number,
): Promise<AgentImage> {
  const base64 = data.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(base64)) {
    throw new ShotlinkError(
      'input',
      "The image data is not base64. Send the file's bytes base64-encoded, or a path.",
      {
        code: 'not_an_image',
      },
    );
  }
  if ((base64.length * 3) / 4 > MAX_FILE_BYTES) {
    throw new ShotlinkError('input', 'The image data is too large to be a screenshot.', {
      code: 'file_too_large',
    });
  }
  const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
  await screenImage(bytes, { fileName, maxInputPixels });
  return { bytes, fileName };
}

/** What an agent names an image by: exactly one of a path, base64 data or a capture's handle. */
export interface AgentImageSource {
  path?: string | undefined;
  data?: string | undefined;
  handle?: string | undefined;
  /** A name for base64 data (default "image.png"); a path or handle brings its own. */
  fileName?: string | undefined;
}

/** The image an agent named, checked as every image is; the shared folders are asked only for a path. */
export async function readAgentImage(
  ctx: Pick<CoreContext, 'home' | 'settings'>,
  source: AgentImageSource,
  sharedFolders: () => Promise<string[]>,
): Promise<AgentImage> {
  const given = [source.path, source.data, source.handle].filter((value) => value !== undefined).length;
  if (given !== 1) {
    throw new ShotlinkError(
      'usage',
      'Give exactly one of path, data (base64) or handle (from capture_screenshot).',
    );
  }
  const { maxInputPixels } = ctx.settings.get();
  if (source.handle !== undefined) return readCapture(ctx.home, source.handle);
  if (source.data !== undefined)
    return decodeAgentData(source.data, source.fileName ?? 'image.png', maxInputPixels);
  return readAgentFile(source.path!, await sharedFolders(), maxInputPixels);
}
