// The one way a person's image goes from intake to link, whichever shell started it: the app's queue
// (the window, the tray, hotkeys, watchers, `shotlink ui`) or a run at once (`shotlink upload` /
// `capture`). Two steps, because the queue keeps the image between them:
// - prepareUpload: screened, covered when the person asked or capture.redact says so (what was covered
//   told), and the public-link notice told once. The queue stores only what comes out of it, so an
//   original that had to be covered never reaches the data folder.
// - sendUpload: the pipeline (fitted, paid, uploaded, recorded) and what it noted, told.
// The queue adds scheduling, persistence and retries on top; a run at once calls both in a row. An
// image given by its link goes through importUpload when the host fetches links itself. How a message
// reaches the person (a notice in the window, a line on stderr) is the shell's (UploadShell).
import { ShotlinkError } from '../../src-shared/errors.ts';
import { summarizeFindings, summarizeRemaining, type FindingKind } from '../../src-shared/findings.ts';
import type { HistoryEntry, JobInfo } from '../../src-shared/history.ts';
import type { CoreContext } from './context.ts';
import { checkIsImage } from './images/intake.ts';
import { importImage, uploadImage, type PipelineStage, type RetryPolicy } from './pipeline.ts';
import type { Repository } from './providers/github/api.ts';
import type { HostOptions } from './providers/provider.ts';
import { publicLinkNotice } from './public-notice.ts';
import type { OcrEngine } from './redact/ocr.ts';

/**
 * How core tells the person something that must not be silenced (not even by `--quiet`). A message
 * with a title is also worth a notification of its own where there is one (the tray has no window).
 */
export type Tell = (level: 'info' | 'error', message: string, title?: string) => void;

/** How an upload reaches the person: what the shell does with a message, and progress. */
export interface UploadShell {
  /** What must be told whatever the shell was asked (the public-link notice, what covering did). */
  tell: Tell;
  /** Details a quiet run leaves out: where GitHub images go, what fitting cost. */
  note(message: string): void;
  /** The stages of the one image going up; not called while several go up at once. */
  onStage?(fileName: string, stage: PipelineStage, detail?: string): void;
}

/** Where an image goes: a host's tier, and what the host needs beyond its settings. */
export interface Destination {
  providerId: string;
  tierId: string;
  /** The GitHub repository (`--repo`, or the origin remote the CLI found); github.repo when absent. */
  repo?: string;
  /** GitHub: that repository as GitHub described it when it was checked (not asked again). */
  repository?: Repository;
  /** img.pro with a key: this run's tags and namespace (`--tag`, `--namespace`), over the settings'. */
  tags?: string;
  namespace?: string;
}

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
 * Before an image is kept or sent: refused now unless its bytes are an image's, covered when it should
 * be, and the public-link notice told. Returns the bytes to send (covered or not) and what covering did.
 */
export async function prepareUpload(
  ctx: CoreContext,
  image: { bytes: Uint8Array; fileName: string; source: ImageSource },
  to: Destination,
  options: { redact?: boolean | undefined; ocr: () => OcrEngine },
  shell: Pick<UploadShell, 'tell'>,
): Promise<{ bytes: Uint8Array; redaction?: RedactionReport }> {
  // By its bytes only: sharp is loaded by the pipeline, and only when it must decode (see intake.ts).
  checkIsImage(image.bytes, image.fileName);
  const covered = redacts(ctx, image.source, options.redact)
    ? await coverSecrets(options.ocr(), image, shell.tell)
    : undefined;
  await tellPublicNotice(ctx, to, shell);
  return covered ?? { bytes: image.bytes };
}

/** How one send goes: its key, and what the caller adds (in-process retries, a signal). */
export interface SendOptions {
  /**
   * The same key for the same upload across retries and restarts: a paid tier buys at most one token
   * per key (the queue's job id; a run at once's digest of the bytes and the destination).
   */
  uploadKey: string;
  /** In-process retries of host errors that can pass; the queue leaves this out and retries jobs itself. */
  retry?: RetryPolicy;
  signal?: AbortSignal;
}

/** A prepared image through the pipeline (fitted, paid, uploaded, recorded); what fitting cost is noted. */
export async function sendUpload(
  ctx: CoreContext,
  image: { bytes: Uint8Array; fileName: string; sourceUrl?: string; covered?: FindingKind[] },
  to: Destination,
  options: SendOptions,
  shell: UploadShell,
): Promise<HistoryEntry> {
  const entry = await uploadImage(ctx, {
    ...image,
    providerId: to.providerId,
    tierId: to.tierId,
    ...sendOptionsOf(to, options, (stage, detail) => shell.onStage?.(image.fileName, stage, detail)),
  });
  for (const note of [entry.fitNote, entry.hostNote]) if (note) shell.note(`${entry.fileName}: ${note}`);
  return entry;
}

/**
 * An image given by its link, to a host that fetches links itself (img.pro): the public-link notice,
 * then only the link is sent. Undefined when the host cannot import: the caller downloads the image
 * (images/download.ts) and uploads it. Nothing is covered: the pixels never come here.
 */
export async function importUpload(
  ctx: CoreContext,
  image: { url: string; fileName: string },
  to: Destination,
  options: SendOptions,
  shell: UploadShell,
): Promise<HistoryEntry | undefined> {
  await tellPublicNotice(ctx, to, shell);
  return importImage(ctx, {
    ...image,
    providerId: to.providerId,
    tierId: to.tierId,
    ...sendOptionsOf(to, options, (stage, detail) => shell.onStage?.(image.fileName, stage, detail)),
  });
}

function sendOptionsOf(
  to: Destination,
  options: SendOptions,
  onStage: (stage: PipelineStage, detail?: string) => void,
): SendOptions & { hostOptions?: HostOptions; onStage: typeof onStage } {
  const hostOptions: HostOptions = {
    ...(to.repo && { repo: to.repo }),
    ...(to.repository && { repository: to.repository }),
    ...(to.tags !== undefined && { tags: to.tags }),
    ...(to.namespace !== undefined && { namespace: to.namespace }),
  };
  return {
    ...options,
    ...(Object.keys(hostOptions).length > 0 && { hostOptions }),
    onStage,
  };
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
    // Loaded only when covering: its rules are compiled when it loads, which an upload that covers
    // nothing does not need.
    const { redactImage } = await import('./redact/redact.ts');
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

/** Notices told by each core: images going up at once all find one due before the first records it. */
const told = new WeakMap<CoreContext['settings'], Set<string>>();

/**
 * The public-link notice, when one is due for this destination (core/public-notice.ts decides), told
 * once and remembered as told. The window asks in a dialog before it uploads, so by the time its
 * upload gets here the notice is no longer due.
 */
export async function tellPublicNotice(
  ctx: CoreContext,
  to: Destination,
  shell: Pick<UploadShell, 'tell'>,
): Promise<void> {
  const notice = await publicLinkNotice(ctx, to);
  if (!told.has(ctx.settings)) told.set(ctx.settings, new Set());
  const toldHere = told.get(ctx.settings)!;
  if (!notice || toldHere.has(notice.text)) return;
  toldHere.add(notice.text);
  shell.tell('info', notice.text, notice.title);
  notice.given();
}
