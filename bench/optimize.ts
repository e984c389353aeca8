// Benchmark: Shotlink's optimizer against the standard single encoders on real screenshots.
//
//   npx tsx bench/optimize.ts [--runs 3] [--only docs] [--no-fit]
//
// For every corpus image (see optimize-corpus.ts) it prints bytes and median time of PNG level 9, palette
// PNG, WebP lossless, WebP q85, mozjpeg q85, the per-image best of those five, and Shotlink (intake +
// optimize, with the 20 MB img.pro limit so that only the format choice is measured). Then the two
// targets: total bytes vs the per-image best (<= 1.10) and median time vs WebP lossless (<= 1.5).
// A second table shows the fit ladder at the 1 MB img402 free limit.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { ensureCorpus } from './optimize-corpus.ts';
import { intakeImage } from '../src-main/core/images/intake.ts';
import { optimizeImage, type OptimizedImage } from '../src-main/core/images/optimize.ts';
import { isLosslessWebp } from '../src-main/core/images/sniff.ts';
import { median } from './median.ts';

const MB = 1024 * 1024;
const MAX_INPUT_PIXELS = 100_000_000;

const args = process.argv.slice(2);
const runs = Number(argValue('--runs') ?? 3);
const only = argValue('--only');
const fitTable = !args.includes('--no-fit');

function argValue(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const BASELINES: { name: string; encode: (png: Buffer) => Promise<Buffer> }[] = [
  { name: 'PNG-9', encode: (b) => sharp(b).png({ compressionLevel: 9 }).toBuffer() },
  { name: 'PNG-pal', encode: (b) => sharp(b).png({ palette: true, compressionLevel: 9 }).toBuffer() },
  { name: 'WebP-LL', encode: (b) => sharp(b).webp({ lossless: true }).toBuffer() },
  { name: 'WebP-85', encode: (b) => sharp(b).webp({ quality: 85 }).toBuffer() },
  { name: 'moz-85', encode: (b) => sharp(b).jpeg({ quality: 85, mozjpeg: true }).toBuffer() },
];
const WEBP_LOSSLESS = 'WebP-LL';

interface Measure {
  bytes: number;
  ms: number;
}

async function shotlink(bytes: Buffer, name: string, maxBytes: number): Promise<OptimizedImage> {
  const image = await intakeImage(bytes, { fileName: name, maxInputPixels: MAX_INPUT_PIXELS });
  return optimizeImage(image, {
    maxBytes,
    outputFormat: 'auto',
    keepMetadata: false,
    maxInputPixels: MAX_INPUT_PIXELS,
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

/** Which kind of encoding Shotlink picked: "webp-LL" (lossless) or "webp-q" (lossy), else the format. */
function describeOutput(result: OptimizedImage): string {
  if (result.format !== 'webp') return result.format;
  return isLosslessWebp(result.bytes) ? 'webp-LL' : 'webp-q';
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)}K`;
const cell = (m: Measure) => `${kb(m.bytes)} ${m.ms.toFixed(0)}ms`.padStart(15);

async function main(): Promise<void> {
  const corpus = (await ensureCorpus(join(import.meta.dirname, 'corpus'))).filter(
    (c) => !only || c.name.includes(only),
  );
  console.log(
    `Optimizer benchmark: ${corpus.length} screenshots, median of ${runs} runs, sharp ${sharp.versions.sharp}, ` +
      `libvips ${sharp.versions.vips}, ${sharp.concurrency()} libvips thread(s) per image.\n`,
  );
  const header = ['image', 'size', 'input', ...BASELINES.map((b) => b.name), 'best', 'Shotlink', 'vs best'];
  const widths = [16, 10, 10, ...BASELINES.map(() => 15), 15, 25, 8];
  console.log(header.map((h, i) => (i < 3 ? h.padEnd(widths[i]!) : h.padStart(widths[i]!))).join(''));

  const totals = { best: 0, shotlink: 0, input: 0, byBaseline: new Map<string, number>() };
  const timeRatios: number[] = [];
  const losslessTimeRatios: number[] = [];
  const shotlinkTimes: number[] = [];
  const webpTimes: number[] = [];
  // Warm up (JIT, libvips caches, first-call costs) on a small screenshot so the first row is not penalised.
  const warmUp = await sharp(corpus[0]!.path).resize(640).png().toBuffer();
  await Promise.all([...BASELINES.map((b) => b.encode(warmUp)), shotlink(warmUp, 'warm-up', 20 * MB)]);

  for (const item of corpus) {
    const input = await readFile(item.path);
    const meta = await sharp(input).metadata();
    const times = new Map<string, number[]>();
    const sizes = new Map<string, number>();
    let result: OptimizedImage | undefined;
    // Interleave the encoders inside each run so a burst of load on the machine hits them alike.
    for (let run = 0; run < runs; run++) {
      for (const baseline of BASELINES) {
        const { value, ms } = await timed(() => baseline.encode(input));
        sizes.set(baseline.name, value.length);
        times.set(baseline.name, [...(times.get(baseline.name) ?? []), ms]);
      }
      const { value, ms } = await timed(() => shotlink(input, item.name, 20 * MB));
      result = value;
      times.set('Shotlink', [...(times.get('Shotlink') ?? []), ms]);
    }
    const measures = BASELINES.map((b) => ({
      name: b.name,
      bytes: sizes.get(b.name)!,
      ms: median(times.get(b.name)!),
    }));
    const best = measures.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    const ours: Measure = { bytes: result!.bytes.length, ms: median(times.get('Shotlink')!) };
    const webp = measures.find((m) => m.name === WEBP_LOSSLESS)!;
    totals.best += best.bytes;
    totals.shotlink += ours.bytes;
    totals.input += input.length;
    for (const m of measures) totals.byBaseline.set(m.name, (totals.byBaseline.get(m.name) ?? 0) + m.bytes);
    timeRatios.push(ours.ms / webp.ms);
    if (describeOutput(result!) === 'webp-LL') losslessTimeRatios.push(ours.ms / webp.ms);
    shotlinkTimes.push(ours.ms);
    webpTimes.push(webp.ms);
    console.log(
      item.name.padEnd(16) +
        `${meta.width}x${meta.height}`.padEnd(10) +
        kb(input.length).padEnd(10) +
        measures.map(cell).join('') +
        `${best.name} ${kb(best.bytes)}`.padStart(15) +
        `${describeOutput(result!)} ${cell(ours).trim()}`.padStart(25) +
        `${(ours.bytes / best.bytes).toFixed(2)}x`.padStart(8),
    );
  }
  console.log(
    'total'.padEnd(16) +
      ''.padEnd(10) +
      kb(totals.input).padEnd(10) +
      BASELINES.map((b) => kb(totals.byBaseline.get(b.name)!).padStart(15)).join('') +
      kb(totals.best).padStart(15) +
      kb(totals.shotlink).padStart(25),
  );
  const bytesRatio = totals.shotlink / totals.best;
  const timeRatio = median(timeRatios);
  console.log(
    `\nTotal bytes, Shotlink / per-image best: ${bytesRatio.toFixed(3)}  (target <= 1.10) ${bytesRatio <= 1.1 ? 'OK' : 'MISSED'}`,
  );
  console.log(
    `Median over images of time Shotlink / WebP lossless: ${timeRatio.toFixed(2)}  (target <= 1.5) ${timeRatio <= 1.5 ? 'OK' : 'MISSED'}`,
  );
  console.log(
    `Median time: Shotlink ${median(shotlinkTimes).toFixed(0)} ms, WebP lossless ${median(webpTimes).toFixed(0)} ms (ratio of medians ${(median(shotlinkTimes) / median(webpTimes)).toFixed(2)})`,
  );
  if (losslessTimeRatios.length > 0) {
    console.log(
      `Same, only the ${losslessTimeRatios.length} screenshots Shotlink kept lossless (the same encode ` +
        `plus intake): ${median(losslessTimeRatios).toFixed(2)}`,
    );
  }
  console.log(
    'Shotlink time includes intake (sniff, header check, full decode) and optimize (classify + encodes).',
  );

  if (fitTable) await fitToFreeTier(corpus);
}

/**
 * The ladder at work: the 1 MB img402 free tier (the tightest real limit), and a made-up 150 KB limit
 * that makes most screenshots climb down the quality and scaling steps.
 */
async function fitToFreeTier(corpus: { name: string; path: string }[]): Promise<void> {
  const limits = [
    { label: '1 MB', bytes: 1 * MB },
    { label: '150 KB', bytes: 150 * 1024 },
  ];
  console.log(`\nFit to a limit: ${limits.map((l) => l.label).join(' (img402 free) and ')} (stress):`);
  console.log(
    'image'.padEnd(16) +
      limits
        .map(
          (l) =>
            `[${l.label}] result`.padStart(18) +
            'format'.padStart(8) +
            'size'.padStart(11) +
            'enc'.padStart(4) +
            'time'.padStart(8),
        )
        .join(''),
  );
  for (const item of corpus) {
    const input = await readFile(item.path);
    let line = item.name.padEnd(16);
    for (const limit of limits) {
      try {
        const { value, ms } = await timed(() => shotlink(input, item.name, limit.bytes));
        line +=
          kb(value.bytes.length).padStart(18) +
          describeOutput(value).padStart(8) +
          `${value.width}x${value.height}`.padStart(11) +
          String(value.encodes).padStart(4) +
          `${ms.toFixed(0)}ms`.padStart(8);
      } catch (error) {
        line += `  cannot fit: ${(error as Error).message.slice(0, 60)}`;
      }
    }
    console.log(line);
  }
}

await main();
