// Redaction on the TUNING seeds, with every miss explained (run: `npx tsx bench/redact-tune.ts`). This is
// the script to look at while changing rules; bench/redact.ts reports the held-out seeds, never explained.
// `REDACT_TUNE_SEEDS=held-out` prints the first held-out list's totals alone (no pages, no misses), for
// the one measurement taken once the rules are frozen. REDACT_BENCH_CACHE keeps renders and recognition
// between runs (default: shotlink-redact-cache in the temporary folder).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOcrEngine } from '../src-main/core/redact/ocr.ts';
import { formatMeasurement, measureRedaction } from '../test/support/redaction-measure.ts';
import { HELD_OUT_SEEDS, TUNING_SEEDS } from '../test/support/screenshot-generator.ts';

const heldOut = process.env.REDACT_TUNE_SEEDS === 'held-out';
const cache = process.env.REDACT_BENCH_CACHE ?? join(tmpdir(), 'shotlink-redact-cache');
const engine = createOcrEngine();
try {
  const m = await measureRedaction(engine, heldOut ? HELD_OUT_SEEDS : TUNING_SEEDS, cache, {
    explain: !heldOut,
  });
  for (const miss of m.misses) console.log(`  ${miss}`);
  console.log(`\n${heldOut ? 'First held-out list' : 'Tuning seeds'} (${m.pages} screenshots):`);
  console.log(formatMeasurement(m));
} finally {
  await engine.close();
}
