// Redaction on the TUNING seeds, with every miss explained (run: `npx tsx bench/redact-tune.ts`). This is
// the script to look at while changing rules; bench/redact.ts reports the held-out seeds, never explained.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOcrEngine } from '../src-main/core/redact/ocr.ts';
import { formatMeasurement, measureRedaction } from '../test/support/redaction-measure.ts';
import { TUNING_SEEDS } from '../test/support/screenshot-generator.ts';

const engine = createOcrEngine();
try {
  const m = await measureRedaction(
    engine,
    TUNING_SEEDS,
    process.env.REDACT_BENCH_CACHE ?? join(tmpdir(), 'shotlink-redact-cache'),
    {
      explain: true,
    },
  );
  for (const miss of m.misses) console.log(`  ${miss}`);
  console.log(`\nTuning seeds (${m.pages} screenshots):`);
  console.log(formatMeasurement(m));
} finally {
  await engine.close();
}
