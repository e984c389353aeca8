// Screenshots an agent took (capture_screenshot), kept in the data folder under a handle until they are
// uploaded or a day has passed. What is kept is the covered image: the secrets on the screen are not
// written anywhere, nor shown to the agent.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { writeFileAtomic } from '../store/atomic.ts';

const KEEP_MS = 24 * 60 * 60 * 1000;
const HANDLE = /^capture-[0-9a-f-]{36}$/;

const folderOf = (home: string) => join(home, 'agent-captures');

export async function keepCapture(home: string, png: Uint8Array): Promise<string> {
  const handle = `capture-${randomUUID()}`;
  await mkdir(folderOf(home), { recursive: true, mode: 0o700 });
  await writeFileAtomic(join(folderOf(home), `${handle}.png`), png);
  await sweepCaptures(home);
  return handle;
}

export async function readCapture(
  home: string,
  handle: string,
): Promise<{ bytes: Uint8Array; fileName: string }> {
  const missing = new ShotlinkError(
    'usage',
    `No capture has the handle ${JSON.stringify(handle.slice(0, 60))} (captures are kept for a day). Take a new one with capture_screenshot.`,
  );
  if (!HANDLE.test(handle)) throw missing;
  try {
    return {
      bytes: new Uint8Array(await readFile(join(folderOf(home), `${handle}.png`))),
      fileName: `${handle}.png`,
    };
  } catch {
    throw missing;
  }
}

/** Captures older than a day go. */
export async function sweepCaptures(home: string, now = Date.now()): Promise<void> {
  const names = await readdir(folderOf(home)).catch(() => [] as string[]);
  for (const name of names) {
    const path = join(folderOf(home), name);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > KEEP_MS) await rm(path, { force: true });
  }
}
