// Text recognition on this machine: tesseract.js (Tesseract compiled to WebAssembly) with the English
// model from the npm registry (@tesseract.js-data/eng, its `4.0.0_best_int` folder), so nothing is ever
// downloaded or sent to recognise text. The engine runs in worker threads, so the service and window
// stay responsive: two of them (on two cores or more), started on first use, each recognising half of a
// tall image at the same time.
import { availableParallelism } from 'node:os';
import sharp from 'sharp';
import type { Worker } from 'tesseract.js';
import type { Box } from '../../../src-shared/findings.ts';
import { englishModelFolder } from '../package-files.js';

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
}

export interface OcrEngine {
  recognize(image: Uint8Array): Promise<OcrResult>;
  close(): Promise<void>;
}

/**
 * Screenshots taken at 1× have text about 10 px high, below what Tesseract reads well (its glyphs are
 * trained near 30 px): those are recognised at twice their size, and the boxes scaled back.
 */
export function ocrScale(width: number): number {
  return width <= 2000 ? 2 : 1;
}

/** Offset of a band within the whole image, in the recognised (scaled) image's pixels. */
const toBox = (b: { x0: number; y0: number; x1: number; y1: number }, scale: number, top = 0): Box => ({
  x: b.x0 / scale,
  y: (b.y0 + top) / scale,
  width: (b.x1 - b.x0) / scale,
  height: (b.y1 - b.y0) / scale,
});

/**
 * The image as Tesseract reads it fastest: grey, dark text on a light ground (a terminal's light-on-dark
 * text is inverted first: Tesseract finds inverted text too, but at twice the time), at the OCR scale.
 */
async function prepare(
  image: Uint8Array,
): Promise<{ png: Buffer; width: number; height: number; scale: number }> {
  const upright = sharp(image).rotate().grayscale();
  // The size upright (EXIF orientation applied), as the pixels are recognised.
  const { width, height } = (await sharp(image).metadata()).autoOrient;
  const { channels } = await upright.clone().stats();
  const dark = (channels[0]?.mean ?? 255) < 110;
  const scale = ocrScale(width);
  let pipeline = dark ? upright.negate({ alpha: false }) : upright;
  if (scale !== 1) pipeline = pipeline.resize({ width: width * scale, kernel: 'lanczos3' });
  return {
    png: await pipeline.png({ compressionLevel: 1 }).toBuffer(),
    width: width * scale,
    height: height * scale,
    scale,
  };
}

/** Bands taller than this are split in two and recognised side by side, one per worker. */
const BAND_SPLIT_HEIGHT = 1400;
/** How far the two bands overlap: more than a line of text, so every line is whole in one of them. */
const BAND_OVERLAP = 160;

/** Horizontal bands of the image: [top, height, keep lines whose middle lies in [from, to)). */
export function bandsOf(height: number): { top: number; height: number; from: number; to: number }[] {
  if (height <= BAND_SPLIT_HEIGHT) return [{ top: 0, height, from: 0, to: height }];
  const middle = Math.round(height / 2);
  return [
    { top: 0, height: Math.min(height, middle + BAND_OVERLAP), from: 0, to: middle },
    {
      top: Math.max(0, middle - BAND_OVERLAP),
      height: height - Math.max(0, middle - BAND_OVERLAP),
      from: middle,
      to: height,
    },
  ];
}

/** Two workers where the machine has the cores: the bands of one image are recognised in parallel. */
const WORKERS = Math.min(2, availableParallelism());

export function createOcrEngine(): OcrEngine {
  let starting: Promise<Worker[]> | null = null;
  const workers = () =>
    (starting ??= import('tesseract.js').then(({ createWorker, OEM }) =>
      Promise.all(
        Array.from({ length: WORKERS }, () =>
          createWorker('eng', OEM.LSTM_ONLY, {
            langPath: englishModelFolder(),
            gzip: true,
            // Read the model from the package every time; never write a cache copy anywhere.
            cacheMethod: 'none',
          }),
        ),
      ),
    ));
  return {
    async recognize(image) {
      const { png, width, height, scale } = await prepare(image);
      const pool = await workers();
      const bands = bandsOf(height);
      const results = await Promise.all(
        bands.map(async (band, i) => {
          const input =
            bands.length === 1
              ? png
              : await sharp(png)
                  .extract({ left: 0, top: band.top, width, height: band.height })
                  .png({ compressionLevel: 1 })
                  .toBuffer();
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
      return { text: lines.map((line) => line.text).join('\n'), lines };
    },
    async close() {
      const started = starting;
      starting = null;
      if (started) await Promise.all((await started).map((worker) => worker.terminate()));
    },
  };
}
