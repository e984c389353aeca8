// Metadata removed without re-encoding, for images that go as they are to a server on this network:
// text, time and EXIF chunks gone, the pixels and their compression untouched, the colour profile kept;
// an image whose EXIF turns the picture is left to the optimizer.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { stripMetadata } from '../../src-main/core/images/strip-metadata.ts';

const base = () => sharp({ create: { width: 64, height: 40, channels: 3, background: '#3a7' } });

describe('stripMetadata', () => {
  it('drops a PNG’s text and EXIF chunks and keeps every pixel', async () => {
    const png = await base()
      .withExif({ IFD0: { Artist: 'Ada Lovelace', ImageDescription: 'at home, 51.5N 0.1W' } })
      .png()
      .toBuffer();
    expect(png.includes(Buffer.from('Ada Lovelace'))).toBe(true);
    const stripped = Buffer.from(stripMetadata(png, 'png')!);
    expect(stripped.includes(Buffer.from('Ada Lovelace'))).toBe(false);
    expect(stripped.includes(Buffer.from('eXIf'))).toBe(false);
    expect(stripped.length).toBeLessThan(png.length);
    const [a, b] = await Promise.all([png, stripped].map((bytes) => sharp(bytes).raw().toBuffer()));
    expect(a!.equals(b!)).toBe(true);
  });

  it('leaves a PNG whose EXIF turns the picture to the optimizer, as it does a JPEG', async () => {
    const turned = await base().withMetadata({ orientation: 6 }).png().toBuffer();
    expect(turned.includes(Buffer.from('eXIf'))).toBe(true);
    expect(stripMetadata(turned, 'png')).toBeNull();
  });

  it('drops a JPEG’s EXIF (GPS and all) but leaves one that turns the picture to the optimizer', async () => {
    const jpeg = await base()
      .withExif({ IFD0: { Artist: 'Ada Lovelace' } })
      .jpeg()
      .toBuffer();
    const stripped = Buffer.from(stripMetadata(jpeg, 'jpeg')!);
    expect(stripped.includes(Buffer.from('Ada Lovelace'))).toBe(false);
    const [a, b] = await Promise.all([jpeg, stripped].map((bytes) => sharp(bytes).raw().toBuffer()));
    expect(a!.equals(b!)).toBe(true);

    const turned = await base().withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect(stripMetadata(turned, 'jpeg')).toBeNull();
    expect(stripMetadata(Buffer.from('not an image'), 'png')).toBeNull();
    expect(stripMetadata(jpeg, 'webp')).toBeNull();
  });
});
