import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { intakeImage } from '../../src-main/core/images/intake.ts';
import { optimizeImage, MAX_ENCODES, type OptimizeOptions } from '../../src-main/core/images/optimize.ts';
import { makeThumbnail } from '../../src-main/core/images/thumbnail.ts';
import { isLosslessWebp, sniffImage } from '../../src-main/core/images/sniff.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';
import {
  animatedGif,
  animatedPhotoGif,
  cameraJpeg,
  exifIfd0Tags,
  EXIF_TAG,
  photoPng,
  screenshotPng,
} from './fixtures.ts';

const MB = 1024 * 1024;
const PIXELS = 100_000_000;
const defaults: OptimizeOptions = {
  maxBytes: 20 * MB,
  outputFormat: 'auto',
  keepMetadata: false,
  maxInputPixels: PIXELS,
};

async function optimize(bytes: Buffer, options: Partial<OptimizeOptions> = {}) {
  const image = await intakeImage(bytes, { fileName: 'shot', maxInputPixels: PIXELS });
  const result = await optimizeImage(image, { ...defaults, fileName: 'shot', ...options });
  return { image, result, meta: await sharp(result.bytes, { animated: true }).metadata() };
}

function sniffedFormat(bytes: Uint8Array): string {
  const sniffed = sniffImage(bytes);
  return sniffed.kind === 'image' ? sniffed.format : 'none';
}

describe('metadata', () => {
  it('strips EXIF, GPS and the rest by default, after applying the orientation', async () => {
    const input = await cameraJpeg();
    const inputMeta = await sharp(input).metadata();
    expect(exifIfd0Tags(inputMeta.exif).has(EXIF_TAG.gpsPointer)).toBe(true);

    const { result, meta } = await optimize(input);
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(result.bytes.includes('ShotlinkTestCam')).toBe(false);
  });

  it('keeps EXIF (camera and GPS) when asked, with the orientation already applied', async () => {
    const { result, meta } = await optimize(await cameraJpeg(), { keepMetadata: true });
    const tags = exifIfd0Tags(meta.exif);
    expect(tags.has(EXIF_TAG.make)).toBe(true);
    expect(tags.has(EXIF_TAG.gpsPointer)).toBe(true);
    // The pixels are turned already, so a kept orientation tag must not turn them again.
    expect(meta.orientation ?? 1).toBe(1);
    expect([result.width, result.height]).toEqual([200, 300]);
  });

  it('turns the picture by its EXIF orientation', async () => {
    const { result, meta } = await optimize(await cameraJpeg(), { outputFormat: 'png' });
    expect([meta.width, meta.height]).toEqual([200, 300]);
    expect([result.width, result.height]).toEqual([200, 300]);
    // The red band stored along the left edge must now run along the top.
    const { data, info } = await sharp(result.bytes).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [
      ...data.subarray((y * info.width + x) * info.channels).subarray(0, 3),
    ];
    const [r, g, b] = pixel(100, 10);
    expect(r).toBeGreaterThan(200);
    expect(g! + b!).toBeLessThan(80);
    const [r2, g2] = pixel(10, 250);
    expect(r2! - g2!).toBeLessThan(150);
  });
});

describe('choosing the format', () => {
  it('keeps a screenshot lossless: WebP lossless with exactly the same pixels', async () => {
    const input = await screenshotPng(1200, 800);
    const { result } = await optimize(input);
    expect(result).toMatchObject({
      format: 'webp',
      contentType: 'image/webp',
      width: 1200,
      height: 800,
      encodes: 1,
    });
    expect(isLosslessWebp(result.bytes)).toBe(true);
    expect(result.bytes.length).toBeLessThan(input.length);
    const before = await sharp(input).removeAlpha().raw().toBuffer();
    const after = await sharp(result.bytes).removeAlpha().raw().toBuffer();
    expect(after.equals(before)).toBe(true);
  });

  it('encodes a photograph lossily', async () => {
    const { result } = await optimize(await photoPng(800, 600));
    expect(result.format).toBe('webp');
    expect(isLosslessWebp(result.bytes)).toBe(false);
  });

  it('keeps a screenshot with a small picture lossless, but not one that is a fifth photograph', async () => {
    const withPhoto = async (width: number, height: number) =>
      sharp(await screenshotPng(1200, 800))
        .composite([{ input: await photoPng(width, height), left: 300, top: 200 }])
        .png()
        .toBuffer();
    const small = (await optimize(await withPhoto(60, 60))).result;
    expect(isLosslessWebp(small.bytes)).toBe(true);
    const large = (await optimize(await withPhoto(480, 400))).result;
    expect(isLosslessWebp(large.bytes)).toBe(false);
  });

  it('honours a forced format, and "original" keeps the input format', async () => {
    const screenshot = await screenshotPng(400, 300);
    for (const outputFormat of ['png', 'jpeg', 'webp'] as const) {
      const { result } = await optimize(screenshot, { outputFormat });
      expect(result.format).toBe(outputFormat);
      expect(sniffedFormat(result.bytes)).toBe(outputFormat);
      expect(result.contentType).toBe(`image/${outputFormat}`);
    }
    const jpeg = await sharp(screenshot).jpeg().toBuffer();
    expect((await optimize(jpeg, { outputFormat: 'original' })).result.format).toBe('jpeg');
    // A WebP kept as WebP keeps its mode; in auto the pixels decide.
    const photoLossless = await sharp(await photoPng(300, 200))
      .webp({ lossless: true })
      .toBuffer();
    const kept = (await optimize(photoLossless, { outputFormat: 'original' })).result;
    expect(isLosslessWebp(kept.bytes)).toBe(true);
    expect(isLosslessWebp((await optimize(photoLossless)).result.bytes)).toBe(false);
    const gif = await sharp(screenshot).gif().toBuffer();
    expect((await optimize(gif, { outputFormat: 'original' })).result.format).toBe('gif');
  });

  it('keeps an animated GIF animated, as animated WebP or as GIF', async () => {
    const input = await animatedGif(3, 64);
    for (const outputFormat of ['auto', 'webp', 'original'] as const) {
      const { result, meta } = await optimize(input, { outputFormat });
      expect(meta.pages).toBe(3);
      expect([result.width, result.height]).toEqual([64, 64]);
      expect(meta.pageHeight ?? meta.height).toBe(64);
    }
    // Fitting a smaller limit keeps every frame and the timing.
    const busy = await animatedPhotoGif(3, 320);
    const limit = Math.floor((await optimize(busy)).result.bytes.length / 3);
    const fitted = await optimize(busy, { maxBytes: limit });
    expect(fitted.result.bytes.length).toBeLessThanOrEqual(limit);
    expect(fitted.meta.pages).toBe(3);
    expect(fitted.meta.delay).toEqual([100, 100, 100]);
    // A still format can only take the first frame.
    const { meta } = await optimize(input, { outputFormat: 'png' });
    expect(meta.pages ?? 1).toBe(1);
    expect([meta.width, meta.height]).toEqual([64, 64]);
  });
});

describe('fitting the byte limit', () => {
  it('fits a big noisy image under 1 MB without growing it', async () => {
    const input = await photoPng(2000, 1500, 70);
    expect(input.length).toBeGreaterThan(3 * MB);
    const { result, meta } = await optimize(input, { maxBytes: 1 * MB });
    expect(result.bytes.length).toBeLessThanOrEqual(1 * MB);
    expect(result.width).toBeLessThanOrEqual(2000);
    expect(result.height).toBeLessThanOrEqual(1500);
    expect([meta.width, meta.height]).toEqual([result.width, result.height]);
    expect(result.encodes).toBeLessThanOrEqual(MAX_ENCODES);
    expect(result.originalBytes).toBe(input.length);
  });

  it('tries the lossy quality steps at full size before scaling down', async () => {
    const input = await photoPng(1000, 750, 40);
    const first = (await optimize(input)).result;
    expect(first.encodes).toBe(1);
    const { result } = await optimize(input, { maxBytes: Math.floor(first.bytes.length * 0.9) });
    expect(result.bytes.length).toBeLessThanOrEqual(first.bytes.length * 0.9);
    expect([result.width, result.height]).toEqual([1000, 750]);
    expect(result.encodes).toBe(2);
  });

  it('gives a PNG that does not fit losslessly a 256-colour palette at full size', async () => {
    const input = await screenshotPng(1200, 800);
    const lossless = (await optimize(input, { outputFormat: 'png' })).result;
    const { result, meta } = await optimize(input, {
      outputFormat: 'png',
      maxBytes: Math.floor(lossless.bytes.length * 0.9),
    });
    expect(meta.isPalette).toBe(true);
    expect([result.width, result.height, result.encodes]).toEqual([1200, 800, 2]);
  });

  it('scales a text screenshot that does not fit losslessly, lossy, to no less than a quarter', async () => {
    const input = await screenshotPng(1200, 800);
    const lossless = (await optimize(input)).result.bytes.length;
    const { result } = await optimize(input, { maxBytes: Math.floor(lossless * 0.8) });
    expect(result.bytes.length).toBeLessThanOrEqual(lossless * 0.8);
    expect(isLosslessWebp(result.bytes)).toBe(false);
    expect(result.width).toBeLessThan(1200);
    expect(result.width).toBeGreaterThanOrEqual(1200 / 4);
  });

  it('scales down when quality steps are not enough, keeping the aspect ratio', async () => {
    const input = await photoPng(1600, 1200, 60);
    const { result } = await optimize(input, { maxBytes: 60 * 1024 });
    expect(result.bytes.length).toBeLessThanOrEqual(60 * 1024);
    expect(result.width).toBeLessThan(1600);
    expect(Math.abs(result.width / result.height - 4 / 3)).toBeLessThan(0.01);
  });

  it('says what fitting cost, and uses the budget instead of stopping far under the limit', async () => {
    const input = await photoPng(1600, 1200, 60);
    const maxBytes = 60 * 1024;
    const { result } = await optimize(input, { maxBytes });
    expect(result.fitNote).toBe(
      `downscaled 1600×1200 → ${result.width}×${result.height} and saved as ` +
        `${result.format === 'webp' ? 'WebP' : result.format.toUpperCase()} q${result.fitNote!.match(/q(\d+)/)![1]} ` +
        'to fit 60.0 KB; a tier with a larger limit keeps it as it is',
    );
    // A fitted image uses most of what the tier allows (the ladder steps back up when it overshot).
    expect(result.bytes.length).toBeGreaterThan(maxBytes * 0.6);
    // An image that fits at once costs nothing, and says nothing.
    const small = await optimize(await photoPng(200, 150, 61), { maxBytes: 1024 * 1024 });
    expect(small.result.fitNote).toBeUndefined();
  });

  it('fits a 1280 × 20000 full-page screenshot, too tall for WebP, as PNG instead of failing', async () => {
    const lines = Array.from(
      { length: 400 },
      (_, i) =>
        `<text x="20" y="${40 + i * 50}" font-size="22">Line ${i}: a long page, captured whole</text>`,
    ).join('');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="20000"><rect width="1280" height="20000" fill="#fff"/>${lines}</svg>`;
    const input = await sharp(Buffer.from(svg)).png().toBuffer();
    // A paid tier's 5 MB holds it whole.
    const { result } = await optimize(input, { maxBytes: 5 * 1024 * 1024 });
    expect(result.format).toBe('png');
    expect([result.width, result.height]).toEqual([1280, 20000]);
    expect(result.bytes.length).toBeLessThanOrEqual(5 * 1024 * 1024);
  });

  it('never upscales a small image', async () => {
    const tiny = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    for (const outputFormat of ['auto', 'png', 'jpeg', 'webp'] as const) {
      const { result, meta } = await optimize(tiny, { outputFormat });
      expect([result.width, result.height, meta.width, meta.height]).toEqual([40, 30, 40, 30]);
    }
  });

  it('fails with the size reached and the limit when it cannot fit', async () => {
    const input = await photoPng(1000, 800, 80);
    const error = await optimize(input, { maxBytes: 2000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ShotlinkError);
    const shotlinkError = error as ShotlinkError;
    expect(shotlinkError.kind).toBe('input');
    expect(shotlinkError.code).toBe('cannot_fit');
    expect(shotlinkError.message).toMatch(
      /^"shot" cannot be made to fit the 2\.0 KB limit of this tier: the smallest version reached \d+\.\d KB \(WebP q\d+ at \d+ × \d+\)\. Choose a tier with a larger limit/,
    );
  });
});

describe('makeThumbnail', () => {
  it('makes a small WebP of the first frame, inside 320 × 200, never enlarged', async () => {
    const big = await makeThumbnail(await screenshotPng(1200, 800));
    const bigMeta = await sharp(big).metadata();
    expect(bigMeta.format).toBe('webp');
    expect([bigMeta.width, bigMeta.height]).toEqual([300, 200]);

    const animated = await sharp(await makeThumbnail(await animatedGif(3, 64)), {
      animated: true,
    }).metadata();
    expect(animated.pages ?? 1).toBe(1);
    expect([animated.width, animated.height]).toEqual([64, 64]);

    const turned = await sharp(await makeThumbnail(await cameraJpeg())).metadata();
    expect([turned.width, turned.height]).toEqual([133, 200]);
    expect(turned.exif).toBeUndefined();
  });
});
