// Recognise an image by its first bytes, never by its file name: a screenshot saved as `shot.txt` is
// still a PNG, and `photo.png` that is really an HTML error page is not. For anything we do not accept
// we still say what it looks like, so the message can tell the person what they actually picked.

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export type Sniffed =
  | { kind: 'image'; format: ImageFormat }
  /** `description` completes "it looks like ...", e.g. "plain text", "an SVG drawing". */
  | { kind: 'other'; description: string };

export const ACCEPTED_FORMATS_TEXT = 'PNG, JPEG, GIF or WebP';

export function sniffImage(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return { kind: 'other', description: 'an empty file' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return image('png');
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return image('jpeg');
  if (startsWithAscii(bytes, 'GIF87a') || startsWithAscii(bytes, 'GIF89a')) return image('gif');
  if (startsWithAscii(bytes, 'RIFF') && startsWithAscii(bytes, 'WEBP', 8)) return image('webp');
  return { kind: 'other', description: describeOther(bytes) };
}

/** True when a WebP file is stored losslessly: its first image bitstream chunk is VP8L, not VP8. */
export function isLosslessWebp(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12; // past "RIFF", the size, "WEBP"
  while (offset + 8 <= bytes.length) {
    const fourcc = ascii(bytes.subarray(offset, offset + 4));
    const size = view.getUint32(offset + 4, true);
    if (fourcc === 'VP8L') return true;
    if (fourcc === 'VP8 ') return false;
    // An animation frame (ANMF) holds a 16-byte frame header, then its own chunks: step inside.
    offset += fourcc === 'ANMF' ? 8 + 16 : 8 + size + (size & 1);
  }
  return false;
}

function image(format: ImageFormat): Sniffed {
  return { kind: 'image', format };
}

// Other binary formats people plausibly pick by mistake, named so the message can suggest converting.
const OTHER_SIGNATURES: { test: (b: Uint8Array) => boolean; description: string }[] = [
  { test: (b) => startsWithAscii(b, '%PDF-'), description: 'a PDF document' },
  // "BM", the file size, then four reserved zero bytes (so a text starting with "BM" is still text).
  { test: (b) => startsWithAscii(b, 'BM') && startsWith(b, [0, 0, 0, 0], 6), description: 'a BMP image' },
  {
    test: (b) => startsWithAscii(b, 'II*\u0000') || startsWithAscii(b, 'MM\u0000*'),
    description: 'a TIFF image',
  },
  {
    test: (b) =>
      startsWithAscii(b, 'ftyp', 4) && /^(heic|heix|hevc|mif1|msf1)/.test(ascii(b.subarray(8, 12))),
    description: 'a HEIC image',
  },
  {
    test: (b) => startsWithAscii(b, 'ftyp', 4) && startsWithAscii(b, 'avif', 8),
    description: 'an AVIF image',
  },
  { test: (b) => startsWith(b, [0x00, 0x00, 0x01, 0x00]), description: 'an ICO icon' },
  {
    test: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]),
    description: 'a ZIP archive (or an Office document)',
  },
  { test: (b) => startsWith(b, [0x1f, 0x8b]), description: 'a gzip archive' },
  { test: (b) => startsWithAscii(b, '\u007fELF'), description: 'a program (ELF executable)' },
];

function describeOther(bytes: Uint8Array): string {
  for (const signature of OTHER_SIGNATURES) if (signature.test(bytes)) return signature.description;
  const head = bytes.subarray(0, 4096);
  if (!looksLikeText(head)) return 'binary data of an unknown kind';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\uFEFF/, '');
  const start = text.trimStart().toLowerCase();
  // HTML first: a web page may contain inline <svg> elements, an SVG file never contains <html>.
  if (/^<!doctype html|^<html|^<head|^<body/.test(start) || /<html[\s>]/.test(start)) {
    return 'an HTML page (perhaps a web page saved instead of the image itself)';
  }
  if (/<svg[\s>]/.test(start)) return 'an SVG drawing (vector graphics, not a bitmap image)';
  if (start.startsWith('<?xml')) return 'an XML document';
  if (start.startsWith('{') || start.startsWith('[')) return 'JSON or other text';
  return 'plain text';
}

/** Text if there are no NUL bytes and almost every byte is printable ASCII, whitespace or UTF-8. */
function looksLikeText(head: Uint8Array): boolean {
  let suspicious = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    const isControl = byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c;
    if (isControl || byte === 0x7f) suspicious += 1;
  }
  if (suspicious > head.length / 100) return false;
  // Bytes >= 0x80 must form valid UTF-8 (allowing a sequence cut at the end of the sample).
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, lastCompleteUtf8Boundary(head)));
    return true;
  } catch {
    return false;
  }
}

function lastCompleteUtf8Boundary(head: Uint8Array): number {
  let end = head.length;
  // Step back over at most 3 continuation bytes and the lead byte of a truncated sequence.
  for (let back = 1; back <= 4 && end - back >= 0; back++) {
    const byte = head[end - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      if (back < needed) end -= back;
    }
    break;
  }
  return end;
}

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((value, i) => bytes[offset + i] === value);
}

function startsWithAscii(bytes: Uint8Array, text: string, offset = 0): boolean {
  return startsWith(
    bytes,
    [...text].map((c) => c.charCodeAt(0)),
    offset,
  );
}

function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}
