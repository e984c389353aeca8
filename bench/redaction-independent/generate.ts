// The held-out screenshot of one seed: its scene drawn by Debian's Chromium, then saved as the seed's
// format (PNG, JPEG, WebP, or an animated GIF/WebP whose second frame is the one showing the secrets).
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { Random } from './random.ts';
import { type Scene, sceneFor } from './scenes.ts';

export type Format = 'png' | 'jpeg' | 'webp' | 'gif-animated' | 'webp-animated';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Shot {
  seed: number;
  scene: Scene;
  format: Format;
  /** The file as a person would upload it. */
  bytes: Buffer;
  extension: string;
  width: number;
  height: number;
  /** Where each secret was drawn, in image pixels (several boxes when it wraps). */
  boxes: Box[][];
  /** Where each ordinary line was drawn, likewise. */
  lineBoxes: Box[][];
}

export function formatFor(seed: number): Format {
  if (seed % 13 === 5) return 'gif-animated';
  if (seed % 13 === 11) return 'webp-animated';
  const r = new Random(seed * 7919 + 1).next();
  return r < 0.6 ? 'png' : r < 0.8 ? 'jpeg' : 'webp';
}

// Scripts run in the page as text, so nothing the TypeScript runner adds to functions reaches the page.
const FIT_HEIGHT = `(() => {
  const cut = document.querySelector('.cut-here');
  if (cut) return Math.floor(cut.getBoundingClientRect().top);
  const bottoms = [...document.body.children].map((e) => e.getBoundingClientRect().bottom);
  return Math.ceil(Math.max(0, ...bottoms)) + 12;
})()`;
const boxesOf = (attribute: string): string => `(() => {
  const out = {};
  for (const el of document.querySelectorAll('[${attribute}]')) {
    const id = el.getAttribute('${attribute}');
    out[id] = out[id] || [];
    for (const r of el.getClientRects()) out[id].push({ x: r.x, y: r.y, width: r.width, height: r.height });
  }
  return out;
})()`;
const HIDE_SECRET_LINES = `(() => {
  for (const el of document.querySelectorAll('[data-s]')) (el.closest('.line') || el).style.visibility = 'hidden';
})()`;

export async function renderShot(browser: Browser, seed: number): Promise<Shot> {
  const scene = sceneFor(seed);
  const format = formatFor(seed);
  const rng = new Random(seed * 104729 + 3);
  const context = await browser.newContext({
    viewport: { width: scene.width, height: scene.height },
    deviceScaleFactor: scene.scale,
  });
  try {
    const page = await context.newPage();
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>${scene.css}</style></head><body>${scene.body}</body></html>`,
    );
    await page.evaluate('document.fonts.ready');
    const height = Math.max(200, Math.min(scene.height, (await page.evaluate(FIT_HEIGHT)) as number));
    await page.setViewportSize({ width: scene.width, height });
    const inImage = async (attribute: string, count: number): Promise<Box[][]> => {
      const rects = (await page.evaluate(boxesOf(attribute))) as Record<string, Box[]>;
      return Array.from({ length: count }, (_x, i) =>
        (rects[String(i)] ?? [])
          .map((b) => ({
            x: b.x * scene.scale,
            y: b.y * scene.scale,
            width: b.width * scene.scale,
            height: b.height * scene.scale,
          }))
          .filter((b) => b.width > 0 && b.y < height * scene.scale),
      );
    };
    const boxes = await inImage('data-s', scene.secrets.length);
    const lineBoxes = await inImage('data-o', scene.ordinary.length);
    const withSecrets = await page.screenshot({ type: 'png' });
    let bytes: Buffer;
    if (format === 'gif-animated' || format === 'webp-animated') {
      await page.evaluate(HIDE_SECRET_LINES);
      const before = await page.screenshot({ type: 'png' });
      const frames = sharp([before, withSecrets], { join: { animated: true } });
      bytes =
        format === 'gif-animated'
          ? await frames.gif({ delay: [900, 900], loop: 0 }).toBuffer()
          : await frames.webp({ delay: [900, 900], loop: 0, quality: 92 }).toBuffer();
    } else if (format === 'jpeg') {
      bytes = await sharp(withSecrets)
        .jpeg({ quality: rng.int(80, 92) })
        .toBuffer();
    } else if (format === 'webp') {
      bytes = await sharp(withSecrets)
        .webp(rng.chance(0.5) ? { lossless: true } : { quality: rng.int(85, 95) })
        .toBuffer();
    } else {
      bytes = withSecrets;
    }
    const extension =
      format === 'gif-animated'
        ? 'gif'
        : format === 'webp-animated'
          ? 'webp'
          : format === 'jpeg'
            ? 'jpg'
            : format;
    return {
      seed,
      scene,
      format,
      bytes,
      extension,
      width: scene.width * scene.scale,
      height: height * scene.scale,
      boxes,
      lineBoxes,
    };
  } finally {
    await context.close();
  }
}

/** Every frame of an image as PNG (one for a still image). */
export async function framesOf(bytes: Buffer): Promise<Buffer[]> {
  const pages = (await sharp(bytes).metadata()).pages ?? 1;
  const out: Buffer[] = [];
  for (let page = 0; page < pages; page++) out.push(await sharp(bytes, { page }).png().toBuffer());
  return out;
}
