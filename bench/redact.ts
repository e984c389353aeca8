// Secrets found before upload (run: `npx tsx bench/redact.ts`): how well and how fast.
// - Recall per kind, ordinary lines damaged, and findings reported covered while still readable, on the
//   HELD-OUT seeds of the screenshot generator (test/support/screenshot-generator.ts: layouts, themes,
//   the installed fonts, sizes 10–32 px, 1× and 2×, wraps, tables, label wordings, secrets in their real
//   formats), read back by Debian's tesseract. The rules were tuned on other seeds (bench/redact-tune.ts).
// - Recall and false positives on the fixed corpus (test/support/secret-corpus.ts: a terminal, a
//   .env file, request headers, a chat; rendered by Chromium at 1× and 2×): after redaction, an
//   independent OCR (Debian's tesseract) reads what is left; a secret counts as covered when no 8
//   characters of it in a row can be read, an ordinary line as intact when it still reads whole.
// - Time to recognise and search a 1080p and a 4K screenshot (a full terminal), beside the time the
//   same image takes to optimize for a plain upload, in the same run (medians of BENCH_RUNS, default 3).
// - One plain `tesseract` run (Debian's, the same image) beside the 1080p figure: the baseline.
// Targets: held-out recall ≥ 0.97, ordinary lines damaged ≤ 3%, nothing reported covered while readable;
// a 1080p screenshot recognised and searched in ≤ 1.5 s with the engine warm (bench/redact-speed.ts
// measures that and the other speed targets in alternating rounds).
// REDACT_BENCH_ONLY=held-out prints the held-out figures alone (no corpus, no timing);
// REDACT_BENCH_LISTS=seventh,eighth measures only the held-out lists named (a new list, measured once).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { intakeImage } from '../src-main/core/images/intake.ts';
import { optimizeImage } from '../src-main/core/images/optimize.ts';
import { findSecrets } from '../src-main/core/redact/find.ts';
import { createOcrEngine } from '../src-main/core/redact/ocr.ts';
import { redactImage } from '../src-main/core/redact/redact.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/support/chromium.ts';
import { formatMeasurement, measureRedaction, type Measurement } from '../test/support/redaction-measure.ts';
import { HELD_OUT_LISTS, type HeldOutList } from '../test/support/screenshot-generator.ts';
import {
  independentOcr,
  ocrNormal,
  readable,
  renderCorpus,
  secretCorpus,
} from '../test/support/secret-corpus.ts';
import { median } from './median.ts';
import { plainTesseract } from './plain-tesseract.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const dir = await mkdtemp(join(tmpdir(), 'shotlink-redact-bench-'));
const engine = createOcrEngine();
const onlyHeldOut = process.env.REDACT_BENCH_ONLY === 'held-out';
try {
  // REDACT_BENCH_CACHE keeps renders and recognition between runs (keyed by what produced them).
  const cache = process.env.REDACT_BENCH_CACHE ?? join(dir, 'held-out');
  const lists: (HeldOutList & { measured: Measurement })[] = [];
  const named = process.env.REDACT_BENCH_LISTS?.split(',');
  for (const list of HELD_OUT_LISTS.filter(({ name }) => !named || named.includes(name)))
    lists.push({ ...list, measured: await measureRedaction(engine, list.seeds, cache) });
  const printHeldOut = () => {
    for (const { name, seeds, note, measured } of lists) {
      const from = `seeds ${seeds[0]} + ${seeds[1]! - seeds[0]!}k`;
      console.log(`\n  held-out generated screenshots, ${name} list: ${measured.pages} (${from}; ${note})`);
      console.log(formatMeasurement(measured));
    }
  };
  if (onlyHeldOut) printHeldOut();
  else await corpusAndSpeed(printHeldOut);
} finally {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
}

/** The fixed corpus's figures, the held-out ones, then OCR + detection time beside plain tesseract. */
async function corpusAndSpeed(printHeldOut: () => void) {
  // Quality on the corpus.
  const pages = secretCorpus();
  let present = 0;
  let covered = 0;
  let ordinary = 0;
  let intact = 0;
  let findings = 0;
  let expected = 0;
  for (const scale of [1, 2]) {
    const shots = await renderCorpus(pages, scale);
    for (const page of pages) {
      const redaction = await redactImage(engine, shots.get(page.name)!);
      findings += redaction.findings.length;
      // One finding per secret, except a private key's lines, which are one block.
      const keyLines = page.secrets.filter((secret) => secret.kind === 'private-key').length;
      expected += page.secrets.length - Math.max(0, keyLines - 1);
      const after = await independentOcr(redaction.bytes, dir);
      present += page.secrets.length;
      covered += page.secrets.filter((s) => !readable(s.value, after)).length;
      ordinary += page.ordinary.length;
      intact += page.ordinary.filter((line) => after.includes(ocrNormal(line))).length;
    }
  }
  const recall = covered / present;

  // Speed on full screens.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const screens = new Map<string, Buffer>();
  try {
    const lines = Array.from({ length: 48 }, (_, i) =>
      i % 12 === 5
        ? `export API_TOKEN=ghp_${'Zk3pQ9xW2mT7vR4nL8cY'.repeat(2).slice(0, 36)}`
        : `[2026-11-29 10:${String(i).padStart(2, '0')}:07] INFO worker ${i}: processed batch ${i * 37} in ${(i % 9) + 1}.${i % 7}s, queue depth ${(i * 3) % 17}`,
    );
    const html = `<body style="margin:0;padding:16px;background:#1e1e1e;color:#d4d4d4;font:15px/1.4 'DejaVu Sans Mono',monospace">${lines.map((l) => `<div>${l}</div>`).join('')}</body>`;
    for (const [name, scale] of [
      ['1080p', 1],
      ['4K', 2],
    ] as const) {
      const context = await browser.newContext({
        viewport: { width: 1920, height: 1080 },
        deviceScaleFactor: scale,
      });
      const tab = await context.newPage();
      await tab.setContent(html);
      screens.set(name, await tab.screenshot());
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const coldStart = performance.now();
  await engine.recognize(screens.get('1080p')!);
  const cold = performance.now() - coldStart;

  console.log(`\nSecrets found before upload, this machine (${RUNS} runs each, medians):\n`);
  console.log(
    `  corpus: ${pages.length} screenshots × 2 scales, ${present} secrets, ${ordinary} ordinary lines`,
  );
  console.log(
    `  recall             ${covered}/${present} = ${recall.toFixed(3)}  (target ≥ 0.95) ${recall >= 0.95 ? '✓' : '✗'}`,
  );
  console.log(
    `  ordinary lines     ${intact}/${ordinary} still readable (target: all) ${intact === ordinary ? '✓' : '✗'}`,
  );
  console.log(
    `  findings           ${findings}, expected ${expected} (a private key's lines are one finding): ` +
      `${Math.max(0, findings - expected)} false positives\n`,
  );
  printHeldOut();
  console.log('');
  console.log(`  first recognition (engine start included): ${(cold / 1000).toFixed(2)} s`);
  for (const [name, bytes] of screens) {
    const detect: number[] = [];
    const optimize: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      let start = performance.now();
      findSecrets(await engine.recognize(bytes));
      detect.push(performance.now() - start);
      start = performance.now();
      const image = await intakeImage(bytes, { fileName: 'bench.png', maxInputPixels: 100_000_000 });
      await optimizeImage(image, {
        maxBytes: 5 * 1024 * 1024,
        outputFormat: 'auto',
        keepMetadata: false,
        maxInputPixels: 100_000_000,
        fileName: 'bench.png',
      });
      optimize.push(performance.now() - start);
    }
    const d = median(detect);
    const o = median(optimize);
    const plain: number[] = [];
    const file = join(dir, `${name}.png`);
    await writeFile(file, bytes);
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      plainTesseract(file);
      plain.push(performance.now() - start);
    }
    const t = median(plain);
    const target = name === '1080p' ? `  (target ≤ 1.5 s) ${d <= 1500 ? '✓' : '✗'}` : '';
    console.log(
      `  ${name.padEnd(6)} OCR + detection ${(d / 1000).toFixed(2)} s   plain tesseract ${(t / 1000).toFixed(2)} s (${(d / t).toFixed(2)}×)   optimize for upload ${(o / 1000).toFixed(2)} s${target}`,
    );
  }
}
