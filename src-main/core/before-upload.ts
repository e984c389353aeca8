// What happens to an image before it leaves, whichever shell started the upload (the queue of the app
// and `shotlink ui`, or `shotlink upload` / `capture` at once): secrets covered when the person asked
// or the capture.redact setting says so, what was covered told, and the public-link notice told once.
// The shells only say how a message reaches the person (a notice in the window, a line on stderr).
import type { TierInfo } from '../../src-shared/catalog.ts';
import { PUBLIC_NOTICE, publicNoticeDue } from '../../src-shared/consent.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { summarizeFindings, summarizeRemaining, type FindingKind } from '../../src-shared/findings.ts';
import type { JobInfo } from '../../src-shared/history.ts';
import type { CoreContext } from './context.ts';
import type { OcrEngine } from './redact/ocr.ts';
import { redactImage } from './redact/redact.ts';

/** How core tells the person something that must not be silenced (not even by `--quiet`). */
export type Tell = (level: 'info' | 'error', message: string) => void;

/** Where an image came from: what the capture.redact setting covers depends on it. */
export type ImageSource = JobInfo['source'];

/** Images the capture.redact setting covers: the ones nobody looked at before they were uploaded. */
const UNSEEN_SOURCES = new Set<ImageSource>(['capture', 'watch', 'clipboard']);

/** Whether an image is covered before upload: as asked (`--redact`), else the capture.redact setting. */
export function redacts(
  ctx: Pick<CoreContext, 'settings'>,
  source: ImageSource,
  asked?: boolean | undefined,
): boolean {
  return (
    asked === true || (asked === undefined && ctx.settings.get().capture.redact && UNSEEN_SOURCES.has(source))
  );
}

/** What covering did to one image: kinds only, never the text. */
export interface RedactionReport {
  covered: FindingKind[];
  /** One sentence per finding that may still be partly readable. */
  mayRemain: string[];
}

/**
 * Covers the secrets and personal data found in an image and tells what was covered. Fails closed:
 * an image that could not be searched is not uploaded.
 */
export async function coverSecrets<T extends { bytes: Uint8Array; fileName: string }>(
  ocr: OcrEngine,
  image: T,
  tell: Tell,
): Promise<T & { redaction: RedactionReport }> {
  let result;
  try {
    result = await redactImage(ocr, image.bytes);
  } catch (error) {
    const why = `not uploaded, because it could not be searched for secrets: ${(error as Error).message}`;
    if (error instanceof ShotlinkError) {
      error.message = why;
      throw error;
    }
    throw new ShotlinkError('internal', why);
  }
  const { bytes, findings } = result;
  const remaining = summarizeRemaining(findings);
  tell(
    'info',
    findings.length > 0
      ? `${image.fileName}: covered ${summarizeFindings(findings)} before upload.`
      : `${image.fileName}: no secrets or personal data found; uploading it unchanged.`,
  );
  for (const line of remaining) {
    tell(
      'error',
      `${image.fileName}: may still be partly readable: ${line}. Check the image, or cover it in the editor.`,
    );
  }
  return { ...image, bytes, redaction: { covered: findings.map((f) => f.kind), mayRemain: remaining } };
}

/**
 * Before the first upload to a public tier, tells the person once, ever (remembered in settings).
 * Returns whether it told now. The window asks before it uploads (publicNoticeDue), so by the time its
 * upload gets here the notice is no longer due.
 */
export function publicNoticeOnce(
  ctx: Pick<CoreContext, 'settings'>,
  tier: Pick<TierInfo, 'public'> | undefined,
  tell: (message: string) => void,
): boolean {
  if (!publicNoticeDue(ctx.settings.get(), tier)) return false;
  tell(PUBLIC_NOTICE);
  ctx.settings.set({ publicNoticeShown: true });
  return true;
}
