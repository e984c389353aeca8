// A PNG sent as it is to a Shotlink server (which decodes every image it receives) is checked by its
// own checksums instead of a decode, so `shotlink upload` does not load sharp before sending it. What
// the walk does not vouch for goes to sharp, and is refused with the same words as before.
import sharp from 'sharp';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { intakeImage } from '../../src-main/core/images/intake.ts';
import { checkPngChunks } from '../../src-main/core/images/png-check.ts';
import { screenshotPng } from './fixtures.ts';

const LIMIT = 100_000_000;
const asSentToServer = (bytes: Uint8Array, maxInputPixels = LIMIT) =>
  intakeImage(bytes, {
    fileName: 'shot.png',
    maxInputPixels,
    classify: false,
    thumbnail: true,
    hostDecodes: true,
  });

/** A chunk with its length and CRC, as a PNG encoder writes it. */
function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** The PNG with a chunk inserted right after IHDR (which is 8 + 25 bytes in). */
const withChunk = (png: Buffer, extra: Buffer) =>
  Buffer.concat([png.subarray(0, 33), extra, png.subarray(33)]);

describe('checkPngChunks', () => {
  it('vouches for a whole PNG, with its size, text and an EXIF that does not turn it', async () => {
    const png = await sharp(await screenshotPng(640, 360))
      .withExif({ IFD0: { Artist: 'Ada Lovelace' } })
      .png()
      .toBuffer();
    expect(checkPngChunks(png, LIMIT)).toEqual({ width: 640, height: 360 });
    const palette = await sharp(png).png({ palette: true }).toBuffer();
    expect(checkPngChunks(palette, LIMIT)).toEqual({ width: 640, height: 360 });
    const grey16 = await sharp(png).greyscale().toColourspace('grey16').png().toBuffer();
    expect(checkPngChunks(grey16, LIMIT)).toEqual({ width: 640, height: 360 });
  });

  it('leaves to sharp every PNG that is cut, damaged, turned, animated, too large or not a PNG', async () => {
    const png = await screenshotPng(320, 200);
    const flipped = Buffer.from(png);
    flipped[Math.floor(png.length / 2)]! ^= 0x01; // one bit inside the pixel data
    const turned = await sharp(png).withMetadata({ orientation: 6 }).png().toBuffer();
    const actl = Buffer.alloc(8);
    actl.writeUInt32BE(2, 0);
    const cases = {
      cut: png.subarray(0, png.length - 20),
      noEnd: png.subarray(0, png.length - 12),
      flipped,
      trailing: Buffer.concat([png, Buffer.from('more')]),
      turned,
      animated: withChunk(png, chunk('acTL', actl)),
      unknownCritical: withChunk(png, chunk('ABCD', Buffer.alloc(4))),
      jpeg: await sharp(png).jpeg().toBuffer(),
      empty: Buffer.alloc(0),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      expect(checkPngChunks(bytes, LIMIT), name).toBeNull();
    }
    expect(checkPngChunks(png, 320 * 200 - 1)).toBeNull();
  });
});

describe('intake of a PNG the host decodes itself', () => {
  it('takes a whole PNG without decoding it here, and leaves its thumbnail to the caller', async () => {
    const png = await screenshotPng(640, 360);
    const image = await asSentToServer(png);
    expect(image).toMatchObject({ format: 'png', width: 640, height: 360, pages: 1, animated: false });
    expect(image.thumbnail).toBeUndefined();
    expect(image.bytes).toBe(png);
  });

  it('refuses a cut or damaged PNG, a pixel bomb and a turned PNG as before (through sharp)', async () => {
    const png = await screenshotPng(640, 360);
    const cut = asSentToServer(png.subarray(0, Math.floor(png.length * 0.6)));
    await expect(cut).rejects.toMatchObject({ kind: 'input', code: 'corrupt' });
    await expect(cut).rejects.toThrow(/"shot\.png" starts like a PNG image but cannot be read/);
    const before = await intakeImage(png.subarray(0, Math.floor(png.length * 0.6)), {
      fileName: 'shot.png',
      maxInputPixels: LIMIT,
      classify: false,
      thumbnail: true,
    }).catch((error: Error) => error.message);
    await expect(cut).rejects.toThrow(before as string);
    await expect(asSentToServer(png, 1000)).rejects.toMatchObject({ code: 'too_many_pixels' });
    // A turned PNG is decoded (and its thumbnail drawn turned) as before: the optimizer turns it.
    const turned = await sharp(png).withMetadata({ orientation: 6 }).png().toBuffer();
    const image = await asSentToServer(turned);
    expect(image).toMatchObject({ width: 360, height: 640 });
    expect(image.thumbnail).toBeDefined();
  });
});
