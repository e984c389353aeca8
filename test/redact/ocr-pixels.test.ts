// The pixels handed to Tesseract: grey bytes in a PGM (no PNG encoded here and decoded again in the
// WebAssembly), one channel whatever the input (RGB, alpha, 16 bits), and a dark theme still inverted
// and read.
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createOcrEngine, pgmOf } from '../../src-main/core/redact/ocr.ts';

const engine = createOcrEngine({ timeoutMs: 120_000, maxPixels: 25_000_000 });
afterAll(() => engine.close());

const textImage = (text: string, background: string, fill: string) =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="700" height="80"><rect width="100%" height="100%" fill="${background}"/><text x="20" y="50" font-family="DejaVu Sans Mono" font-size="24" fill="${fill}">${text}</text></svg>`,
    ),
  );

describe('pixels for recognition', () => {
  it('a band of grey bytes is a PGM that reads back as the same rows', async () => {
    const width = 5;
    const pixels = Buffer.from(Array.from({ length: width * 4 }, (_, i) => i * 10));
    const pgm = pgmOf(pixels, width, 1, 2);
    // Read back by ImageMagick, a second parser (sharp's libvips has no PGM reader for buffers).
    expect(
      execFileSync('identify', ['-format', '%w %h %[channels]', 'pgm:-'], { input: pgm }).toString(),
    ).toMatch(/^5 2 gray/);
    const rows = execFileSync('convert', ['pgm:-', '-depth', '8', 'gray:-'], { input: pgm });
    expect([...rows]).toEqual([...pixels.subarray(5, 15)]);
  });

  it('reads a dark 16-bit PNG with an alpha channel', async () => {
    const png = await textImage('Deployed build 4182 to staging', '#1e1e1e', '#d4d4d4')
      .ensureAlpha()
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    expect((await sharp(png).metadata()).depth).toBe('ushort');
    const { text } = await engine.recognize(png);
    expect(text).toContain('Deployed build 4182 to staging');
  }, 120_000);
});
