// Measures redaction on generated screenshots (screenshot-generator.ts), read back by an independent OCR
// (Debian's tesseract): per kind, how many of the secrets it could read before were unreadable after;
// how many ordinary lines it could read before were damaged; and how many secrets were reported covered
// (a finding over them, not marked as possibly incomplete) while still readable.
//
// An ordinary line is damaged when a cover overlaps its box AND tesseract no longer reads it whole (the
// independent benchmark's definition: it reads worse and the redaction changed its pixels). Lines no
// cover touched that tesseract reads differently after (its column detection shifts once covers line
// up on a page) are counted apart, as "read worse anywhere", the figure reported before 2026-12-05.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Box, Finding } from '../../src-shared/findings.ts';
import { findSecrets } from '../../src-main/core/redact/find.ts';
import { coverBoxes } from '../../src-main/core/redact/cover.ts';
import { paddedBox as padded } from '../../src-shared/cover.ts';
import type { OcrEngine, OcrResult } from '../../src-main/core/redact/ocr.ts';
import { generatePage, renderPages, type GeneratedPage, type RenderedPage } from './screenshot-generator.ts';
import { independentOcr, ocrNormal, readable } from './secret-corpus.ts';

export interface KindFigures {
  present: number;
  covered: number;
}

export interface Measurement {
  pages: number;
  byKind: Map<string, KindFigures>;
  present: number;
  covered: number;
  ordinary: number;
  /** Ordinary lines a cover overlaps that no longer read whole. */
  damaged: number;
  /** Ordinary lines that no longer read whole, whether a cover touched them or not (the older figure). */
  readWorse: number;
  /** Secrets still readable under a finding that claimed to cover them whole. */
  dishonest: number;
  /** One line per miss, for the tuning seeds only (never printed for held-out seeds). */
  misses: string[];
}

/** A cover as coverBoxes draws it: the found box padded a little (the page's size does not matter here). */
const paddedBox = (box: Box): Box => padded(box, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) ?? box;

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Runs the product's detection over each seed's screenshot and reads the result back. `cacheDir` keeps
 * renders and recognition between runs (keyed by what produced them), so changing rules is quick.
 */
export async function measureRedaction(
  engine: OcrEngine,
  seeds: number[],
  cacheDir: string,
  {
    explain = false,
    find = findSecrets,
    generate = generatePage,
    reader = { name: 'before', read: independentOcr },
  }: {
    explain?: boolean;
    find?: typeof findSecrets;
    /** The pages' generator: the screenshot generator's unless told. */
    generate?: (seed: number) => GeneratedPage;
    /** The independent read-back, named for the cache (its text before and after is kept by that name). */
    reader?: { name: string; read: (png: Uint8Array, dir: string) => Promise<string> };
  } = {},
): Promise<Measurement> {
  await mkdir(cacheDir, { recursive: true });
  // Recognition is kept by the engine's code: the reading (ocr.ts) and its plan (scale, bands).
  const engineKey = createHash('sha256')
    .update(await readFile(new URL('../../src-main/core/redact/ocr.ts', import.meta.url)))
    .update(await readFile(new URL('../../src-main/core/redact/ocr-plan.ts', import.meta.url)))
    .update(await readFile(new URL('../../src-main/core/redact/ocr-ground.ts', import.meta.url)))
    .digest('hex')
    .slice(0, 12);
  const pages = seeds.map(generate);
  const rendered = await renderCached(pages, cacheDir);
  const m: Measurement = {
    pages: pages.length,
    byKind: new Map(),
    present: 0,
    covered: 0,
    ordinary: 0,
    damaged: 0,
    readWorse: 0,
    dishonest: 0,
    misses: [],
  };
  for (const [i, page] of pages.entries()) {
    const { png, secretBoxes, ordinaryBoxes } = rendered[i]!;
    const key = createHash('sha256').update(png).digest('hex').slice(0, 16);
    const before = await cached(join(cacheDir, `${key}.${reader.name}.txt`), () =>
      reader.read(png, cacheDir),
    );
    const ocr = JSON.parse(
      await cached(join(cacheDir, `${key}.${engineKey}.ocr.json`), async () =>
        JSON.stringify(await engine.recognize(png)),
      ),
    ) as OcrResult;
    const findings: Finding[] = find(ocr);
    const boxes = findings.flatMap((f) => f.boxes);
    let after = before;
    if (boxes.length > 0) {
      // Kept by the covered image's hash: a rule change that covers the same boxes is not read again.
      const covered = await coverBoxes(png, boxes);
      const coveredKey = createHash('sha256').update(covered).digest('hex').slice(0, 16);
      const afterName = reader.name === 'before' ? 'after' : `${reader.name}.after`;
      after = await cached(join(cacheDir, `${coveredKey}.${afterName}.txt`), () =>
        reader.read(covered, cacheDir),
      );
    }
    for (const [s, secret] of page.secrets.entries()) {
      if (!readable(secret.value, before)) continue;
      const figures = m.byKind.get(secret.kind) ?? { present: 0, covered: 0 };
      m.byKind.set(secret.kind, figures);
      figures.present++;
      m.present++;
      if (!readable(secret.value, after)) {
        figures.covered++;
        m.covered++;
        continue;
      }
      const claimed = findings.some(
        (f) =>
          f.mayRemain === undefined && f.boxes.some((b) => secretBoxes[s]!.some((sb) => overlaps(b, sb))),
      );
      if (claimed) m.dishonest++;
      if (explain) {
        const seen = ocr.lines
          .filter((l) => secretBoxes[s]!.some((sb) => overlaps(l.box, sb)))
          .map((l) => l.text)
          .join(' ⏎ ');
        m.misses.push(
          `seed ${page.seed} (${page.description}) ${secret.kind}${claimed ? ' [CLAIMED]' : ''}: ${secret.value}\n      read as: ${seen}`,
        );
      }
    }
    for (const [o, line] of page.ordinary.entries()) {
      const normal = ocrNormal(line);
      if (!before.includes(normal)) continue;
      m.ordinary++;
      if (after.includes(normal)) continue;
      m.readWorse++;
      const touched = boxes.some((b) => ordinaryBoxes[o]!.some((ob) => overlaps(paddedBox(b), ob)));
      if (touched) m.damaged++;
      if (explain)
        m.misses.push(
          `seed ${page.seed} (${page.description}) ordinary line ${touched ? 'damaged' : 'read worse, no cover on it'}: ${line}`,
        );
    }
  }
  return m;
}

async function renderCached(pages: GeneratedPage[], dir: string): Promise<RenderedPage[]> {
  const keys = pages.map((p) =>
    createHash('sha256')
      .update(`${p.html}|${p.width}|${p.scale}|${p.jpeg}|${p.cutBottom}`)
      .digest('hex')
      .slice(0, 16),
  );
  const out: (RenderedPage | null)[] = await Promise.all(
    keys.map(async (key) => {
      try {
        const meta = JSON.parse(await readFile(join(dir, `${key}.boxes.json`), 'utf8')) as {
          secretBoxes: Box[][];
          ordinaryBoxes: Box[][];
        };
        if (!meta.ordinaryBoxes) return null; // kept by an older version, without the ordinary lines' boxes
        return { png: await readFile(join(dir, `${key}.png`)), ...meta };
      } catch {
        return null;
      }
    }),
  );
  const missing = pages.filter((_, i) => out[i] === null);
  if (missing.length > 0) {
    const fresh = await renderPages(missing);
    let k = 0;
    for (const [i, page] of out.entries()) {
      if (page) continue;
      const render = fresh[k++]!;
      out[i] = render;
      await writeFile(join(dir, `${keys[i]}.png`), render.png);
      await writeFile(
        join(dir, `${keys[i]}.boxes.json`),
        JSON.stringify({ secretBoxes: render.secretBoxes, ordinaryBoxes: render.ordinaryBoxes }),
      );
    }
  }
  return out as RenderedPage[];
}

async function cached(file: string, make: () => Promise<string>): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    const value = await make();
    await writeFile(file, value);
    return value;
  }
}

/** The figures as a table, one row per kind and a total. */
export function formatMeasurement(m: Measurement): string {
  const rows = [...m.byKind].sort(([a], [b]) => a.localeCompare(b));
  const lines = rows.map(
    ([kind, f]) =>
      `    ${kind.padEnd(20)} ${String(f.covered).padStart(3)}/${String(f.present).padEnd(3)} ${(f.covered / f.present).toFixed(2)}`,
  );
  const recall = m.covered / Math.max(1, m.present);
  const damage = m.damaged / Math.max(1, m.ordinary);
  return [
    ...lines,
    `  recall ${m.covered}/${m.present} = ${recall.toFixed(3)} (target ≥ 0.97) ${recall >= 0.97 ? '✓' : '✗'}`,
    `  ordinary lines damaged ${m.damaged}/${m.ordinary} = ${(damage * 100).toFixed(1)}% (target ≤ 3%) ${damage <= 0.03 ? '✓' : '✗'}  (a cover overlaps the line and it no longer reads whole)`,
    `  ordinary lines read worse anywhere ${m.readWorse}/${m.ordinary} = ${((m.readWorse / Math.max(1, m.ordinary)) * 100).toFixed(1)}%  (the older figure: also lines no cover touched)`,
    `  reported covered while readable: ${m.dishonest} (target 0) ${m.dishonest === 0 ? '✓' : '✗'}`,
  ].join('\n');
}
