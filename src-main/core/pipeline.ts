// The one path every upload takes: intake -> optimize -> pay -> upload -> record. Delivery (clipboard,
// printing the link) belongs to the caller. Nothing touches the network before the bytes have passed
// intake and fit the tier, so a bad file never costs a request, let alone a payment.
import { createHash, randomUUID } from 'node:crypto';
import { parse as parsePath } from 'node:path';
import type { TierInfo } from '../../src-shared/catalog.ts';
import { isShotlinkError, ShotlinkError } from '../../src-shared/errors.ts';
import type { HistoryEntry } from '../../src-shared/history.ts';
import type { CoreContext } from './context.ts';
import { intakeImage } from './images/intake.ts';
import { optimizeImage } from './images/optimize.ts';
import { makeThumbnail } from './images/thumbnail.ts';
import type { UploadOutcome } from './providers/provider.ts';
import { resolveProvider } from './providers/registry.ts';
import { withRetries, type RetryOptions } from './providers/retry.ts';
import { saveThumbnail } from './store/thumbnails.ts';

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
  signal?: AbortSignal;
  /** Retry retryable host errors in-process. The queue leaves this out and retries jobs itself. */
  retry?: RetryPolicy;
  onStage?: (stage: PipelineStage, detail?: string) => void;
}

export async function uploadImage(ctx: CoreContext, request: UploadRequest): Promise<HistoryEntry> {
  const { signal, onStage } = request;
  const settings = ctx.settings.get();
  // Resolving first: an unknown tier or a missing API key fails before any image work.
  const { provider, tier } = await resolveProvider(ctx, request.providerId, request.tierId);

  onStage?.('intake');
  const image = await intakeImage(request.bytes, {
    fileName: request.fileName,
    maxInputPixels: settings.maxInputPixels,
  });
  signal?.throwIfAborted();

  onStage?.('optimize');
  const optimized = await optimizeImage(image, {
    maxBytes: tier.maxBytes,
    outputFormat: settings.outputFormat,
    keepMetadata: settings.keepMetadata,
    maxInputPixels: settings.maxInputPixels,
    fileName: request.fileName,
  });
  signal?.throwIfAborted();

  const payment = tier.priceAtomic ? await pay(ctx, request, tier, onStage) : undefined;
  signal?.throwIfAborted();

  onStage?.('upload');
  const send = () =>
    provider.upload({
      bytes: optimized.bytes,
      fileName: hostFileName(request.fileName, optimized.format),
      contentType: optimized.contentType,
      tier,
      ...(payment && { paidToken: payment.token }),
      ...(signal && { signal }),
    });
  const outcome = await (
    request.retry
      ? withRetries(send, {
          ...request.retry,
          ...(signal && { signal }),
          onWait: ({ seconds, error }) =>
            onStage?.('upload', `${error.message} Retrying in ${Math.ceil(seconds)} s…`),
        })
      : send()
  ).catch((error: unknown) => {
    // A token the host refuses is spent or void: forget it, so the next try buys (and asks) anew
    // instead of offering the same dead token until it expires.
    if (payment && isShotlinkError(error, 'token_rejected')) {
      ctx.payments?.tokenRejected?.(request.uploadKey);
    }
    throw error;
  });
  // The host has the image and has spent the token: mark it before anything else can fail.
  if (payment) ctx.payments?.markUsed(request.uploadKey);

  onStage?.('record');
  const id = randomUUID();
  const entry: HistoryEntry = {
    id,
    fileName: request.fileName,
    // The id it was resolved by (the catalogue's, or an uploader's name), so it resolves again for delete.
    provider: request.providerId,
    tier: tier.id,
    url: outcome.url,
    ...(outcome.viewUrl && { viewUrl: outcome.viewUrl }),
    ...(outcome.deleteUrl && { deleteUrl: outcome.deleteUrl }),
    hostId: outcome.hostId,
    originalBytes: request.bytes.length,
    bytes: optimized.bytes.length,
    format: optimized.format,
    width: optimized.width,
    height: optimized.height,
    uploadedAt: new Date().toISOString(),
    expiresAt: expiryOf(outcome, tier),
    thumbnail: await thumbnailFor(ctx, id, optimized.bytes),
    contentHash: createHash('sha256').update(optimized.bytes).digest('hex'),
    ...(payment && { paymentId: payment.paymentId }),
    uploadKey: request.uploadKey,
    ...(optimized.fitNote && { fitNote: optimized.fitNote }),
  };
  try {
    ctx.history.add(entry);
  } catch (error) {
    // The image is online (and maybe paid for): whatever failed, the person must still get the link.
    throw new ShotlinkError(
      'internal',
      `Uploaded to ${entry.url}, but it could not be recorded in history: ${(error as Error).message}`,
    );
  }
  return entry;
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

/** The host's expiry when it says one, else the tier's retention counted from now. */
function expiryOf(outcome: UploadOutcome, tier: TierInfo): string | null {
  // Normalised: hosts send any date format Date understands; history keeps ISO-8601 UTC.
  if (outcome.expiresAt !== undefined) {
    return outcome.expiresAt === null ? null : new Date(outcome.expiresAt).toISOString();
  }
  if (tier.retentionDays === null) return null;
  return new Date(Date.now() + tier.retentionDays * 86_400_000).toISOString();
}

/** A thumbnail is a nicety: failing to make one must not fail an upload that has already happened. */
async function thumbnailFor(ctx: CoreContext, id: string, bytes: Uint8Array): Promise<string | null> {
  try {
    return await saveThumbnail(ctx.home, id, await makeThumbnail(bytes), 'webp');
  } catch {
    return null;
  }
}

/** `Screen Shot.png` optimized to WebP is sent as `Screen Shot.webp`: hosts check the extension. */
function hostFileName(fileName: string, format: string): string {
  const name = parsePath(fileName).name || 'image';
  return `${name}.${format === 'jpeg' ? 'jpg' : format}`;
}
