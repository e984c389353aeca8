// Screenshots an agent took (capture_screenshot), kept in the data folder under a handle until they are
// uploaded or a day has passed. What is kept is the covered image: the secrets on the screen are not
// written anywhere, nor shown to the agent.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from '../images/sharp.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { CaptureRequest } from '../capture/modes.ts';
import { createToolCapturer } from '../capture/run.ts';
import type { CoreContext } from '../context.ts';
import type { OcrEngine } from '../redact/ocr.ts';
import { writeFileAtomic } from '../store/atomic.ts';
import { redactForAgent, type AgentRedaction } from './redaction.ts';
import type { AgentImage } from './files.ts';
import { isFindingKind, type FindingKind } from '../../../src-shared/findings.ts';

const KEEP_MS = 24 * 60 * 60 * 1000;
const HANDLE = /^capture-[0-9a-f-]{36}$/;

const folderOf = (home: string) => join(home, 'agent-captures');

export interface AgentCapture {
  /** What upload_image takes instead of the image. */
  handle: string;
  /** The covered image: what is kept and what the agent is shown. */
  bytes: Uint8Array;
  width: number;
  height: number;
  redaction: AgentRedaction;
}

/** A screenshot with this desktop's tool, covered (as agents.redact says), kept under a handle. */
export async function captureForAgent(
  ctx: Pick<CoreContext, 'home' | 'env' | 'settings'>,
  ocr: OcrEngine,
  request: CaptureRequest,
): Promise<AgentCapture> {
  const png = await createToolCapturer({ env: ctx.env }).capture(request);
  if (!png)
    throw new ShotlinkError('input', 'The user cancelled the selection; nothing was captured.', {
      code: 'cancelled',
    });
  // What is kept and shown is the covered image: the screen's secrets are neither stored nor shown.
  const redaction = await redactForAgent(ocr, ctx.settings, { bytes: png, fileName: 'capture.png' });
  const handle = await keepCapture(ctx.home, redaction.bytes, redaction.covered);
  const { width, height } = await sharp(redaction.bytes).metadata();
  return { handle, bytes: redaction.bytes, width, height, redaction };
}

/** Keeps a covered capture, and the kinds covered on it (an upload of it says them: its image shows none). */
export async function keepCapture(
  home: string,
  png: Uint8Array,
  covered: FindingKind[] = [],
): Promise<string> {
  const handle = `capture-${randomUUID()}`;
  await mkdir(folderOf(home), { recursive: true, mode: 0o700 });
  await writeFileAtomic(join(folderOf(home), `${handle}.json`), `${JSON.stringify({ covered })}\n`);
  await writeFileAtomic(join(folderOf(home), `${handle}.png`), png);
  await sweepCaptures(home);
  return handle;
}

export async function readCapture(home: string, handle: string): Promise<AgentImage> {
  const missing = new ShotlinkError(
    'usage',
    `No capture has the handle ${JSON.stringify(handle.slice(0, 60))} (captures are kept for a day). Take a new one with capture_screenshot.`,
  );
  if (!HANDLE.test(handle)) throw missing;
  try {
    const bytes = new Uint8Array(await readFile(join(folderOf(home), `${handle}.png`)));
    const kept = await readFile(join(folderOf(home), `${handle}.json`), 'utf8').catch(() => '{}');
    const covered = (JSON.parse(kept) as { covered?: unknown }).covered;
    return {
      bytes,
      fileName: `${handle}.png`,
      ...(Array.isArray(covered) && { coveredWhenCaptured: covered.filter(isFindingKind) }),
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
