// The editor's export drawn in bands (core/images/edit.ts: stoppable between bands, each band with only
// the shapes that reach it) beside its baseline from the same run: the whole SVG composited in one go,
// as before, which nothing can stop. Alternating rounds, medians. Two documents: a typical annotation
// (20 texts on a 2000 × 2000 capture) and one at the contract's text bound (500 large texts, 5,000
// characters, on 3000 × 3000). Run: npx tsx bench/editor-render.ts
import sharp from 'sharp';
import { applyEdits } from '../src-main/core/images/edit.ts';
import { shapesSvg, type Shape } from '../src-shared/editor.ts';
import { median } from './median.ts';

const ROUNDS = 5;

async function compare(label: string, side: number, count: number): Promise<void> {
  const image = await sharp({ create: { width: side, height: side, channels: 3, background: '#ffffff' } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  const shapes: Shape[] = Array.from({ length: count }, (_, i) => ({
    id: `t${i}`,
    kind: 'text',
    x: (i * 37) % side,
    y: ((i * 997) % (side - 200)) + 100,
    text: 'W'.repeat(10),
    colour: '#e11d48',
    size: 200,
  }));
  const whole = async () => {
    const png = await sharp(image).rotate().png().toBuffer();
    await sharp(png)
      .composite([{ input: Buffer.from(shapesSvg({ shapes }, side, side)), left: 0, top: 0 }])
      .png()
      .toBuffer();
  };
  const banded = () => applyEdits(image, { crop: null, shapes });
  const times = { whole: [] as number[], banded: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? (['banded', 'whole'] as const) : (['whole', 'banded'] as const);
    for (const name of order) {
      const started = performance.now();
      await (name === 'whole' ? whole() : banded());
      times[name].push(performance.now() - started);
    }
  }
  const [w, b] = [median(times.whole), median(times.banded)];
  console.log(
    `${label}: banded ${b.toFixed(0)} ms, whole SVG (baseline) ${w.toFixed(0)} ms, ratio ${(b / w).toFixed(2)}`,
  );
}

await compare('20 texts on 2000 × 2000', 2000, 20);
await compare('500 texts on 3000 × 3000', 3000, 500);
