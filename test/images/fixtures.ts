// Real image files for the image tests, made with sharp at test time (nothing binary is checked in).
import { deflateSync, crc32 } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';

/** A UI-like screenshot: flat panels, a toolbar, and anti-aliased text rendered by librsvg. */
export async function screenshotPng(width = 1200, height = 800): Promise<Buffer> {
  const lines = Array.from(
    { length: Math.floor((height - 120) / 28) },
    (_, i) =>
      `<text x="260" y="${110 + i * 28}" font-family="DejaVu Sans" font-size="16" fill="#24292f">` +
      `Line ${i + 1}: the optimizer keeps screenshot text sharp and legible.</text>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#ffffff"/>
    <rect width="100%" height="56" fill="#24292f"/>
    <text x="24" y="36" font-family="DejaVu Sans" font-size="22" fill="#ffffff">Shotlink settings</text>
    <rect y="56" width="230" height="100%" fill="#f6f8fa"/>
    <rect x="24" y="80" width="180" height="32" rx="6" fill="#0969da"/>
    ${lines}
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Photo-like content: smooth large shapes plus fine grain, so only lossy coders do well. */
export async function photoRaw(width: number, height: number, sigma = 50): Promise<Sharp> {
  const noise = await sharp({
    create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma } },
  })
    .png()
    .toBuffer();
  const blurred = await sharp(noise).blur(1.2).png().toBuffer();
  return sharp(blurred);
}

export async function photoPng(width: number, height: number, sigma = 50): Promise<Buffer> {
  return (await photoRaw(width, height, sigma)).png({ compressionLevel: 1 }).toBuffer();
}

/**
 * A camera-style JPEG, stored 300 wide × 200 high with a red band along its left edge, carrying EXIF
 * Orientation 6 (display turned 90° clockwise: the red band belongs at the top), a camera make and a
 * GPS position.
 */
export async function cameraJpeg(): Promise<Buffer> {
  const photo = await (await photoRaw(300, 200, 30)).png().toBuffer();
  const band = await sharp({ create: { width: 60, height: 200, channels: 3, background: '#ff0000' } })
    .png()
    .toBuffer();
  return sharp(photo)
    .composite([{ input: band, left: 0, top: 0 }])
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'ShotlinkTestCam', Model: 'T1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '51/1 30/1 0/1',
        GPSLongitudeRef: 'W',
        GPSLongitude: '0/1 7/1 0/1',
      },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** An animated GIF of `frames` frames, each a differently coloured square with a moving bar. */
export async function animatedGif(frames = 3, size = 64): Promise<Buffer> {
  const colours = ['#e11d48', '#2563eb', '#16a34a', '#f59e0b', '#7c3aed'];
  const pages = await Promise.all(
    Array.from({ length: frames }, (_, i) =>
      sharp({ create: { width: size, height: size, channels: 3, background: colours[i % colours.length]! } })
        .composite([
          {
            input: { create: { width: 8, height: size, channels: 3, background: '#ffffff' } },
            left: (i * 12) % (size - 8),
            top: 0,
          },
        ])
        .raw()
        .toBuffer(),
    ),
  );
  return sharp(Buffer.concat(pages), {
    raw: { width: size, height: size * frames, channels: 3, pageHeight: size },
  })
    .gif({ delay: Array(frames).fill(100), loop: 0 })
    .toBuffer();
}

/** An animated GIF whose frames are grainy photographs: big, so fitting it needs the whole ladder. */
export async function animatedPhotoGif(frames: number, size: number): Promise<Buffer> {
  const pages = await Promise.all(
    Array.from({ length: frames }, async () => (await photoRaw(size, size, 60)).raw().toBuffer()),
  );
  return sharp(Buffer.concat(pages), {
    raw: { width: size, height: size * frames, channels: 3, pageHeight: size },
  })
    .gif({ delay: Array(frames).fill(100), loop: 0, effort: 1, dither: 0 })
    .toBuffer();
}

/** A well-formed PNG whose header claims width × height while its pixel data is a few bytes. */
export function pngClaiming(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** The tags present in an EXIF block's first IFD (IFD0), read straight from its TIFF structure. */
export function exifIfd0Tags(exif: Buffer | undefined): Set<number> {
  const tags = new Set<number>();
  if (!exif) return tags;
  const tiff = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif;
  const little = tiff.subarray(0, 2).toString('latin1') === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  const count = u16(ifd);
  for (let i = 0; i < count; i++) tags.add(u16(ifd + 2 + i * 12));
  return tags;
}

export const EXIF_TAG = { make: 0x010f, orientation: 0x0112, gpsPointer: 0x8825 } as const;
