// Real image files for the service tests, made with sharp: distinct small screenshots, and a 1440p one.
import sharp, { type OverlayOptions } from 'sharp';

/** A small PNG that differs from every other seed: a colour plus a few seed-dependent stripes. */
export async function distinctPng(seed: number, size = 96): Promise<Buffer> {
  const stripes = Array.from({ length: 6 }, (_, i) => {
    const y = (seed * 7 + i * 13) % (size - 4);
    return {
      input: {
        create: {
          width: size,
          height: 3,
          channels: 3 as const,
          background: { r: (seed * 40) % 256, g: i * 40, b: 255 - i * 30 },
        },
      },
      top: y,
      left: 0,
    };
  });
  return sharp({
    create: {
      width: size,
      height: size,
      channels: 3,
      background: { r: (seed * 53) % 256, g: (seed * 97) % 256, b: (seed * 31) % 256 },
    },
  })
    .composite(stripes)
    .png()
    .toBuffer();
}

/**
 * A screenshot-like 2560x1440 PNG: flat window chrome, panels and many lines of "text" (thin dark bars),
 * which compresses like a real UI capture rather than like noise.
 */
export async function screenshot1440p(seed = 1): Promise<Buffer> {
  const width = 2560;
  const height = 1440;
  const overlays: OverlayOptions[] = [
    { input: { create: { width, height: 64, channels: 3, background: '#2b2d31' } }, top: 0, left: 0 },
    {
      input: { create: { width: 420, height: height - 64, channels: 3, background: '#f1f3f5' } },
      top: 64,
      left: 0,
    },
  ];
  for (let line = 0; line < 60; line++) {
    const lineWidth = 600 + ((line * 379 + seed * 101) % 1400);
    overlays.push({
      input: {
        create: {
          width: lineWidth,
          height: 9,
          channels: 3,
          background: line % 7 === 0 ? '#1a73e8' : '#202124',
        },
      },
      top: 100 + line * 22,
      left: 480,
    });
  }
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(overlays)
    .png()
    .toBuffer();
}
