// Uploading at once, without the queue: the path of `shotlink upload` and `shotlink capture`. The
// destination is resolved once for a run; each image then takes the pipeline with an upload key made
// from its bytes, so a run that failed after paying reuses its token on the next run.
import { hashBytes } from './util/hash.ts';
import type { TierInfo } from '../../src-shared/catalog.ts';
import type { HistoryEntry } from '../../src-shared/history.ts';
import type { CoreContext } from './context.ts';
import { uploadImage, type PipelineStage, type RetryPolicy } from './pipeline.ts';
import { listProviders, resolveTier } from './providers/registry.ts';

/** Where a run uploads to. */
export interface UploadTarget {
  providerId: string;
  tierId: string;
  tier: TierInfo;
  /** The GitHub repository (`--repo`, or the origin remote the CLI found). */
  repo?: string;
}

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

export interface UploadNowOptions {
  /** In-process retries of host errors that can pass (the queue is not there to retry). */
  retry?: RetryPolicy;
  onStage?: (stage: PipelineStage, detail?: string) => void;
}

export function uploadNow(
  ctx: CoreContext,
  image: { bytes: Uint8Array; fileName: string },
  target: UploadTarget,
  options: UploadNowOptions = {},
): Promise<HistoryEntry> {
  const digest = hashBytes(image.bytes);
  return uploadImage(ctx, {
    bytes: image.bytes,
    fileName: image.fileName,
    providerId: target.providerId,
    tierId: target.tierId,
    // The same bytes to the same tier are the same upload: a paid token bought for them by a run that
    // failed afterwards is reused by the next run instead of paying again.
    uploadKey: `cli:${target.providerId}:${target.tierId}:${target.repo ? `${target.repo}:` : ''}${digest}`,
    ...(target.repo && { hostOptions: { repo: target.repo } }),
    ...(options.retry && { retry: options.retry }),
    ...(options.onStage && { onStage: options.onStage }),
  });
}
