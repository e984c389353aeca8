// Covering areas of an image so they cannot be read back: the pixels are replaced with a solid fill,
// never blurred (a blur of text can be undone) and never left under a layer (the output is one bitmap).
// Boxes are padded a little beyond the letters, so antialiased edges do not survive either.
import sharp from 'sharp';
import type { Box } from '../../../src-shared/findings.ts';

export const COVER_COLOUR = { r: 17, g: 17, b: 17 };

/** A box grown by its padding and clipped to the image; null when nothing of it is inside. */
export function paddedBox(
  box: Box,
  width: number,
  height: number,
  pad = Math.max(2, Math.round(box.height * 0.2)),
): Box | null {
  const x = Math.max(0, Math.floor(box.x - pad));
  const y = Math.max(0, Math.floor(box.y - pad));
  const right = Math.min(width, Math.ceil(box.x + box.width + pad));
  const bottom = Math.min(height, Math.ceil(box.y + box.height + pad));
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/** A box clipped to the image (whole pixels), or null when nothing of it is inside. */
export function clipBox(box: Box, width: number, height: number): Box | null {
  return paddedBox(box, width, height, 0);
}

/**
 * The image with every box filled, as a PNG (lossless: the rest of the image is untouched). Found text
 * is padded; a box the person drew (`pad: false`) is covered exactly as drawn.
 */
export async function coverBoxes(
  image: Uint8Array,
  boxes: readonly Box[],
  { pad = true }: { pad?: boolean } = {},
): Promise<Buffer> {
  // The size as it will be drawn, EXIF orientation applied: read from the header, nothing decoded.
  const { width, height } = (await sharp(image).metadata()).autoOrient;
  const upright = sharp(image).rotate();
  const patches = boxes
    .map((box) => (pad ? paddedBox(box, width, height) : clipBox(box, width, height)))
    .filter((box): box is Box => box !== null)
    .map((box) => ({
      input: {
        create: { width: box.width, height: box.height, channels: 3 as const, background: COVER_COLOUR },
      },
      left: box.x,
      top: box.y,
    }));
  return upright.composite(patches).png().toBuffer();
}
