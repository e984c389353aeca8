// The picture the redaction benchmarks share: a 1080p terminal screenshot drawn by Chromium, with one
// GitHub token among ordinary log lines, and variants of it that differ in one pixel (a new image each
// round, read the same), so no round is answered from an earlier upload.
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/support/chromium.ts';

export async function terminal1080p(): Promise<Buffer> {
  const lines = Array.from({ length: 48 }, (_, i) =>
    i === 17
      ? `export GITHUB_TOKEN=ghp_${'Qm7Vt2Kx9Lw4Rz8Np3Hc'.repeat(2).slice(0, 36)}`
      : `[2026-12-05 04:${String(i).padStart(2, '0')}:11] INFO deploy ${i}: uploaded ${i * 41} assets in ${(i % 7) + 1}.${i % 9}s`,
  );
  const html = `<body style="margin:0;padding:16px;background:#1e1e1e;color:#d4d4d4;font:15px/1.4 'DejaVu Sans Mono',monospace">${lines.map((l) => `<div>${l}</div>`).join('')}</body>`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const tab = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await tab.setContent(html);
    return await tab.screenshot();
  } finally {
    await browser.close();
  }
}

/** The screenshot with its bottom-right pixel set to a colour of its own: a new image, read the same. */
export const variant = (png: Buffer, n: number) =>
  sharp(png)
    .composite([
      {
        input: {
          create: { width: 1, height: 1, channels: 3, background: { r: n % 256, g: (n >> 8) % 256, b: 7 } },
        },
        left: 1919,
        top: 1079,
      },
    ])
    .png()
    .toBuffer();
