// Redaction on generated slides with large text on gradients (issue #22, kind 7;
// test/support/gradient-slides.ts), read back by Debian's tesseract with both its global and its local
// threshold. `npx tsx bench/redact-gradients.ts` measures the tuning seeds and explains every miss;
// `REDACT_GRADIENT_SEEDS=held-out` prints the held-out seeds' totals alone, for the one measurement
// taken once the code is frozen. REDACT_BENCH_CACHE keeps renders and recognition between runs.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOcrEngine } from '../src-main/core/redact/ocr.ts';
import {
  generateGradientSlide,
  GRADIENT_HELD_OUT_SEEDS,
  GRADIENT_TUNING_SEEDS,
} from '../test/support/gradient-slides.ts';
import { formatMeasurement, measureRedaction } from '../test/support/redaction-measure.ts';
import { independentOcrBothThresholds } from '../test/support/secret-corpus.ts';

const heldOut = process.env.REDACT_GRADIENT_SEEDS === 'held-out';
const cache = process.env.REDACT_BENCH_CACHE ?? join(tmpdir(), 'shotlink-redact-cache');
const engine = createOcrEngine();
try {
  const m = await measureRedaction(engine, heldOut ? GRADIENT_HELD_OUT_SEEDS : GRADIENT_TUNING_SEEDS, cache, {
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
