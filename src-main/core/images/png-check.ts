// A PNG sent as it is to a Shotlink server on this network, checked without sharp. Loading sharp and
// libvips, then decoding a 4K screenshot before sending it, was most of what `shotlink upload` cost
// beyond starting Node. What that decode guarded against, a truncated or damaged file, the PNG's own
// checksums catch: every chunk carries a CRC-32 of its bytes, and the last one (IEND) must be there.
// The server decodes every pixel of what it receives and refuses what does not decode, so nothing
// broken is stored either way; history's thumbnail is drawn while the server receives the image.
// Anything this walk does not vouch for is not judged here: the caller asks sharp, whose answer (and
// error message) is the one people have always had.
import { crc32 } from 'node:zlib';
import { tiffOrientation } from './strip-metadata.ts';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The bit depths each colour type allows (0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA). */
const BIT_DEPTHS: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
/** Critical chunks of a still PNG; any other critical chunk is sharp's to judge. */
const CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);

/**
 * The PNG's width and height when every chunk is whole (its CRC matches), the header is one sharp reads
 * the same way and the file ends with IEND; null when sharp must decide: another format, an animation
 * (acTL), an EXIF orientation that turns the picture, more than `maxInputPixels`, anything damaged.
 */
export function checkPngChunks(
  bytes: Uint8Array,
  maxInputPixels: number,
): { width: number; height: number } | null {
  if (bytes.length < 8 || !SIGNATURE.every((byte, i) => bytes[i] === byte)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let size: { width: number; height: number } | null = null;
  let colourType = -1;
  let palette = false;
  // 0: before the image data, 1: in it, 2: after it (a second run of IDAT is malformed).
  let data = 0;
  for (let offset = 8; offset + 12 <= bytes.length;) {
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) return null;
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (crc32(bytes.subarray(offset + 4, end - 4)) !== view.getUint32(end - 4)) return null;
    if ((offset === 8) !== (type === 'IHDR')) return null;
    if (type.charCodeAt(0) < 0x61 && !CRITICAL.has(type)) return null;
    if (type === 'IDAT') {
      if (data === 2) return null;
      data = 1;
    } else if (data === 1) data = 2;
    const body = bytes.subarray(offset + 8, end - 4);
    switch (type) {
      case 'IHDR': {
        const [depth, colour, compression, filter, interlace] = body.subarray(8);
        if (length !== 13 || !BIT_DEPTHS[colour!]?.includes(depth!)) return null;
        if (compression || filter || (interlace !== 0 && interlace !== 1)) return null;
        size = { width: view.getUint32(offset + 8), height: view.getUint32(offset + 12) };
        colourType = colour!;
        if (!size.width || !size.height || size.width * size.height > maxInputPixels) return null;
        break;
      }
      case 'PLTE':
        if (palette || data || length === 0 || length % 3 || length > 768) return null;
        palette = true;
        break;
      case 'IEND':
        // Bytes after the end, no image data, a palette image without its palette: sharp's to judge.
        if (end !== bytes.length || data !== 2 || (colourType === 3 && !palette)) return null;
        return size;
      case 'eXIf':
        if (tiffOrientation(body) > 1) return null;
        break;
      case 'acTL':
        return null;
    }
    offset = end;
  }
  return null;
}
