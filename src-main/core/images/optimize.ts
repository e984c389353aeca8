// Optimize: make the smallest faithful file that fits the host's byte limit.
//
// Order of preference, stopping at the first encode that fits:
//   1. the best lossless encoding for the content (screenshots of text/UI), or a high-quality lossy one
//      for photographs, chosen by a cheap look at the pixels (classify.ts) rather than by trying every
//      encoder;
//   2. lossy quality steps at full size;
//   3. downscaling steps (never upscaling), each sized from how far the last attempt overshot.
// At most MAX_ENCODES encodes are made, so a hopeless image fails in bounded time.
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { OutputFormat as OutputFormatSetting } from '../../../src-shared/settings.ts';
import type { IntakeImage } from './intake.ts';
import { classifyContent, type ContentKind } from './classify.ts';
import { isLosslessWebp } from './sniff.ts';
import {
  encode,
  openSource,
  describeEncoding,
  CONTENT_TYPES,
  type Encoded,
  type Encoding,
  type EncodeSource,
  type OutputFormat,
} from './encode.ts';

export interface OptimizeOptions {
  maxBytes: number;
  outputFormat: OutputFormatSetting;
  keepMetadata: boolean;
  maxInputPixels: number;
  /** Only for messages. */
  fileName?: string;
}

export interface OptimizedImage {
  bytes: Buffer;
  format: OutputFormat;
  contentType: string;
  width: number;
  height: number;
  originalBytes: number;
  /** How many full encodes it took (at most MAX_ENCODES). */
  encodes: number;
  /**
   * What fitting the tier's limit cost, when the first choice did not fit: a person is told (the CLI on
   * stderr, the window on the job's row), e.g. "downscaled 2200×1800 → 1201×983 to fit 1.00 MB".
   */
  fitNote?: string;
}

/** Upper bound on encodes per image: 1 first choice + up to 3 quality steps + the rest scaling steps. */
export const MAX_ENCODES = 8;

// Do not let a scaling step shrink the image by more than this in one go, nor by less (it would waste
// an encode on a difference too small to matter).
const MIN_SCALE_STEP = 0.35;
const MAX_SCALE_STEP = 0.9;
// Bytes grow roughly with the pixel count, a bit less for flat screenshots: aim a little under the limit.
const SCALE_SAFETY = 0.92;
// A quality step rarely saves more than ~40%: when further off than this, go straight to scaling.
const QUALITY_STEP_REACH = 1.7;
// Never scale below a quarter of the width and height (1/16 of the pixels): smaller than that it is no
// longer the picture the person took, and a tier with a larger limit is the honest answer.
const MIN_SCALE = 0.25;
// A fitted scaled image under this share of the limit gets one step back up (see useTheBudget).
const BUDGET_USED_ENOUGH = 0.8;
const BUDGET_STEPS = 2;
// Below this many pixels on the short side, text is unreadable anyway.
const MIN_SIDE = 64;
// libwebp effort (0-6). Lossless: 3 gives the same bytes as the default 4 on screenshots, a little
// faster. Lossy: 4 is the default; lower efforts cost 4-15% more bytes on photographs.
const LOSSLESS_EFFORT = 3;
const LOSSY_EFFORT = 4;

interface Ladder {
  /** The first choice, at full size. */
  first: Encoding;
  /** Lossy steps at full size, in order. */
  qualitySteps: Encoding[];
  /** The encoding used for downscaled attempts. */
  scaled: Encoding;
}

export async function optimizeImage(image: IntakeImage, options: OptimizeOptions): Promise<OptimizedImage> {
  const family = outputFamily(image, options.outputFormat);
  // PNG and JPEG cannot animate: a forced still format keeps the first frame.
  const animated = image.animated && (family === 'webp' || family === 'gif');
  const source: EncodeSource = {
    bytes: image.bytes,
    animated,
    keepMetadata: options.keepMetadata,
    maxInputPixels: options.maxInputPixels,
    width: image.width,
    height: image.height,
  };
  const webpContent =
    family === 'webp' ? await webpKind(image, options.outputFormat, options.maxInputPixels) : undefined;
  const ladder = buildLadder(family, webpContent);

  let encodes = 0;
  const attempt = async (encoding: Encoding, scale = 1): Promise<Encoded> => {
    encodes += 1;
    return encode(source, encoding, scale);
  };
  const fits = (result: Encoded) => result.bytes.length <= options.maxBytes;
  // 1. First choice, full size. Anything after it is a compromise the person is told about.
  const first = await attempt(ladder.first);
  const done = (result: Encoded): OptimizedImage => ({
    bytes: result.bytes,
    format: result.encoding.format,
    contentType: CONTENT_TYPES[result.encoding.format],
    width: result.width,
    height: result.height,
    originalBytes: image.bytes.length,
    encodes,
    ...(result !== first && { fitNote: fitNote(image, result, options.maxBytes) }),
  });

  let best = first;
  if (fits(best)) return done(best);

  // 2. Quality steps, while they can plausibly close the gap.
  let last = best;
  for (const step of ladder.qualitySteps) {
    if (encodes >= MAX_ENCODES) break;
    // From a lossless encode the first lossy step is always worth a try: it often saves 3-10x.
    if (isLossy(last.encoding) && last.bytes.length > options.maxBytes * QUALITY_STEP_REACH) break;
    last = await attempt(step);
    if (last.bytes.length < best.bytes.length) best = last;
    if (fits(last)) return done(last);
  }

  // 3. Downscaling, always lossy: resampling turns crisp text into soft ramps of new colours that a
  //    lossless coder pays dearly for (on the benchmark's docs page, lossless at 80% scale is three times
  //    the full-size file). Each step is sized from how far the previous attempt overshot.
  let reference = last;
  let scale = 1;
  let tooBig = 1; // the smallest scale known not to fit
  while (encodes < MAX_ENCODES && scale > MIN_SCALE) {
    const step = Math.sqrt(options.maxBytes / reference.bytes.length) * SCALE_SAFETY;
    scale = Math.max(MIN_SCALE, scale * Math.min(MAX_SCALE_STEP, Math.max(MIN_SCALE_STEP, step)));
    if (Math.min(image.width, image.height) * scale < MIN_SIDE) break;
    reference = await attempt(ladder.scaled, scale);
    if (reference.bytes.length < best.bytes.length) best = reference;
    if (fits(reference)) return done(await useTheBudget(reference, scale, tooBig));
    tooBig = scale;
  }

  throw cannotFit(options, best);

  /**
   * A scaling step that overshot lands well under the limit: a step or two back up, between the scale
   * that fits and the one that did not, keeps more of the picture (a 1 MB tier should not get 500 KB).
   */
  async function useTheBudget(fitted: Encoded, fittedScale: number, failedScale: number): Promise<Encoded> {
    let [lo, hi, kept] = [fittedScale, failedScale, fitted];
    for (let step = 0; step < BUDGET_STEPS && encodes < MAX_ENCODES; step++) {
      if (kept.bytes.length > options.maxBytes * BUDGET_USED_ENOUGH) break;
      // Aim by the room left, but stay inside the bracket; a step too small to matter is not worth an encode.
      const aim = lo * Math.sqrt(options.maxBytes / kept.bytes.length) * SCALE_SAFETY;
      const next = Math.min(aim, (lo + hi) / 2);
      if (next <= lo * 1.04) break;
      const retry = await attempt(ladder.scaled, next);
      if (fits(retry)) [lo, kept] = [next, retry];
      else hi = next;
    }
    return kept;
  }
}

/** "downscaled 2200×1800 → 1201×983 and made lossy to fit 1.00 MB" */
function fitNote(image: IntakeImage, result: Encoded, maxBytes: number): string {
  const lossy = isLossy(result.encoding);
  const scaled = result.width !== image.width || result.height !== image.height;
  const what = [
    ...(scaled ? [`downscaled ${image.width}×${image.height} → ${result.width}×${result.height}`] : []),
    ...(lossy ? [`saved as ${describeEncoding(result.encoding)}`] : []),
  ].join(' and ');
  return `${what} to fit ${formatBytes(maxBytes)}; a tier with a larger limit keeps it as it is`;
}

/** WebP cannot hold more than 16383 pixels on a side (a full-page screenshot can have 20000). */
export const WEBP_MAX_SIDE = 16_383;

function outputFamily(image: IntakeImage, setting: OutputFormatSetting): OutputFormat {
  const chosen = setting === 'original' ? image.format : setting === 'auto' ? 'webp' : setting;
  // Too tall or wide for WebP: PNG holds it, losslessly, and its own ladder fits it to the tier.
  if (chosen === 'webp' && Math.max(image.width, image.height) > WEBP_MAX_SIDE) return 'png';
  return chosen;
}

/** Only WebP has both modes to choose from: lossless for screenshots, lossy for photographs. */
async function webpKind(
  image: IntakeImage,
  setting: OutputFormatSetting,
  maxInputPixels: number,
): Promise<ContentKind> {
  // Keeping the original format (here: a WebP) keeps its mode too.
  if (setting === 'original') return isLosslessWebp(image.bytes) ? 'graphic' : 'photo';
  if (image.content) return image.content.kind;
  const firstFrame = openSource({ bytes: image.bytes, animated: false, maxInputPixels });
  return (await classifyContent(firstFrame, image)).kind;
}

/** `webpContent` picks WebP's mode; the other formats have one ladder each. */
function buildLadder(family: OutputFormat, webpContent?: ContentKind): Ladder {
  switch (family) {
    case 'webp': {
      return webpContent === 'graphic'
        ? {
            first: { format: 'webp', lossless: true, effort: LOSSLESS_EFFORT },
            // Text stays readable at these qualities; below them we would rather scale down.
            qualitySteps: [90, 80, 70].map((quality) => ({
              format: 'webp',
              lossless: false,
              quality,
              effort: LOSSY_EFFORT,
            })),
            scaled: { format: 'webp', lossless: false, quality: 80, effort: LOSSY_EFFORT },
          }
        : {
            first: { format: 'webp', lossless: false, quality: 85, effort: LOSSY_EFFORT },
            qualitySteps: [75, 65, 55].map((quality) => ({
              format: 'webp',
              lossless: false,
              quality,
              effort: LOSSY_EFFORT,
            })),
            scaled: { format: 'webp', lossless: false, quality: 75, effort: LOSSY_EFFORT },
          };
    }
    case 'png':
      return {
        first: { format: 'png', palette: false },
        // A 256-colour palette is PNG's only "quality" knob; screenshots usually survive it well.
        qualitySteps: [
          { format: 'png', palette: true, colours: 256 },
          { format: 'png', palette: true, colours: 64 },
        ],
        scaled: { format: 'png', palette: true, colours: 256 },
      };
    case 'jpeg':
      return {
        first: { format: 'jpeg', quality: 85 },
        qualitySteps: [75, 65, 55].map((quality) => ({ format: 'jpeg', quality })),
        scaled: { format: 'jpeg', quality: 75 },
      };
    case 'gif':
      return {
        first: { format: 'gif', colours: 256 },
        qualitySteps: [
          { format: 'gif', colours: 128 },
          { format: 'gif', colours: 64 },
        ],
        scaled: { format: 'gif', colours: 128 },
      };
  }
}

function isLossy(encoding: Encoding): boolean {
  if (encoding.format === 'webp') return !encoding.lossless;
  if (encoding.format === 'png') return encoding.palette;
  return true;
}

function cannotFit(options: OptimizeOptions, best: Encoded): ShotlinkError {
  const name = options.fileName ? `${JSON.stringify(options.fileName)}` : 'The image';
  return new ShotlinkError(
    'input',
    `${name} cannot be made to fit the ${formatBytes(options.maxBytes)} limit of this tier: the smallest ` +
      `version reached ${formatBytes(best.bytes.length)} (${describeEncoding(best.encoding)} at ` +
      `${best.width} × ${best.height}). Choose a tier with a larger limit (img402 paid tiers take 5 MB, ` +
      `img.pro 20 MB), or crop the image.`,
    { code: 'cannot_fit' },
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
}
