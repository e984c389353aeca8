// Real image bytes for provider tests, made with sharp (no fixtures to go stale).
import sharp from 'sharp';
import { BUILTIN_PROVIDERS, type TierInfo } from '../../src-shared/catalog.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';
import type { UploadInput } from '../../src-main/core/providers/provider.ts';

export async function makePng(width = 40, height = 20): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 90 } } })
    .png()
    .toBuffer();
}

export function tier(providerId: string, tierId: string): TierInfo {
  const found = BUILTIN_PROVIDERS.find((p) => p.id === providerId)?.tiers.find((t) => t.id === tierId);
  if (!found) throw new Error(`no tier ${providerId}/${tierId}`);
  return found;
}

export function pngInput(
  bytes: Uint8Array,
  tierInfo: TierInfo,
  extra: Partial<UploadInput> = {},
): UploadInput {
  return { bytes, fileName: 'shot.png', contentType: 'image/png', tier: tierInfo, ...extra };
}

/** Runs `promise`, which must fail with a ShotlinkError, and returns that error for assertions. */
export async function failure(promise: Promise<unknown>): Promise<ShotlinkError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ShotlinkError) return error;
    throw new Error(`expected a ShotlinkError, got: ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail, but it succeeded');
}
