// The ground behind the text (src-main/core/redact/ocr-ground.ts): found uneven only where it runs from
// light to dark across the image, evened out there, and every other image handed back untouched (the
// same bytes, so Tesseract reads it exactly as before). Pages are drawn by librsvg (sharp).
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { evenGround, groundOf, isUneven, UNEVEN_RANGE } from '../../src-main/core/redact/ocr-ground.ts';

const WIDTH = 1280;
const HEIGHT = 720;

/** Grey bytes of a slide: `ground` is an SVG fill (a colour or `url(#g)`), lines of text in `fill`. */
async function slide({
  ground,
  fill,
  size = 40,
  gradient = '',
  extra = '',
  weight = 'normal',
}: {
  ground: string;
  fill: string;
  size?: number;
  gradient?: string;
  extra?: string;
  weight?: string;
}) {
  const lines = ['Quarterly platform review', 'SENDGRID_API_KEY=SG.kq81Zr0aT4w', 'Build finished in 2.4 s'];
  const text = lines.map((line, i) => `<text x="64" y="${120 + i * size * 1.8}">${line}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}"><defs>${gradient}</defs><rect width="100%" height="100%" fill="${ground}"/>${extra}<g font-family="DejaVu Sans" font-size="${size}" font-weight="${weight}" fill="${fill}">${text}</g></svg>`;
  return sharp(Buffer.from(svg)).grayscale().toColourspace('b-w').raw().toBuffer();
}

const linear = (from: string, to: string, x2 = '100%', y2 = '0%') =>
  `<linearGradient id="g" x1="0%" y1="0%" x2="${x2}" y2="${y2}"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient>`;

const uneven = (grey: Buffer) => isUneven(groundOf(grey, WIDTH, HEIGHT));

describe('the ground behind the text', () => {
  it('is even on flat pages, light or dark, and on a gentle gradient: the same bytes come back', async () => {
    const pages = [
      await slide({ ground: '#ffffff', fill: '#24292e' }),
      await slide({ ground: '#1e1e1e', fill: '#d4d4d4', size: 16 }),
      // The screenshot generator's slides: white to a pale blue (a range of about 30 grey levels).
      await slide({ ground: 'url(#g)', fill: '#24292e', gradient: linear('#ffffff', '#d7e1ec') }),
      await slide({
        ground: 'url(#g)',
        fill: '#f8f8f2',
        gradient: linear('#282a36', '#3a1c71', '0%', '100%'),
      }),
    ];
    for (const grey of pages) {
      expect(uneven(grey)).toBe(false);
      expect(evenGround(grey, WIDTH, HEIGHT)).toBe(grey);
    }
  });

  it('is left alone on flat panels of different shades (a dark sidebar beside a light page)', async () => {
    const grey = await slide({
      ground: '#ffffff',
      fill: '#24292e',
      extra:
        '<rect x="0" y="0" width="40" height="100%" fill="#ffffff"/><rect x="900" y="0" width="380" height="100%" fill="#1e1e1e"/>',
    });
    const ground = groundOf(grey, WIDTH, HEIGHT);
    const levels = [...ground.levels];
    // The panels do differ by more than a gradient's range: it is their sharp edge that keeps them.
    expect(Math.max(...levels) - Math.min(...levels)).toBeGreaterThan(UNEVEN_RANGE);
    expect(isUneven(ground)).toBe(false);
    expect(evenGround(grey, WIDTH, HEIGHT)).toBe(grey);
  });

  it('follows a gradient cell by cell, whatever the text in the cells', async () => {
    const grey = await slide({ ground: 'url(#g)', fill: '#ffffff', gradient: linear('#a0a0a0', '#202020') });
    const { columns, rows, levels } = groundOf(grey, WIDTH, HEIGHT);
    for (let row = 0; row < rows; row++) {
      // From about 160 at the left to about 32 at the right, falling all the way.
      expect(levels[row * columns]!).toBeGreaterThan(145);
      expect(levels[row * columns + columns - 1]!).toBeLessThan(45);
      for (let column = 1; column < columns; column++)
        expect(levels[row * columns + column]!).toBeLessThanOrEqual(levels[row * columns + column - 1]! + 2);
    }
  });

  for (const [name, from, to, fill, x2, y2] of [
    ['light text, mid-grey to black, left to right', '#a0a0a0', '#141414', '#ffffff', '100%', '0%'],
    ['light text, black to mid-grey, top to bottom', '#141414', '#a0a0a0', '#ffffff', '0%', '100%'],
    ['dark text, white to mid-grey, diagonally', '#ffffff', '#8c8c8c', '#1b1b1b', '100%', '100%'],
  ] as const) {
    it(`is uneven on a steep gradient (${name}), and evened out to dark text on white`, async () => {
      const grey = await slide({ ground: 'url(#g)', fill, gradient: linear(from, to, x2, y2) });
      expect(uneven(grey)).toBe(true);
      const even = evenGround(grey, WIDTH, HEIGHT);
      expect(even).not.toBe(grey);
      // The ground is white at both ends; the text is dark wherever it is.
      const at = (x: number, y: number) => even[y * WIDTH + x]!;
      for (const [x, y] of [
        [20, 20],
        [WIDTH - 20, 20],
        [20, HEIGHT - 20],
        [WIDTH - 20, HEIGHT - 20],
      ] as const)
        expect(at(x, y)).toBeGreaterThan(220);
      // The text's own pixels (the grounds here never come near the text's shade).
      const isText = fill === '#ffffff' ? (v: number) => v > 245 : (v: number) => v < 40;
      const textPixels = [...even].filter((_, i) => isText(grey[i]!));
      expect(textPixels.length).toBeGreaterThan(1000);
      expect(textPixels.filter((v) => v < 96).length / textPixels.length).toBeGreaterThan(0.95);
    });
  }

  it('is not thrown by text thick enough to fill a cell', async () => {
    const grey = await slide({
      ground: 'url(#g)',
      fill: '#ffffff',
      size: 96,
      weight: 'bold',
      gradient: linear('#a0a0a0', '#141414', '0%', '100%'),
    });
    expect(uneven(grey)).toBe(true);
  });
});
