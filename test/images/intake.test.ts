import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { intakeImage } from '../../src-main/core/images/intake.ts';
import { isLosslessWebp, sniffImage } from '../../src-main/core/images/sniff.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { animatedGif, cameraJpeg, photoPng, pngClaiming, screenshotPng } from './fixtures.ts';

const LIMIT = 100_000_000;
const intake = (bytes: Uint8Array, fileName = 'shot.png', maxInputPixels = LIMIT) =>
  intakeImage(bytes, { fileName, maxInputPixels });

async function rejection(promise: Promise<unknown>): Promise<ShotlinkError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ShotlinkError);
  const shotlinkError = error as ShotlinkError;
  expect(shotlinkError.kind).toBe('input');
  return shotlinkError;
}

describe('intake accepts images by their bytes', () => {
  it('reads PNG, JPEG, GIF and WebP whatever the file is called', async () => {
    const png = await screenshotPng(320, 200);
    const cases = [
      { bytes: png, format: 'png' },
      { bytes: await sharp(png).jpeg().toBuffer(), format: 'jpeg' },
      { bytes: await sharp(png).gif().toBuffer(), format: 'gif' },
      { bytes: await sharp(png).webp().toBuffer(), format: 'webp' },
    ] as const;
    for (const { bytes, format } of cases) {
      const image = await intake(bytes, 'notes.txt');
      expect(image).toMatchObject({ format, width: 320, height: 200, pages: 1, animated: false });
      expect(image.bytes).toBe(bytes);
    }
  });

  it('counts the frames of an animated GIF', async () => {
    const image = await intake(await animatedGif(4, 48), 'loop.gif');
    expect(image).toMatchObject({ format: 'gif', width: 48, height: 48, pages: 4, animated: true });
  });

  it('measures while decoding whether the pixels are a screenshot or a photograph', async () => {
    const screenshot = await intake(await screenshotPng(800, 500));
    expect(screenshot.content?.kind).toBe('graphic');
    const photo = await intake(await photoPng(800, 500));
    expect(photo.content?.kind).toBe('photo');
    expect(photo.content!.colourRatio).toBeGreaterThan(screenshot.content!.colourRatio * 10);
  });

  it('reports the size as displayed, after EXIF orientation', async () => {
    const image = await intake(await cameraJpeg(), 'IMG_0001.JPG');
    expect(image).toMatchObject({ format: 'jpeg', width: 200, height: 300 });
  });
});

describe('intake rejects what is not an image, naming the file and what it looks like', () => {
  it('an empty file', async () => {
    const error = await rejection(intake(new Uint8Array(0), 'blank.png'));
    expect(error.code).toBe('empty');
    expect(error.message).toBe(
      '"blank.png" is empty (0 bytes). Take the screenshot again or choose another file.',
    );
  });

  it('plain text', async () => {
    const error = await rejection(intake(Buffer.from('just some notes\nsecond line\n'), 'shot.png'));
    expect(error.code).toBe('not_an_image');
    expect(error.message).toBe(
      '"shot.png" is not an image Shotlink can upload: it looks like plain text. ' +
        'Choose a PNG, JPEG, GIF or WebP file (export or screenshot it as PNG first).',
    );
  });

  it('an SVG drawing', async () => {
    const svg =
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>';
    const error = await rejection(intake(Buffer.from(svg), 'logo.png'));
    expect(error.code).toBe('not_an_image');
    expect(error.message).toContain('"logo.png" is not an image');
    expect(error.message).toContain('it looks like an SVG drawing (vector graphics, not a bitmap image)');
  });

  it('an HTML page saved under an image name', async () => {
    const html =
      '<!DOCTYPE html><html><head><title>404</title></head><body><svg></svg>Not found</body></html>';
    const error = await rejection(intake(Buffer.from(html), 'download.jpg'));
    expect(error.code).toBe('not_an_image');
    expect(error.message).toContain(
      'it looks like an HTML page (perhaps a web page saved instead of the image itself)',
    );
  });

  it('a PDF and unknown binary data', async () => {
    const pdf = await rejection(intake(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), 'scan.png'));
    expect(pdf.message).toContain('it looks like a PDF document');
    const binary = await rejection(
      intake(Buffer.from([0x00, 0x13, 0xfe, 0x88, 0x01, 0x02, 0x00, 0x99]), 'x.png'),
    );
    expect(binary.message).toContain('it looks like binary data of an unknown kind');
  });

  it('a truncated PNG', async () => {
    const png = await screenshotPng(600, 400);
    const error = await rejection(intake(png.subarray(0, Math.floor(png.length * 0.8)), 'cut.png'));
    expect(error.code).toBe('corrupt');
    expect(error.message).toMatch(
      /^"cut\.png" starts like a PNG image but cannot be read: it is truncated or damaged \(.+\)\. Save or copy the image again and retry\.$/,
    );
  });

  it('a PNG missing only its last few bytes', async () => {
    const png = await screenshotPng(600, 400);
    const error = await rejection(intake(png.subarray(0, png.length - 20), 'cut.png'));
    expect(error.code).toBe('corrupt');
  });

  it('a truncated JPEG', async () => {
    const jpeg = await cameraJpeg();
    const error = await rejection(intake(jpeg.subarray(0, Math.floor(jpeg.length * 0.7)), 'cut.jpg'));
    expect(error.code).toBe('corrupt');
    expect(error.message).toContain(
      '"cut.jpg" starts like a JPEG image but cannot be read: it is truncated or damaged',
    );
  });

  it('corrupt bytes behind a valid signature', async () => {
    const png = await screenshotPng(200, 100);
    const garbled = Buffer.from(png);
    for (let i = 40; i < garbled.length - 12; i += 7) garbled[i] = (garbled[i]! + 91) & 0xff;
    const error = await rejection(intake(garbled, 'garbled.png'));
    expect(error.code).toBe('corrupt');
    expect(error.message).toContain('"garbled.png" starts like a PNG image but cannot be read');
  });

  it('a pixel bomb: a tiny file whose header claims 30000 × 30000 pixels', async () => {
    const bomb = pngClaiming(30_000, 30_000);
    expect(bomb.length).toBeLessThan(200);
    const error = await rejection(intake(bomb, 'bomb.png'));
    expect(error.code).toBe('too_many_pixels');
    expect(error.message).toBe(
      '"bomb.png" is 30000 × 30000 pixels (900 megapixels), above the limit of 100 megapixels that guards ' +
        'against images made to exhaust memory. Scale it down first, or raise the limit with ' +
        '`shotlink config set maxInputPixels <pixels>` if you trust the file.',
    );
  });

  it('a real image above the configured pixel limit, frames included', async () => {
    const solid = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    const error = await rejection(intake(solid, 'wall.png', 5_000_000));
    expect(error.code).toBe('too_many_pixels');
    expect(error.message).toContain('3000 × 2000 pixels (6.0 megapixels), above the limit of 5.0 megapixels');

    const gif = await rejection(intake(await animatedGif(5, 100), 'loop.gif', 40_000));
    expect(gif.message).toContain('100 × 100 pixels × 5 frames (0.1 megapixels)');
  });
});

describe('sniffImage', () => {
  it('tells lossless from lossy WebP', async () => {
    const png = await screenshotPng(100, 80);
    expect(isLosslessWebp(await sharp(png).webp({ lossless: true }).toBuffer())).toBe(true);
    expect(isLosslessWebp(await sharp(png).webp({ quality: 80 }).toBuffer())).toBe(false);
  });

  it('describes other common files', () => {
    const describeBytes = (text: string) => {
      const sniffed = sniffImage(Buffer.from(text, 'latin1'));
      return sniffed.kind === 'other' ? sniffed.description : sniffed.format;
    };
    expect(describeBytes('{"a": 1}')).toBe('JSON or other text');
    expect(describeBytes('BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00')).toBe('a BMP image');
    expect(describeBytes('BMW service notes')).toBe('plain text');
    expect(describeBytes('\x00\x00\x00\x18ftypheic\x00\x00')).toBe('a HEIC image');
    expect(describeBytes('GIF89a\x01\x00')).toBe('gif');
  });
});
