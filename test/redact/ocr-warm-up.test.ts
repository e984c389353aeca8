// An engine started ahead of its first image reads a line of text in each worker to warm it up. That
// must change nothing of what is read afterwards: the same lines, words and boxes as an engine started
// by the image itself, in both bands of a tall image (one per worker).
import sharp from 'sharp';
import { afterAll, expect, it } from 'vitest';
import { createOcrEngine } from '../../src-main/core/redact/ocr.ts';

const limits = { timeoutMs: 120_000, maxPixels: 25_000_000 };
const warmed = createOcrEngine(limits);
const cold = createOcrEngine(limits);
afterAll(() => Promise.all([warmed.close(), cold.close()]));

/** 760 px tall (two bands), a secret-looking line in each half. */
const page = () => {
  const lines = Array.from(
    { length: 24 },
    (_, i) =>
      `<text x="16" y="${28 + i * 30}" font-family="DejaVu Sans Mono" font-size="17">${
        i % 11 === 5
          ? `export API_TOKEN=ghp_${'Qm7Vt2Kx9Lw4Rz8Np3Hc'.slice(i % 5)}${i}`
          : `step ${i}: built 41 assets in 2.${i}s`
      }</text>`,
  );
  return sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="760"><rect width="100%" height="100%" fill="#fff"/>${lines.join('')}</svg>`,
    ),
  )
    .png()
    .toBuffer();
};

it('a warmed-up engine reads an image exactly as one started by that image', async () => {
  await warmed.start!();
  const image = await page();
  const [afterWarmUp, fresh] = [await warmed.recognize(image), await cold.recognize(image)];
  expect(fresh.text).toContain('export API_TOKEN=ghp');
  expect(afterWarmUp).toEqual(fresh);
}, 120_000);
