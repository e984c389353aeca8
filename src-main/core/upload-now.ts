// Uploading at once, without the queue: the path of `shotlink upload` and `shotlink capture`. The
// destination is resolved once for a run; each image then takes the pipeline with an upload key made
// from its bytes, so a run that failed after paying reuses its token on the next run.
import { hashBytes } from './util/hash.ts';
import type { TierInfo } from '../../src-shared/catalog.ts';
import type { HistoryEntry } from '../../src-shared/history.ts';
import type { CoreContext } from './context.ts';
import { importImage, uploadImage, type PipelineStage, type RetryPolicy } from './pipeline.ts';
import type { HostOptions } from './providers/provider.ts';
import { listProviders, resolveTier } from './providers/registry.ts';

/** Where a run uploads to. */
export interface UploadTarget {
  providerId: string;
  tierId: string;
  tier: TierInfo;
  /** The GitHub repository (`--repo`, or the origin remote the CLI found). */
  repo?: string;
  /** img.pro with a key: this run's tags and namespace (`--tag`, `--namespace`), over the settings'. */
  tags?: string;
  namespace?: string;
}

/** What the host needs beyond its settings, from the target. */
function hostOptionsOf(target: UploadTarget): { hostOptions?: HostOptions } {
  const options: HostOptions = {
    ...(target.repo && { repo: target.repo }),
    ...(target.tags !== undefined && { tags: target.tags }),
    ...(target.namespace !== undefined && { namespace: target.namespace }),
  };
  return Object.keys(options).length > 0 ? { hostOptions: options } : {};
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
  image: { bytes: Uint8Array; fileName: string; sourceUrl?: string },
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
    ...hostOptionsOf(target),
    ...(image.sourceUrl && { sourceUrl: image.sourceUrl }),
    ...(options.retry && { retry: options.retry }),
    ...(options.onStage && { onStage: options.onStage }),
  });
}

/**
 * Re-hosting a URL on a host that fetches it itself (img.pro): only the URL is sent. Undefined when the
 * target cannot import; the caller then downloads the image (images/download.ts) and uploads it.
 */
export function importNow(
  ctx: CoreContext,
  image: { url: string; fileName: string },
  target: UploadTarget,
  options: UploadNowOptions = {},
): Promise<HistoryEntry | undefined> {
  return importImage(ctx, {
    url: image.url,
    fileName: image.fileName,
    providerId: target.providerId,
    tierId: target.tierId,
    uploadKey: `cli-import:${target.providerId}:${target.tierId}:${hashBytes(new TextEncoder().encode(image.url))}`,
    ...hostOptionsOf(target),
    ...(options.retry && { retry: options.retry }),
    ...(options.onStage && { onStage: options.onStage }),
  });
}
