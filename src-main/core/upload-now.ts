// The use cases of a run at once, without the queue: "upload these files now" (`shotlink upload`),
// "post them as one GitHub comment" (`upload --comment`) and "capture and upload" (`shotlink capture`).
// Each image goes the way the app's queued ones go (core/upload-one.ts: prepared, then sent); what is
// decided here is what a run at once adds in the queue's place: the GitHub destination and who will see
// it, how many go up at once, bounded in-process retries, and keeping a capture whose upload failed. A
// shell gives the files or the capture port, says how a message reaches the person (UploadShell), and
// prints what comes back.
import { availableParallelism } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { TierInfo } from '../../src-shared/catalog.ts';
import type { HistoryEntry } from '../../src-shared/history.ts';
import type { CoreContext } from './context.ts';
import type { PostedImagesComment } from './github/comment.ts';
import { checkImageFile, readImageFile } from './images/read-file.ts';
import type { RetryPolicy } from './pipeline.ts';
import { imageNameOf, looksLikeUrl, parseImageUrl } from './images/image-url.ts';
import type { CapturePort } from './ports.ts';
import { listProviders, resolveTier } from './providers/registry.ts';
import { createOcrEngine, type OcrEngine } from './redact/ocr.ts';
import { dataPaths } from './store/paths.ts';
import {
  coverSecrets,
  importUpload,
  prepareUpload,
  redacts,
  sendUpload,
  tellPublicNotice,
  type Destination,
  type RedactionReport,
  type UploadShell,
} from './upload-one.ts';
import { hashBytes } from './util/hash.ts';
import { timestampedName } from './util/names.ts';
import { runLimited } from './util/pool.ts';

/** Where a run uploads to: the destination, with its tier resolved (a paid one goes one by one). */
export interface UploadTarget extends Destination {
  tier: TierInfo;
}

/** What the person asked of a run, beside the destination. */
export interface NowRequest {
  /** Cover secrets first: true as asked (`--redact`); absent, the capture.redact setting for captures. */
  redact?: boolean | undefined;
  /** GitHub: the repository asked for, and the folder whose origin remote names one otherwise. */
  repo?: string | undefined;
  cwd?: string;
}

/** One image uploaded at once: its history entry, and what covering did when it covered. */
export type UploadedNow = HistoryEntry & { redaction?: RedactionReport };

/** In-process retries of host errors that can pass (5xx, timeouts, img.pro "wait"), bounded: no queue retries. */
const NOW_RETRY: RetryPolicy = { attempts: 3, maxWaitSeconds: 60 };

/**
 * The provider and tier asked for, else the settings'. A provider named without a tier gets the tier
 * setting when that host has such a tier, otherwise its first (free) one: `--provider imgpro` alone
 * means img.pro anonymous. A wrong name is a usage error before anything is read or sent.
 */
export function resolveUploadTarget(
  ctx: CoreContext,
  asked: { provider?: string | undefined; tier?: string | undefined },
): UploadTarget {
  const settings = ctx.settings.get();
  const providerId = asked.provider ?? settings.provider;
  const tierId = asked.tier ?? defaultTierOf(ctx, providerId, settings.tier);
  return { providerId, tierId, tier: resolveTier(ctx, providerId, tierId) };
}

function defaultTierOf(ctx: CoreContext, providerId: string, tierSetting: string): string {
  const provider = listProviders(ctx).find((candidate) => candidate.id === providerId);
  // An unknown provider falls through to resolveTier, which names the valid ones.
  if (!provider || provider.tiers.some((candidate) => candidate.id === tierSetting)) return tierSetting;
  return provider.tiers[0]?.id ?? tierSetting;
}

/** GitHub: the repository checked before any image is read or sent, and who will see the images. */
async function readyTarget(ctx: CoreContext, target: UploadTarget, request: NowRequest, shell: UploadShell) {
  if (target.providerId !== 'github' || target.repo !== undefined) return;
  // GitHub's client is loaded only by the runs that go to GitHub (every `shotlink upload` pays for a load).
  const { prepareGithubUpload } = await import('./github/destination.ts');
  const github = await prepareGithubUpload(ctx, { repo: request.repo, cwd: request.cwd ?? process.cwd() });
  target.repo = github.repo;
  target.repository = github.repository;
  shell.note(github.notice);
}

/** One OCR engine for a run, started on first use and stopped at its end (its worker holds a process open). */
function runOcr() {
  let engine: OcrEngine | null = null;
  return {
    get: () => (engine ??= createOcrEngine()),
    close: () => engine?.close(),
  };
}

/**
 * "Upload these files now": yields each file's upload (or its error) in the order of the files, as soon
 * as it and the ones before it are done. Several files on a free tier go up to the core count at once
 * (optimizing is CPU work, sending waits on the network); a paid tier goes one by one, so each payment
 * question stands alone.
 */
export async function* uploadFilesNow(
  ctx: CoreContext,
  files: string[],
  target: UploadTarget,
  request: NowRequest,
  shell: UploadShell,
): AsyncGenerator<{ file: string } & ({ entry: UploadedNow } | { error: unknown })> {
  // A malformed link or an ftp: one is a usage error before anything is read or sent.
  for (const file of files) if (looksLikeUrl(file)) parseImageUrl(file);
  await readyTarget(ctx, target, request, shell);
  const ocr = runOcr();
  const parallel = target.tier.priceAtomic === null ? Math.min(files.length, availableParallelism()) : 1;
  // One progress line cannot follow several files: in parallel, stages are not reported.
  const each: UploadShell = parallel > 1 ? { tell: shell.tell, note: shell.note } : shell;
  try {
    const uploads = runLimited(
      files.map((file) => async () => {
        if (looksLikeUrl(file)) return rehostOne(ctx, file, target, request, each, ocr);
        const bytes = await readImageFile(await checkImageFile(file));
        return uploadOne(
          ctx,
          { bytes, fileName: basename(file), source: 'file' },
          target,
          request,
          each,
          ocr,
        );
      }),
      parallel,
    );
    for (const [index, file] of files.entries()) {
      try {
        yield { file, entry: await uploads[index]! };
      } catch (error) {
        yield { file, error };
      }
    }
  } finally {
    await ocr.close();
  }
}

/**
 * "Post them as one GitHub comment": every file is read (and covered) before anything is sent; one
 * comment, all or nothing (core/github/comment.ts).
 */
export async function commentNow(
  ctx: CoreContext,
  files: string[],
  target: UploadTarget,
  request: NowRequest & { issue: number; body?: string | undefined; alt?: string | undefined },
  shell: UploadShell,
): Promise<PostedImagesComment> {
  await readyTarget(ctx, target, request, shell);
  const ocr = runOcr();
  try {
    const images = [];
    for (const file of files) {
      let image = { bytes: await readImageFile(await checkImageFile(file)), fileName: basename(file) };
      // Covered before anything else sees it: the original never reaches GitHub or the history.
      if (redacts(ctx, 'file', request.redact)) image = await coverSecrets(ocr.get(), image, shell.tell);
      images.push({ ...image, ...(request.alt !== undefined && { alt: request.alt }) });
    }
    // A comment on a public repository: its images are public; said once, before any is sent.
    await tellPublicNotice(ctx, target, shell);
    const { postImagesAsComment } = await import('./github/comment.ts');
    return await postImagesAsComment(ctx, {
      repo: target.repo,
      repository: target.repository,
      issue: request.issue,
      body: request.body,
      images,
      retry: NOW_RETRY,
      onWait: () =>
        shell.note(`another Shotlink run is posting to ${target.repo}#${request.issue}; waiting for it.`),
      ...(shell.onStage && { onStage: shell.onStage }),
    });
  } finally {
    await ocr.close();
  }
}

/** What a capture became: cancelled, or uploaded (or, when it failed, kept in the data folder). */
export type CaptureOutcome =
  | { cancelled: true }
  | { cancelled: false; fileName: string; entry?: UploadedNow; error?: unknown; keptAt?: string };

/**
 * "Capture and upload": a region with this desktop's tool, saved to `output` when asked, then uploaded
 * like any file (covered when asked or when capture.redact is on). An upload that fails does not lose
 * the screenshot: without `output`, it is kept in the data folder (`keptAt`). `target` null: capture only.
 */
export async function captureAndUpload(
  ctx: CoreContext,
  capture: CapturePort,
  target: UploadTarget | null,
  request: NowRequest & { output?: string | undefined },
  shell: UploadShell,
): Promise<CaptureOutcome> {
  const bytes = await capture.captureRegion();
  // Esc in the selection is a choice, not a failure.
  if (!bytes) return { cancelled: true };
  if (request.output) await writeFile(request.output, bytes);
  const fileName = timestampedName('capture');
  if (!target) return { cancelled: false, fileName };
  const ocr = runOcr();
  try {
    await readyTarget(ctx, target, request, shell);
    const entry = await uploadOne(ctx, { bytes, fileName, source: 'capture' }, target, request, shell, ocr);
    return { cancelled: false, fileName, entry };
  } catch (error) {
    if (request.output) return { cancelled: false, fileName, error };
    const keptAt = join(dataPaths(ctx.home).captures, fileName);
    await mkdir(dirname(keptAt), { recursive: true });
    await writeFile(keptAt, bytes);
    return { cancelled: false, fileName, error, keptAt };
  } finally {
    await ocr.close();
  }
}

/**
 * An image given by its link: a host that fetches images itself (img.pro) is sent only the link;
 * otherwise (or when it is to be covered, which needs the pixels here) it is downloaded under intake's
 * rules (images/download.ts) and uploaded like a file.
 */
async function rehostOne(
  ctx: CoreContext,
  url: string,
  target: UploadTarget,
  request: NowRequest,
  shell: UploadShell,
  ocr: { get(): OcrEngine },
): Promise<UploadedNow> {
  const fileName = imageNameOf(url);
  if (!redacts(ctx, 'file', request.redact)) {
    const imported = await importUpload(
      ctx,
      { url, fileName },
      target,
      { uploadKey: nowKey(ctx, 'cli-import', target, new TextEncoder().encode(url)), retry: NOW_RETRY },
      shell,
    );
    if (imported) return imported;
  }
  const settings = ctx.settings.get();
  // The network code for fetching is loaded only by the runs given a link.
  const { downloadImage } = await import('./images/download.ts');
  const downloaded = await downloadImage(url, {
    maxInputPixels: settings.maxInputPixels,
    timeoutMs: settings.requestTimeoutSeconds * 1000,
  });
  return uploadOne(
    ctx,
    { bytes: downloaded.bytes, fileName: downloaded.fileName, source: 'file', sourceUrl: url },
    target,
    request,
    shell,
    ocr,
  );
}

/** One image the way every upload goes (prepared, then sent), under a key made from its bytes and destination. */
async function uploadOne(
  ctx: CoreContext,
  image: { bytes: Uint8Array; fileName: string; source: 'file' | 'capture'; sourceUrl?: string },
  target: UploadTarget,
  request: NowRequest,
  shell: UploadShell,
  ocr: { get(): OcrEngine },
): Promise<UploadedNow> {
  const { bytes, redaction } = await prepareUpload(
    ctx,
    image,
    target,
    { redact: request.redact, ocr: ocr.get },
    shell,
  );
  const entry = await sendUpload(
    ctx,
    {
      bytes,
      fileName: image.fileName,
      ...(image.sourceUrl && { sourceUrl: image.sourceUrl }),
      ...(redaction && { covered: redaction.covered }),
    },
    target,
    { uploadKey: nowKey(ctx, 'cli', target, bytes), retry: NOW_RETRY },
    shell,
  );
  return redaction ? { ...entry, redaction } : entry;
}

/**
 * The same bytes to the same tier are the same upload until it is in history: a run that failed is
 * retried under the key it had (a paid token bought for it is reused, a host that stored it answers with
 * what it stored), and once an upload of them is recorded the next run is a new upload, under a key of its
 * own (`#2`, `#3`): a host that honours the key (the Shotlink server) would otherwise hand the earlier
 * image back, and deleting one history row would take every row's image with it.
 */
function nowKey(ctx: CoreContext, prefix: string, target: UploadTarget, bytes: Uint8Array): string {
  const repo = target.repo ? `${target.repo}:` : '';
  const base = `${prefix}:${target.providerId}:${target.tierId}:${repo}${hashBytes(bytes)}`;
  const done = ctx.history.countUploads(base);
  return done === 0 ? base : `${base}#${done + 1}`;
}
