// The one path every upload takes: intake -> optimize -> pay -> upload -> record. Delivery (clipboard,
// printing the link) belongs to the caller. Nothing touches the network before the bytes have passed
// intake and fit the tier, so a bad file never costs a request, let alone a payment.
import { randomUUID } from 'node:crypto';
import { parse as parsePath } from 'node:path';
import type { TierInfo } from '../../src-shared/catalog.ts';
import { isShotlinkError, ShotlinkError } from '../../src-shared/errors.ts';
import type { FindingKind } from '../../src-shared/findings.ts';
import type { HistoryEntry } from '../../src-shared/history.ts';
import { findHost } from '../../src-shared/hosts/index.ts';
import type { CoreContext } from './context.ts';
import { CONTENT_TYPES } from './images/encode.ts';
import { intakeImage, type IntakeImage } from './images/intake.ts';
import { optimizeImage, type OptimizedImage } from './images/optimize.ts';
import { stripMetadata } from './images/strip-metadata.ts';
import { makeThumbnail } from './images/thumbnail.ts';
import type { HostOptions, UploadOutcome } from './providers/provider.ts';
import { resolveProvider } from './providers/registry.ts';
import { withRetries, type RetryOptions } from './providers/retry.ts';
import {
  listSavedAnswers,
  readSavedAnswer,
  removeSavedAnswer,
  saveAnswer,
  type SavedAnswer,
} from './store/answers.ts';
import { removePendingThumbnail, savePendingThumbnail, saveThumbnail } from './store/thumbnails.ts';
import { failpoint } from './util/failpoint.ts';
import { hashBytes } from './util/hash.ts';

export type PipelineStage = 'intake' | 'optimize' | 'pay' | 'upload' | 'record';

/** In-process retries of the upload step (see providers/retry.ts); the pipeline adds signal and progress. */
export type RetryPolicy = Omit<RetryOptions, 'onWait' | 'signal'>;

export interface UploadRequest {
  bytes: Uint8Array;
  /** The name the user knows the image by (shown as alt text and in history). */
  fileName: string;
  providerId: string;
  tierId: string;
  /**
   * Identifies this upload across retries and restarts: a paid tier buys at most one token per key,
   * so trying again with the same key never pays twice.
   */
  uploadKey: string;
  /** What the host needs beyond its settings (the GitHub repository, img.pro's tags). */
  hostOptions?: HostOptions;
  /** The URL the bytes were downloaded from, when the user gave one. */
  sourceUrl?: string;
  /** What was covered in the bytes before they came here (kept in history with the link). */
  covered?: FindingKind[];
  signal?: AbortSignal;
  /** Retry retryable host errors in-process. The queue leaves this out and retries jobs itself. */
  retry?: RetryPolicy;
  onStage?: (stage: PipelineStage, detail?: string) => void;
}

export async function uploadImage(ctx: CoreContext, request: UploadRequest): Promise<HistoryEntry> {
  const { signal, onStage } = request;
  // A crash after the host answered left its answer here: finish that record, send nothing again.
  const saved = await readSavedAnswer(ctx.home, request.uploadKey);
  if (saved) return finishRecord(ctx, saved, { drawn: thumbnailOf(request.bytes) }, onStage);

  const settings = ctx.settings.get();
  // Resolving first: an unknown tier or a missing API key fails before any image work.
  const { provider, tier } = await resolveProvider(
    ctx,
    request.providerId,
    request.tierId,
    request.hostOptions,
  );

  onStage?.('intake');
  // On this network an image that fits is sent as it is: measuring its colours for the encoder is then
  // wasted work (a third of a 4K upload's time), left to the optimizer for one that does not fit. The
  // decode that checks it draws its thumbnail instead, so it is decoded once.
  const asIsOnLan = Boolean(provider.onThisNetwork && settings.sendAsIsOnLan);
  const image = await intakeImage(request.bytes, {
    fileName: request.fileName,
    maxInputPixels: settings.maxInputPixels,
    classify: !asIsOnLan,
    thumbnail: asIsOnLan,
    // The one host on this network is a Shotlink server, which decodes every image it receives.
    hostDecodes: asIsOnLan,
  });
  signal?.throwIfAborted();

  onStage?.('optimize');
  const asIs = asIsOnLan ? asItIs(image, tier, settings.keepMetadata) : null;
  const optimized =
    asIs ??
    (await optimizeImage(image, {
      maxBytes: tier.maxBytes,
      outputFormat: settings.outputFormat,
      keepMetadata: settings.keepMetadata,
      maxInputPixels: settings.maxInputPixels,
      fileName: request.fileName,
    }));
  signal?.throwIfAborted();

  const payment = tier.priceAtomic ? await pay(ctx, request, tier, onStage) : undefined;
  if (payment) failpoint('after-payment');
  signal?.throwIfAborted();
  // Sent as it is, the image's thumbnail came with intake's decode (the same pixels). An optimized one
  // is drawn while the host receives it (the record needs it only once the answer is in). A PNG the
  // server checks itself was never decoded here: a run that ends with its upload keeps its bytes for
  // whoever shows history to draw (sharp is then never loaded); a long-lived one draws it once it is
  // sent, so loading sharp does not hold up its bytes.
  const draw = () => thumbnailOf(optimized.bytes);
  let sent = () => {};
  // The record's hash of what was sent, taken once the bytes are handed to the connection: the few
  // milliseconds it takes for a 4K screenshot then overlap the host's receiving and storing, instead of
  // following its answer.
  let contentHash: string | undefined;
  const hashSent = () => (contentHash ??= hashBytes(optimized.bytes));
  const thumbnail: Thumbnail =
    asIs && image.thumbnail
      ? { drawn: Promise.resolve(image.thumbnail) }
      : asIs && ctx.thumbnailsLater
        ? { later: optimized.bytes }
        : asIs
          ? { drawn: new Promise<void>((resolve) => (sent = resolve)).then(draw) }
          : { drawn: draw() };
  // The record's id is chosen now, so the image kept for a later thumbnail is written under it while
  // the host receives the image too (a run that fails removes it; one cut by a crash leaves it to the
  // leftovers' sweep, thumbnails-later.ts).
  const id = randomUUID();
  let kept: Promise<string | null> | undefined;
  const keepForLater = () => {
    if ('later' in thumbnail) kept ??= savePendingThumbnail(ctx.home, id, thumbnail.later).catch(() => null);
  };

  onStage?.('upload');
  // Whether a try found the paid token already sent by one whose answer never arrived.
  let answerLost = false;
  const send = () => {
    if (payment && ctx.payments?.tokenSent?.(request.uploadKey)) answerLost = true;
    return provider.upload({
      bytes: optimized.bytes,
      fileName: hostFileName(request.fileName, optimized.format),
      contentType: optimized.contentType,
      tier,
      ...(payment && { paidToken: payment.token }),
      uploadKey: request.uploadKey,
      ...(signal && { signal }),
      onSent: () => {
        sent();
        hashSent();
        keepForLater();
      },
    });
  };
  const outcome = await sendRetried(send, request)
    .finally(sent)
    .catch(async (error: unknown) => {
      const name = await kept;
      if (name) removePendingThumbnail(ctx.home, name);
      // A token the host refuses is spent or void: forget it, so the next try buys (and asks) anew
      // instead of offering the same dead token until it expires.
      if (payment && isShotlinkError(error, 'token_rejected')) {
        ctx.payments?.tokenRejected?.(request.uploadKey);
        if (answerLost) {
          // img402 cannot be asked whether it stored that try's image: say what happened, and that going
          // on means paying again (the next try asks first, with this reason in the question).
          throw new ShotlinkError(
            'payment',
            `The token paid for ${request.fileName} was spent on an upload whose answer never arrived (the connection ` +
              `was cut after it was sent): img402 may hold that image, but its link was lost. Trying again buys a ` +
              `new token, and you will be asked first.`,
            { code: 'token_rejected' },
          );
        }
      }
      throw error;
    });

  // The host has the image (and has spent the token): its answer is made durable before anything else.
  const answer = answerOf(id, request, tier, outcome, {
    originalBytes: request.bytes.length,
    bytes: optimized.bytes.length,
    format: optimized.format,
    width: optimized.width,
    height: optimized.height,
    contentHash: hashSent(),
    ...(payment && { paymentId: payment.paymentId }),
    ...(optimized.fitNote && { fitNote: optimized.fitNote }),
    ...(request.sourceUrl && { sourceUrl: request.sourceUrl }),
    ...(request.covered?.length && { covered: request.covered }),
  });
  return recordAnswer(ctx, answer, kept ? { kept } : thumbnail, onStage);
}

export interface ImportRequest extends Omit<UploadRequest, 'bytes' | 'fileName'> {
  /** The image's URL, which the host fetches itself. */
  url: string;
  fileName: string;
}

/**
 * Re-hosting by URL on a host that fetches the image itself (img.pro's `POST /v1/import`): only the
 * URL is sent. The host's answer is recorded as an upload's is (saved first, then history); the size
 * and format are what the host reports, and there is no thumbnail: the bytes never came here.
 * Undefined when the host cannot import (the caller downloads and uploads instead).
 */
export async function importImage(
  ctx: CoreContext,
  request: ImportRequest,
): Promise<HistoryEntry | undefined> {
  const { signal, onStage } = request;
  if (!findHost(request.providerId)?.importsUrls) return undefined;
  const saved = await readSavedAnswer(ctx.home, request.uploadKey);
  if (saved) return finishRecord(ctx, saved, null, onStage);
  const { provider, tier } = await resolveProvider(
    ctx,
    request.providerId,
    request.tierId,
    request.hostOptions,
  );
  const importUrl = provider.importUrl?.bind(provider);
  if (!importUrl || tier.priceAtomic) return undefined;
  onStage?.('upload');
  const send = () => importUrl({ url: request.url, tier, ...(signal && { signal }) });
  const outcome = await sendRetried(send, request);
  const format = /\.(png|jpe?g|gif|webp)(?:$|\?)/i
    .exec(outcome.url)?.[1]
    ?.toLowerCase()
    .replace('jpg', 'jpeg');
  const answer = answerOf(randomUUID(), request, tier, outcome, {
    originalBytes: outcome.bytes ?? 0,
    bytes: outcome.bytes ?? 0,
    format: format ?? 'unknown',
    width: Math.max(0, Math.round(outcome.width ?? 0)),
    height: Math.max(0, Math.round(outcome.height ?? 0)),
    // Nothing was sent but the URL: the hash is the URL's, so two imports of one link are recognisable.
    contentHash: hashBytes(new TextEncoder().encode(request.url)),
    sourceUrl: request.url,
  });
  return recordAnswer(ctx, answer, null, onStage);
}

/** One send to the host, retried by the request's policy when it has one, each wait told as a stage. */
function sendRetried<T>(
  send: () => Promise<T>,
  request: Pick<UploadRequest, 'retry' | 'signal' | 'onStage'>,
): Promise<T> {
  const { retry, signal, onStage } = request;
  if (!retry) return send();
  return withRetries(send, {
    ...retry,
    ...(signal && { signal }),
    onWait: ({ seconds, error }) =>
      onStage?.('upload', `${error.message} Retrying in ${Math.ceil(seconds)} s…`),
  });
}

/** What the image itself was, as the caller knows it: sent from here, or imported by the host. */
type ImageFacts = Pick<
  SavedAnswer,
  'originalBytes' | 'bytes' | 'format' | 'width' | 'height' | 'contentHash'
> &
  Partial<Pick<SavedAnswer, 'paymentId' | 'fitNote' | 'sourceUrl' | 'covered'>>;

/** The answer to keep: the host's outcome (links, expiry, who sees it, its offer) with the image's facts. */
function answerOf(
  id: string,
  request: Pick<UploadRequest, 'fileName' | 'providerId' | 'uploadKey'>,
  tier: TierInfo,
  outcome: UploadOutcome,
  image: ImageFacts,
): SavedAnswer {
  const expiry = expiryOf(outcome, tier);
  return {
    id,
    fileName: request.fileName,
    // The id it was resolved by (the catalogue's, or an uploader's name), so it resolves again for delete.
    provider: request.providerId,
    tier: tier.id,
    url: outcome.url,
    ...(outcome.viewUrl && { viewUrl: outcome.viewUrl }),
    ...(outcome.deleteUrl && { deleteUrl: outcome.deleteUrl }),
    hostId: outcome.hostId,
    uploadedAt: new Date().toISOString(),
    expiresAt: expiry.expiresAt,
    thumbnail: null,
    uploadKey: request.uploadKey,
    ...image,
    ...(expiry.note && { hostNote: expiry.note }),
    ...(outcome.visibility && { visibility: outcome.visibility }),
    ...(outcome.noDelete && { noDelete: outcome.noDelete }),
    ...(outcome.offer && { offer: outcome.offer }),
  };
}

/**
 * History's thumbnail for a record: drawn (or being drawn), the image to draw it from later, or that
 * image already being kept (its name, null when keeping it failed).
 */
type Thumbnail = { drawn: Promise<Buffer | null> } | { later: Uint8Array } | { kept: Promise<string | null> };

/** The host has the image: its answer made durable first, then the history entry. */
async function recordAnswer(
  ctx: CoreContext,
  answer: SavedAnswer,
  thumbnail: Thumbnail | null,
  onStage: UploadRequest['onStage'],
): Promise<HistoryEntry> {
  try {
    await saveAnswer(ctx.home, answer);
  } catch (error) {
    // Nothing durable: the person must at least get the link now.
    throw new ShotlinkError(
      'internal',
      `Uploaded to ${answer.url}, but the answer could not be saved: ${(error as Error).message}`,
    );
  }
  failpoint('after-answer');
  return finishRecord(ctx, answer, thumbnail, onStage);
}

/**
 * From a durable host answer to a history entry: the payment marked used, a thumbnail, the entry.
 * Each step may be repeated after a crash without harm (the entry keeps its id, so it is replaced,
 * never doubled); nothing here talks to the host.
 */
async function finishRecord(
  ctx: CoreContext,
  answer: SavedAnswer,
  /** The thumbnail being drawn, or the image for it; null where the image is gone (a CLI run's, found at start). */
  thumbnailImage: Thumbnail | null,
  onStage?: UploadRequest['onStage'],
): Promise<HistoryEntry> {
  onStage?.('record');
  if (answer.paymentId) ctx.payments?.markUsed(answer.uploadKey);
  const thumbnail = thumbnailImage && (await thumbnailFor(ctx, answer.id, thumbnailImage));
  const entry: HistoryEntry = { ...answer, thumbnail };
  failpoint('after-thumbnail');
  try {
    ctx.history.add(entry);
  } catch (error) {
    // The image is online (and maybe paid for): whatever failed, the person must still get the link.
    throw new ShotlinkError(
      'internal',
      `Uploaded to ${entry.url}, but it could not be recorded in history: ${(error as Error).message}`,
    );
  }
  failpoint('after-record');
  await removeSavedAnswer(ctx.home, answer.uploadKey);
  return entry;
}

/** Records answers that crashed runs left behind (and tidies those already recorded), sending nothing. */
export async function finishSavedAnswers(
  ctx: CoreContext,
  stillRunning: (uploadKey: string) => boolean,
): Promise<HistoryEntry[]> {
  const finished: HistoryEntry[] = [];
  for (const answer of await listSavedAnswers(ctx.home)) {
    if (ctx.history.get(answer.id)) await removeSavedAnswer(ctx.home, answer.uploadKey);
    // A queued job finishes its own record, thumbnail included, when it runs.
    else if (!stillRunning(answer.uploadKey)) finished.push(await finishRecord(ctx, answer, null));
  }
  return finished;
}

async function pay(
  ctx: CoreContext,
  request: UploadRequest,
  tier: TierInfo,
  onStage: UploadRequest['onStage'],
): Promise<{ token: string; paymentId: string }> {
  if (!ctx.payments) {
    throw new ShotlinkError(
      'payment',
      `The ${tier.label} tier is paid, and payments are not set up here. Use a free tier, or set up a wallet with \`shotlink wallet\`.`,
    );
  }
  onStage?.('pay');
  return ctx.payments.tokenFor({
    provider: request.providerId,
    tier,
    uploadKey: request.uploadKey,
    fileName: request.fileName,
  });
}

/**
 * The host's expiry when it says one it can mean, else the tier's retention counted from now. A date
 * nobody can represent (img.pro once sent 1e20) is set aside with a note: the link is what matters.
 */
function expiryOf(outcome: UploadOutcome, tier: TierInfo): { expiresAt: string | null; note?: string } {
  const fromTier = () =>
    tier.retentionDays === null ? null : new Date(Date.now() + tier.retentionDays * 86_400_000).toISOString();
  if (outcome.expiresAt === undefined) return { expiresAt: fromTier() };
  if (outcome.expiresAt === null) return { expiresAt: null };
  // Normalised: hosts send any date format Date understands; history keeps ISO-8601 UTC.
  const time = Date.parse(outcome.expiresAt);
  if (Number.isFinite(time) && time < Date.UTC(10_000, 0, 1))
    return { expiresAt: new Date(time).toISOString() };
  return {
    expiresAt: fromTier(),
    note: `the host gave an expiry Shotlink cannot read (${JSON.stringify(outcome.expiresAt)}); the tier's is assumed`,
  };
}

/** A thumbnail is a nicety: failing to make one must not fail an upload that has already happened. */
function thumbnailOf(bytes: Uint8Array): Promise<Buffer | null> {
  return makeThumbnail(bytes).catch(() => null);
}

async function thumbnailFor(ctx: CoreContext, id: string, thumbnail: Thumbnail): Promise<string | null> {
  try {
    if ('kept' in thumbnail) return await thumbnail.kept;
    if ('later' in thumbnail) return await savePendingThumbnail(ctx.home, id, thumbnail.later);
    const bytes = await thumbnail.drawn;
    return bytes && (await saveThumbnail(ctx.home, id, bytes, 'webp'));
  } catch {
    return null;
  }
}

/** The image as it came (metadata removed unless kept), when that fits the tier; else null. */
function asItIs(image: IntakeImage, tier: TierInfo, keepMetadata: boolean): OptimizedImage | null {
  const bytes = keepMetadata ? image.bytes : stripMetadata(image.bytes, image.format);
  if (!bytes || bytes.length > tier.maxBytes || image.animated) return null;
  return {
    bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    format: image.format,
    contentType: CONTENT_TYPES[image.format],
    width: image.width,
    height: image.height,
    originalBytes: image.bytes.length,
    encodes: 0,
  };
}

/** `Screen Shot.png` optimized to WebP is sent as `Screen Shot.webp`: hosts check the extension. */
function hostFileName(fileName: string, format: string): string {
  const name = parsePath(fileName).name || 'image';
  return `${name}.${format === 'jpeg' ? 'jpg' : format}`;
}
