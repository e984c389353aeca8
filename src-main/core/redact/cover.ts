// Covering areas of an image so they cannot be read back: the pixels are replaced with a solid fill,
// never blurred (a blur of text can be undone) and never left under a layer (the output is one bitmap).
// Boxes are padded a little beyond the letters, so antialiased edges do not survive either.
//
// Boxes drawn by a person are filled with one dark colour. Boxes over found text are filled with a shade
// of the background around them (a little darker on a light page, a little lighter on a dark one): still
// plainly a box to a reader, but not a black slab, which makes OCR (a reader's, or the next tool's) lose
// the ordinary lines beside it.
import sharp from '../images/sharp.ts';
import { clipBox, COVER_RGB, paddedBox } from '../../../src-shared/cover.ts';
import type { Box } from '../../../src-shared/findings.ts';

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
  const clipped = boxes
    .map((box) => (pad ? paddedBox(box, width, height) : clipBox(box, width, height)))
    .filter((box): box is Box => box !== null);
  let fills = clipped.map(() => COVER_RGB);
  if (pad && clipped.length > 0) {
    const { data, info } = await upright.clone().removeAlpha().raw().toBuffer({ resolveWithObject: true });
    fills = clipped.map((box) => backgroundShade(data, info.width, info.channels, box));
  }
  const patches = clipped.map((box, i) => ({
    input: {
      create: { width: box.width, height: box.height, channels: 3 as const, background: fills[i]! },
    },
    left: box.x,
    top: box.y,
  }));
  return upright.composite(patches).png().toBuffer();
}

/** The median colour on a box's outline (the page around the text), shaded towards its contrast. */
function backgroundShade(
  data: Buffer,
  stride: number,
  channels: number,
  box: Box,
): { r: number; g: number; b: number } {
  const samples: number[][] = [[], [], []];
  const take = (x: number, y: number) => {
    const at = (y * stride + x) * channels;
    for (let c = 0; c < 3; c++) samples[c]!.push(data[at + Math.min(c, channels - 1)]!);
  };
  for (let x = box.x; x < box.x + box.width; x += 2) {
    take(x, box.y);
    take(x, box.y + box.height - 1);
  }
  for (let y = box.y; y < box.y + box.height; y += 2) {
    take(box.x, y);
    take(box.x + box.width - 1, y);
  }
  const [r, g, b] = samples.map((values) => [...values].sort((p, q) => p - q)[values.length >> 1] ?? 0) as [
    number,
    number,
    number,
  ];
  const light = 0.299 * r + 0.587 * g + 0.114 * b >= 128;
  const shade = (v: number) => Math.round(light ? v * 0.9 : v + (255 - v) * 0.12);
  return { r: shade(r), g: shade(g), b: shade(b) };
}
