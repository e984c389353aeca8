// How an image is read: its text's height found from the grey pixels, the scale chosen from it, and the
// bands the workers share. Text is drawn by librsvg (sharp) in the fonts screenshots use.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { LARGE_TEXT_HEIGHT, bandsOf, ocrScale, textHeight } from '../../src-main/core/redact/ocr-plan.ts';

/** Grey bytes of an SVG page: `lines` of text at `size` px, `gap` px apart, in one or two columns. */
async function page({
  size,
  lines = 12,
  columns = 1,
  dark = false,
  font = 'DejaVu Sans Mono',
}: {
  size: number;
  lines?: number;
  columns?: number;
  dark?: boolean;
  font?: string;
}) {
  const width = 1200;
  const pitch = Math.round(size * 1.4);
  const height = 40 + lines * pitch;
  const text = Array.from({ length: columns }, (_, c) =>
    Array.from(
      { length: lines },
      // The second column's lines are offset by a third of a line, as in a page beside a terminal.
      (_, i) =>
        `<text x="${20 + c * 600}" y="${20 + size + i * pitch + (c * pitch) / 3}">[04:${10 + i}:11] deploy ${i}: uploaded ${i * 41} assets (gqTy)</text>`,
    ).join(''),
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${dark ? '#1e1e1e' : '#ffffff'}"/><g font-family="${font}" font-size="${size}" fill="${dark ? '#d4d4d4' : '#24292e'}">${text}</g></svg>`;
  const grey = await sharp(Buffer.from(svg)).grayscale().toColourspace('b-w').raw().toBuffer();
  return { grey, width, height };
}

describe('textHeight (how high the lines of text are, from the pixels)', () => {
  it('is about the font size, in light and dark themes and in two fonts', async () => {
    for (const font of ['DejaVu Sans Mono', 'DejaVu Serif']) {
      for (const size of [10, 13, 16, 20, 28, 40]) {
        for (const dark of [false, true]) {
          const { grey, width, height } = await page({ size, dark, font });
          const h = textHeight(grey, width, height);
          const what = `${font} ${size}px ${dark ? 'dark' : 'light'}: ${h}`;
          // A line's ink, from ascender to descender, is about the font size; the median errs low.
          expect(h, what).toBeGreaterThanOrEqual(size * 0.75);
          expect(h, what).toBeLessThanOrEqual(size * 1.4);
          // A 1× screen's text is small, a 2× screen's large.
          if (size <= 16) expect(h, what).toBeLessThan(LARGE_TEXT_HEIGHT);
          if (size >= 28) expect(h, what).toBeGreaterThanOrEqual(LARGE_TEXT_HEIGHT);
        }
      }
    }
  });

  it('does not add up the lines of two columns that are not level', async () => {
    const one = await page({ size: 14 });
    const two = await page({ size: 14, columns: 2 });
    expect(textHeight(two.grey, two.width, two.height)).toBe(textHeight(one.grey, one.width, one.height));
  });

  it('finds no text in a blank image, a flat rule or a photo-like gradient', async () => {
    const width = 400;
    const height = 300;
    expect(textHeight(Buffer.alloc(width * height, 255), width, height)).toBe(0);
    const ruled = Buffer.alloc(width * height, 255);
    ruled.fill(0, 100 * width, 102 * width);
    for (let y = 0; y < height; y++) ruled[y * width + 50] = 0;
    expect(textHeight(ruled, width, height)).toBe(0);
    const gradient = Buffer.from(Array.from({ length: width * height }, (_, i) => (i % width) % 256));
    expect(textHeight(gradient, width, height)).toBe(0);
  });
});

describe('ocrScale (large text is read at its own size, small or unfound text at twice it)', () => {
  it('chooses from the text', () => {
    expect(ocrScale(LARGE_TEXT_HEIGHT, 1800, 1080)).toBe(1);
    expect(ocrScale(40, 1280, 720)).toBe(1);
    expect(ocrScale(LARGE_TEXT_HEIGHT - 1, 1920, 1080)).toBe(2);
    expect(ocrScale(0, 800, 600)).toBe(2);
  });

  it('reads a screenshot wider than 2000 px at its own size, and never enlarges past the pixel limit', () => {
    expect(ocrScale(12, 2560, 1440)).toBe(1);
    expect(ocrScale(12, 2000, 4000, 25_000_000)).toBe(1);
    expect(ocrScale(12, 2000, 3000, 25_000_000)).toBe(2);
  });

  it("a terminal of 15 px text is enlarged; one of 24 px text (a 2× screen's 12 px) is not", async () => {
    for (const [size, scale] of [
      [15, 2],
      [24, 1],
    ] as const) {
      const { grey, width, height } = await page({ size, lines: 40, dark: true });
      expect(ocrScale(textHeight(grey, width, height), width, height)).toBe(scale);
    }
  });
});

describe('bandsOf (a tall image is shared between the workers, a band each)', () => {
  it('one band for a single worker or an image up to 700 rows', () => {
    expect(bandsOf(1080, 1, 2)).toEqual([{ top: 0, height: 2160, from: 0, to: 2160 }]);
    expect(bandsOf(700, 2, 1)).toEqual([{ top: 0, height: 700, from: 0, to: 700 }]);
  });

  it('cuts the same rows at 1× and at 2×', () => {
    expect(bandsOf(1080, 2, 2)).toEqual([
      { top: 0, height: 1240, from: 0, to: 1080 },
      { top: 920, height: 1240, from: 1080, to: 2160 },
    ]);
    expect(bandsOf(1080, 2, 1)).toEqual([
      { top: 0, height: 700, from: 0, to: 540 },
      { top: 380, height: 700, from: 540, to: 1080 },
    ]);
  });

  for (const [height, count, scale] of [
    [1080, 2, 1],
    [1080, 2, 2],
    [701, 2, 2],
    [1439, 3, 1],
    [4000, 4, 1],
  ] as const) {
    it(`${height} rows, ${count} workers, at ${scale}×: every line is whole in the one band that keeps it`, () => {
      const bands = bandsOf(height, count, scale);
      const rows = height * scale;
      expect(bands).toHaveLength(count);
      // The kept parts tile the image: every row is kept by exactly one band.
      expect(bands[0]!.from).toBe(0);
      expect(bands.at(-1)!.to).toBe(rows);
      for (let i = 1; i < bands.length; i++) expect(bands[i]!.from).toBe(bands[i - 1]!.to);
      for (const band of bands) {
        expect(band.top).toBeGreaterThanOrEqual(0);
        expect(band.top + band.height).toBeLessThanOrEqual(rows);
      }
      // A 150-row line (as read) anywhere: its middle is in one band, and that band holds all of it.
      for (let top = 0; top + 150 <= rows; top++) {
        const middle = top + 75;
        const owners = bands.filter((band) => middle >= band.from && middle < band.to);
        expect(owners).toHaveLength(1);
        expect(owners[0]!.top).toBeLessThanOrEqual(top);
        expect(owners[0]!.top + owners[0]!.height).toBeGreaterThanOrEqual(top + 150);
      }
    });
  }
});
