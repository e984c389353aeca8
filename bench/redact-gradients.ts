// Redaction on generated slides with large text on gradients (issue #22, kind 7;
// test/support/gradient-slides.ts), read back by Debian's tesseract with both its global and its local
// threshold. `npx tsx bench/redact-gradients.ts` measures the tuning seeds and explains every miss;
// `REDACT_GRADIENT_SEEDS=held-out` (or `=second`, the second held-out list) prints the held-out seeds'
// totals alone, for the one measurement taken once the code is frozen. REDACT_BENCH_CACHE keeps renders and recognition between runs.
// `REDACT_GRADIENT_SEEDS=cost` prints what finding the ground and evening it cost on a 1080p image,
// beside decoding that image to grey (which prepare() does anyway), medians of alternating rounds.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { evenGround, groundOf, isUneven } from '../src-main/core/redact/ocr-ground.ts';
import { createOcrEngine } from '../src-main/core/redact/ocr.ts';
import { median } from './median.ts';
import {
  generateGradientSlide,
  GRADIENT_HELD_OUT_SEEDS,
  GRADIENT_SECOND_HELD_OUT_SEEDS,
  GRADIENT_TUNING_SEEDS,
} from '../test/support/gradient-slides.ts';
import { formatMeasurement, measureRedaction } from '../test/support/redaction-measure.ts';
import { independentOcrBothThresholds } from '../test/support/secret-corpus.ts';

const heldOutLists: Record<string, number[]> = {
  'held-out': GRADIENT_HELD_OUT_SEEDS,
  second: GRADIENT_SECOND_HELD_OUT_SEEDS,
};
const heldOutSeeds = heldOutLists[process.env.REDACT_GRADIENT_SEEDS ?? ''];
const heldOut = heldOutSeeds !== undefined;
if (process.env.REDACT_GRADIENT_SEEDS === 'cost') {
  await cost();
  process.exit(0);
}
const cache = process.env.REDACT_BENCH_CACHE ?? join(tmpdir(), 'shotlink-redact-cache');
const engine = createOcrEngine();
try {
  const m = await measureRedaction(engine, heldOutSeeds ?? GRADIENT_TUNING_SEEDS, cache, {
    explain: !heldOut,
    generate: generateGradientSlide,
    reader: { name: 'both-thresholds', read: independentOcrBothThresholds },
  });
  for (const miss of m.misses) console.log(`  ${miss}`);
  console.log(`\n${heldOut ? 'Held-out' : 'Tuning'} gradient slides (${m.pages} screenshots):`);
  console.log(formatMeasurement(m));
} finally {
  await engine.close();
}

/** A 1920×1080 page of text on a flat ground and on a gradient: decoding, finding the ground, evening it. */
async function cost() {
  const page = (ground: string) =>
    sharp(
      Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="1080"><defs><linearGradient id="g"><stop offset="0" stop-color="#9da03e"/><stop offset="1" stop-color="#0c0d06"/></linearGradient></defs><rect width="100%" height="100%" fill="${ground}"/><g font-family="DejaVu Sans" font-size="40" fill="#f5f5f5">${Array.from({ length: 14 }, (_, i) => `<text x="64" y="${100 + i * 68}">Deployed version 3.14.${i} to staging, all 412 tests passed</text>`).join('')}</g></svg>`,
      ),
    )
      .png()
      .toBuffer();
  const flat = await page('#1e1e1e');
  const gradient = await page('url(#g)');
  const decode = (png: Buffer) => sharp(png).grayscale().toColourspace('b-w').removeAlpha().raw().toBuffer();
  const [flatGrey, gradientGrey] = [await decode(flat), await decode(gradient)];
  const times = { decode: [] as number[], find: [] as number[], even: [] as number[] };
  for (let round = 0; round < 15; round++) {
    let t = performance.now();
    await decode(flat);
    times.decode.push(performance.now() - t);
    t = performance.now();
    if (isUneven(groundOf(flatGrey, 1920, 1080))) throw new Error('a flat page was found uneven');
    times.find.push(performance.now() - t);
    t = performance.now();
    if (evenGround(gradientGrey, 1920, 1080) === gradientGrey) throw new Error('a gradient was found even');
    times.even.push(performance.now() - t);
  }
  const ms = (values: number[]) => `${median(values).toFixed(1)} ms`;
  console.log(`1920×1080, medians of 15 alternating rounds:`);
  console.log(`  decoding a PNG to grey (done anyway)        ${ms(times.decode)}`);
  console.log(`  finding the ground of a flat page (kept)    ${ms(times.find)}`);
  console.log(`  finding and evening a gradient's ground     ${ms(times.even)}`);
}
