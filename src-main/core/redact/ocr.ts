// Text recognition on this machine: tesseract.js (Tesseract compiled to WebAssembly) with the English
// model from the npm registry (@tesseract.js-data/eng, its `4.0.0_best_int` folder), so nothing is ever
// downloaded or sent to recognise text. The engine runs in a worker thread, so the service and window
// stay responsive; one worker serves every request of a process and is started on first use.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { Worker } from 'tesseract.js';
import type { Box } from '../../../src-shared/findings.ts';

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

/** The trained model shipped in the npm package: the integer "best" model, accurate and quick to load. */
export function englishModelFolder(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

/**
 * Screenshots taken at 1× have text about 10 px high, below what Tesseract reads well (its glyphs are
 * trained near 30 px): those are recognised at twice their size, and the boxes scaled back.
 */
export function ocrScale(width: number): number {
  return width <= 2000 ? 2 : 1;
}

const toBox = (b: { x0: number; y0: number; x1: number; y1: number }, scale: number): Box => ({
  x: b.x0 / scale,
  y: b.y0 / scale,
  width: (b.x1 - b.x0) / scale,
  height: (b.y1 - b.y0) / scale,
});

export function createOcrEngine(): OcrEngine {
  let starting: Promise<Worker> | null = null;
  const worker = () =>
    (starting ??= import('tesseract.js').then(({ createWorker, OEM }) =>
      createWorker('eng', OEM.LSTM_ONLY, {
        langPath: englishModelFolder(),
        gzip: true,
        // Read the model from the package every time; never write a cache copy anywhere.
        cacheMethod: 'none',
      }),
    ));
  return {
    async recognize(image) {
      // Tesseract reads PNG reliably whatever came in (WebP, HEIC-decoded…), upright.
      const upright = sharp(image).rotate();
      const { width = 0 } = await upright.clone().metadata();
      const scale = ocrScale(width);
      const png = await (scale === 1 ? upright : upright.resize({ width: width * scale, kernel: 'lanczos3' }))
        .png({ compressionLevel: 1 })
        .toBuffer();
      const { data } = await (await worker()).recognize(png, {}, { blocks: true, text: true });
      const lines = (data.blocks ?? []).flatMap((block) =>
        block.paragraphs.flatMap((paragraph) =>
          paragraph.lines.map((line) => ({
            text: line.text.trim(),
            box: toBox(line.bbox, scale),
            words: line.words.map((word) => ({
              text: word.text,
              box: toBox(word.bbox, scale),
              chars: word.symbols.map((symbol) => ({ text: symbol.text, box: toBox(symbol.bbox, scale) })),
            })),
          })),
        ),
      );
      return { text: data.text, lines };
    },
    async close() {
      const started = starting;
      starting = null;
      if (started) await (await started).terminate();
    },
  };
}
