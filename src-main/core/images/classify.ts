// A cheap look at the pixels to guess which kind of encoder wins, instead of trying them all.
//
// Screenshots of text and UI reuse a small set of colours: a few theme colours plus the anti-aliasing
// ramps between them, so a lossless coder (which stores each colour once and then short references)
// shrinks them far below any lossy coder, and lossy coders smear their sharp edges. Photographs bring a
// new colour every few pixels; only lossy coders cope with them. So we count distinct colours per
// sampled pixel. On the benchmark corpus (bench/optimize.ts) text, code and dashboards measure 0.1-0.3%,
// a text page with one photo 3.5-7.5%, photo pages ~30%. Pasting ever larger photos into the 1440p docs
// page, lossless and WebP q85 cost the same at a ratio of ~2.2% (a photo on 3% of the page): below 2%
// lossless wins and keeps the text exact, above it lossy wins by more and more.
import type { Sharp } from 'sharp';

export type ContentKind = 'graphic' | 'photo';

export interface ContentStats {
  kind: ContentKind;
  /** Distinct colours divided by sampled pixels. */
  colourRatio: number;
  /** Distinct RGB colours in the sample. */
  colours: number;
}

// Whole rows at full width, picked by nearest neighbour: real pixel values (resampling would blend
// neighbours and invent colours), and a spread of rows over the whole page.
const SAMPLE_ROWS = 256;
const SAMPLE_MAX_WIDTH = 4096;
export const PHOTO_COLOUR_RATIO = 0.02;

/** `pipeline` opens the image (oriented) whose frame is `size`; only its first frame is looked at. */
export async function classifyContent(
  pipeline: Sharp,
  size: { width: number; height: number },
): Promise<ContentStats> {
  const { data, info } = await pipeline
    .resize(Math.min(size.width, SAMPLE_MAX_WIDTH), Math.min(size.height, SAMPLE_ROWS), {
      fit: 'fill',
      kernel: 'nearest',
    })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels = info.width * info.height;
  const colours = countColours(data, pixels, info.channels);
  const colourRatio = colours / Math.max(1, pixels);
  return { kind: colourRatio > PHOTO_COLOUR_RATIO ? 'photo' : 'graphic', colourRatio, colours };
}

/** Distinct 24-bit colours, with a 2 MB bitmap (one bit per possible colour) rather than a Set. */
function countColours(data: Buffer, pixels: number, channels: number): number {
  const seen = new Uint8Array(1 << 21);
  let count = 0;
  for (let p = 0, i = 0; p < pixels; p++, i += channels) {
    const colour = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
    const byte = colour >>> 3;
    const bit = 1 << (colour & 7);
    if ((seen[byte]! & bit) === 0) {
      seen[byte]! |= bit;
      count += 1;
    }
  }
  return count;
}
