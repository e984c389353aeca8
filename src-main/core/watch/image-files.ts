// Which files in a watched folder are screenshots worth uploading, and whether one is fully written.
import { sniffImage } from '../images/sniff.ts';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp']);
/** Temporary names editors, browsers and screenshot tools write before the final rename. */
const TEMP_SUFFIXES = ['.tmp', '.temp', '.part', '.partial', '.crdownload', '.download', '.swp', '~'];

/** Hidden (macOS writes `.Screenshot ...` first), temporary or not an image: ignored. */
export function isCandidateImageName(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  if (lower.startsWith('.') || lower.startsWith('~$')) return false;
  if (TEMP_SUFFIXES.some((suffix) => lower.endsWith(suffix))) return false;
  const dot = lower.lastIndexOf('.');
  return dot > 0 && IMAGE_EXTENSIONS.has(lower.slice(dot));
}

/**
 * Whether the bytes are a whole image of the format they start as: PNG ends with its IEND chunk, JPEG
 * with the EOI marker, GIF with its trailer, WebP's RIFF header states its length. A screenshot still
 * being written fails this even when its size stood still for a moment (a slow disk, a paused writer).
 * Unknown formats pass: intake will judge them.
 */
export function looksComplete(bytes: Uint8Array): boolean {
  const n = bytes.byteLength;
  if (n < 12) return false;
  const sniffed = sniffImage(bytes);
  if (sniffed.kind !== 'image') return true;
  const at = (i: number) => bytes[i]!;
  switch (sniffed.format) {
    case 'png': {
      // ... 0000 0000 'IEND' AE42 6082
      const tail = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
      return n >= 20 && tail.every((byte, i) => at(n - 8 + i) === byte);
    }
    case 'jpeg':
      // Some writers pad after EOI; accept it within the last few bytes.
      for (let i = n - 2; i >= Math.max(2, n - 16); i--)
        if (at(i) === 0xff && at(i + 1) === 0xd9) return true;
      return false;
    case 'gif':
      return at(n - 1) === 0x3b;
    case 'webp': {
      const riffSize = at(4) | (at(5) << 8) | (at(6) << 16) | (at(7) << 24);
      return riffSize + 8 <= n;
    }
  }
}
