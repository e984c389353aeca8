// A cheap look at the pixels to guess which kind of encoder wins: screenshots of text and UI are mostly
// flat runs of identical colours (lossless coders shrink them to almost nothing and lossy coders smear
// their sharp edges), photographs change colour at nearly every pixel (only lossy coders cope).
import type { Sharp } from 'sharp';

export type ContentKind = 'graphic' | 'photo';

export interface ContentStats {
  kind: ContentKind;
  /** Share of sampled pixels that differ from their left neighbour: ~0 for flat UI, ~1 for a photo. */
  busyFraction: number;
  /** Distinct RGB colours in the sample. */
  colours: number;
}

// Sample size: nearest-neighbour keeps real pixel values (no blending that would invent colours), and
// 640 columns are enough to see the page layout while costing a few milliseconds to scan.
const SAMPLE_WIDTH = 640;
// Above this share of busy pixels the photographic parts dominate a lossless file's size.
const PHOTO_BUSY_FRACTION = 0.35;

export async function classifyContent(pipeline: Sharp): Promise<ContentStats> {
  const { data, info } = await pipeline
    .resize({ width: SAMPLE_WIDTH, withoutEnlargement: true, kernel: 'nearest' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  const colours = new Set<number>();
  let busy = 0;
  for (let y = 0; y < height; y++) {
    let previous = -1;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      const colour = channels >= 3 ? (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]! : data[i]!;
      colours.add(colour);
      if (x > 0 && colour !== previous) busy += 1;
      previous = colour;
    }
  }
  const busyFraction = busy / Math.max(1, (width - 1) * height);
  return {
    kind: busyFraction > PHOTO_BUSY_FRACTION ? 'photo' : 'graphic',
    busyFraction,
    colours: colours.size,
  };
}
