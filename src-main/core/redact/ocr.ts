// Text recognition on this machine: tesseract.js (Tesseract compiled to WebAssembly) with the English
// model from the npm registry (@tesseract.js-data/eng, its `4.0.0_best_int` folder), so nothing is ever
// downloaded or sent to recognise text. The engine runs in worker threads, so the service and window
// stay responsive: two of them (on two cores or more), started on first use, each recognising a band of
// a tall image at the same time. The scale and the bands are chosen in ocr-plan.ts.
//
// The work is bounded: an image larger than OCR_LIMITS.maxPixels is refused before it is decoded, and
// one taking longer than OCR_LIMITS.timeoutMs, or whose caller went away (an AbortSignal), is stopped by
// ending the workers (Tesseract cannot be interrupted otherwise); the next image gets fresh ones. Images
// are recognised one at a time in the order they came, so one image never holds the workers past its
// time limit.
import { availableParallelism } from 'node:os';
import sharp from '../images/sharp.ts';
import type { Worker } from 'tesseract.js';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { Box } from '../../../src-shared/findings.ts';
import { englishModelFolder } from '../package-files.js';
import { evenGround } from './ocr-ground.ts';
import { bandsOf, ocrScale, textHeight, type Band } from './ocr-plan.ts';

export interface OcrChar {
  text: string;
  box: Box;
}

export interface OcrWord {
  text: string;
  box: Box;
  chars: OcrChar[];
}

export interface OcrLine {
  text: string;
  box: Box;
  words: OcrWord[];
}

export interface OcrResult {
  text: string;
  lines: OcrLine[];
  /** The image's upright width, in its own pixels (a finding reaching it may run off the edge). */
  width?: number;
}

export interface RecognizeOptions {
  /** Aborted when the caller has gone away: the work stops and the workers are freed. */
  signal?: AbortSignal;
}

export interface OcrEngine {
  recognize(image: Uint8Array, options?: RecognizeOptions): Promise<OcrResult>;
  /**
   * Starts the workers now (the model loaded, a line of text read to warm them up), for a caller that
   * knows images will come: the first image then costs what the next ones do.
   */
  start?(): Promise<void>;
  close(): Promise<void>;
}

export interface OcrLimits {
  /** How long one image may take to recognise. */
  timeoutMs: number;
  /** The most pixels (upright, before any scaling) an image may have to be recognised. */
  maxPixels: number;
}

/**
 * A 1080p screenshot takes about 2 s here and a 5K one about 10 s; noise or a photo can take minutes,
 * which is what the time limit is for. 25 million pixels is more than a 6K display.
 */
export const OCR_LIMITS: OcrLimits = {
  timeoutMs: Number(process.env.SHOTLINK_OCR_TIMEOUT_MS) || 30_000,
  maxPixels: 25_000_000,
};

/** Offset of a band within the whole image, in the recognised (scaled) image's pixels. */
const toBox = (b: { x0: number; y0: number; x1: number; y1: number }, scale: number, top = 0): Box => ({
  x: b.x0 / scale,
  y: (b.y0 + top) / scale,
  width: (b.x1 - b.x0) / scale,
  height: (b.y1 - b.y0) / scale,
});

/**
 * The image as Tesseract reads it fastest: grey, dark text on a light ground (a terminal's light-on-dark
 * text is inverted first: Tesseract finds inverted text too, but at twice the time), at the OCR scale,
 * as raw 8-bit pixels, one byte a pixel, row after row. The image is decoded once (the mean that tells a
 * dark theme is taken from those bytes), and the bands go to Tesseract as uncompressed PGM: a PNG would
 * be compressed here only to be decompressed again inside the WebAssembly, which cost a tenth of the
 * recognition's time (bench/redact-speed.ts; the pixels Tesseract reads are the same).
 */
export async function prepare(
  image: Uint8Array,
  limits: OcrLimits,
  workers: number,
): Promise<{ pixels: Buffer; width: number; scale: number; original: number; bands: Band[] }> {
  // The size upright (EXIF orientation applied), as the pixels are recognised: from the header alone.
  const { width, height } = (await sharp(image).metadata()).autoOrient;
  if (width * height > limits.maxPixels) {
    throw new ShotlinkError(
      'input',
      `The image is ${width}×${height} pixels, more than the ${Math.round(limits.maxPixels / 1e6)} million that are read for secrets; crop or scale it down first.`,
    );
  }
  // One channel (`grayscale` alone keeps three equal ones), 8 bits even from a 16-bit PNG.
  // A ground that runs from light to dark behind the text is evened out (ocr-ground.ts); others are kept.
  const grey = evenGround(
    await sharp(image, { pages: 1 }).rotate().grayscale().toColourspace('b-w').removeAlpha().raw().toBuffer(),
    width,
    height,
  );
  let sum = 0;
  for (let i = 0; i < grey.length; i++) sum += grey[i]!;
  const dark = sum / Math.max(1, grey.length) < 110;
  const scale = ocrScale(textHeight(grey, width, height), width, height, limits.maxPixels);
  const bands = bandsOf(height, workers, scale);
  if (!dark && scale === 1) return { pixels: grey, width, scale, original: width, bands };
  let pipeline = sharp(grey, { raw: { width, height, channels: 1 } });
  if (dark) pipeline = pipeline.negate();
  if (scale !== 1) pipeline = pipeline.resize({ width: width * scale, kernel: 'lanczos3' });
  return {
    pixels: await pipeline.toColourspace('b-w').raw().toBuffer(),
    width: width * scale,
    scale,
    original: width,
    bands,
  };
}

/** Rows [top, top + height) of one-byte-a-pixel grey pixels as a binary PGM, which Leptonica reads as is. */
export function pgmOf(pixels: Buffer, width: number, top: number, height: number): Buffer {
  return Buffer.concat([
    Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1'),
    pixels.subarray(top * width, (top + height) * width),
  ]);
}

/** Two workers where the machine has the cores: the bands of one image are recognised in parallel. */
const WORKERS = Math.min(2, availableParallelism());

/**
 * A line of text in a 356-byte PNG (`TOKEN=ghp_Warm0up1`, DejaVu Sans Mono, black and white): read once by
 * each worker an engine starts ahead of its first image. A new worker's first image takes about half a
 * second longer than the next (a one-time setup inside Tesseract and the WebAssembly code warming up);
 * this line pays that while the person selects a region or an agent has not asked yet.
 */
const WARM_UP_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAASwAAAAkAQAAAAAbIjoBAAABK0lEQVQ4y+3Tv0vEMBQH8IDQbi1uN1U6ufoHhBb8A7z9pk7tptWCVCgNh3+A/9LB3WxWt9uuazBLhpLnS+/U/lLKDefig4bQfGh43yYEppQg/+xUTP7CakKDMrUCtmc1hOb9Gh8VtpgmuVcIp8eWZq3NoJKvT1J7XUbN0GdZwzbvFz7oKg/fohcqud9j1S6R+oYBES5BlrqryC4zTgZsLpzbyMYvUNDXjPNdjIwOmC2cOLIKyQN2YHGG8z67lDpmes8Wubv9gWELj1/snm+bTYcMA3n43HSRIEtGWJNbfmAwqwyjcoQVyBg0nX6zfqfKK1OnwNwkZgVUYAvJEjNUbofVQXllIduY5IGqO2RrNfeVPXqQ6vZf7M6PYOfT2PM0Zmp1BmP19xfwZOwD+WvBFifCCKQAAAAASUVORK5CYII=',
  'base64',
);

export function createOcrEngine(limits: OcrLimits = OCR_LIMITS): OcrEngine {
  let starting: Promise<Worker[]> | null = null;
  /** The workers, started now if they are not; warmed up by a line of text when started ahead of time. */
  const workers = (warmUp = false) =>
    (starting ??= import('tesseract.js').then(({ createWorker, OEM }) =>
      Promise.all(
        Array.from({ length: WORKERS }, async () => {
          const worker = await createWorker('eng', OEM.LSTM_ONLY, {
            langPath: englishModelFolder(),
            gzip: true,
            // Read the model from the package every time; never write a cache copy anywhere.
            cacheMethod: 'none',
          });
          if (warmUp) await worker.recognize(WARM_UP_PNG);
          return worker;
        }),
      ),
    ));
  /** Ends the workers (the only way to stop Tesseract mid-image); the next image starts new ones. */
  const stop = async () => {
    const started = starting;
    starting = null;
    if (started) await Promise.all((await started.catch(() => [])).map((worker) => worker.terminate()));
  };

  const recognizeNow = async (image: Uint8Array): Promise<OcrResult> => {
    // The workers start (if they have not) while the image is prepared.
    const started = workers();
    started.catch(() => undefined);
    const { pixels, width, scale, original, bands } = await prepare(image, limits, WORKERS);
    const pool = await started;
    const results = await Promise.all(
      bands.map(async (band, i) => {
        const input = pgmOf(pixels, width, band.top, band.height);
        // Stopped meanwhile (its caller left): a job sent to an ended worker fails where nobody
        // catches it (tesseract.js's send), so none is sent.
        if (starting !== started) throw new Error('Text recognition was stopped.');
        const { data } = await pool[i % pool.length]!.recognize(input, {}, { blocks: true, text: true });
        return (data.blocks ?? [])
          .flatMap((block) => block.paragraphs.flatMap((paragraph) => paragraph.lines))
          .filter((line) => {
            const middle = band.top + (line.bbox.y0 + line.bbox.y1) / 2;
            return middle >= band.from && middle < band.to;
          })
          .map((line) => ({
            text: line.text.trim(),
            box: toBox(line.bbox, scale, band.top),
            words: line.words.map((word) => ({
              text: word.text,
              box: toBox(word.bbox, scale, band.top),
              chars: word.symbols.map((symbol) => ({
                text: symbol.text,
                box: toBox(symbol.bbox, scale, band.top),
              })),
            })),
          }));
      }),
    );
    const lines = results.flat();
    return { text: lines.map((line) => line.text).join('\n'), lines, width: original };
  };

  // One image at a time, in order: each waits for the one before it, which is bounded.
  let turn: Promise<unknown> = Promise.resolve();
  return {
    recognize(image, { signal } = {}) {
      const mine = turn.then(async () => {
        if (signal?.aborted) throw new ShotlinkError('usage', 'Text recognition was cancelled.');
        let timer: NodeJS.Timeout | undefined;
        let onAbort: (() => void) | undefined;
        const limit = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new ShotlinkError(
                  'input',
                  `Reading the image's text took longer than ${Math.round(limits.timeoutMs / 1000)} s, so it was stopped (an image of noise or a large photo can do that).`,
                ),
              ),
            limits.timeoutMs,
          );
          onAbort = () => reject(new ShotlinkError('usage', 'Text recognition was cancelled.'));
          signal?.addEventListener('abort', onAbort, { once: true });
        });
        const work = recognizeNow(image);
        try {
          return await Promise.race([work, limit]);
        } catch (error) {
          // Stopped mid-image: the workers are ended so they cannot hold the next image up.
          work.catch(() => undefined);
          if (error instanceof ShotlinkError && /took longer|cancelled/.test(error.message)) await stop();
          throw error;
        } finally {
          clearTimeout(timer);
          if (onAbort) signal?.removeEventListener('abort', onAbort);
        }
      });
      turn = mine.catch(() => undefined);
      return mine;
    },
    async start() {
      await workers(true);
    },
    close: stop,
  };
}
