// Metadata removed without re-encoding: for a PNG, the ancillary chunks that carry text, time and
// EXIF; for a JPEG, the APPn and comment segments. The pixels and their compression are untouched, so
// this costs a copy instead of an encode — what an image already small enough for a host on this
// network needs (sending it as it is beats spending a second encoding it to save bytes on a LAN).

/**
 * PNG chunks that describe rather than draw: removed. The colour profile (iCCP) stays: dropping it
 * would shift a Display P3 screenshot's colours, and it says nothing about the person.
 */
const PNG_METADATA = new Set(['tEXt', 'zTXt', 'iTXt', 'tIME', 'eXIf', 'pHYs', 'sPLT', 'hIST', 'dSIG']);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The image without its metadata, or null when it cannot be done safely without re-encoding (another
 * format, an image whose EXIF turns the picture, anything malformed): then the normal optimizer runs.
 */
export function stripMetadata(bytes: Uint8Array, format: string): Uint8Array | null {
  if (format === 'png') return stripPng(bytes);
  if (format === 'jpeg') return stripJpeg(bytes);
  return null;
}

function stripPng(bytes: Uint8Array): Uint8Array | null {
  if (!PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  let removed = false;
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) return null;
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    // As for a JPEG: EXIF that turns the picture cannot go without turning the pixels.
    if (type === 'eXIf' && tiffOrientation(bytes.subarray(offset + 8, end - 4)) > 1) return null;
    if (PNG_METADATA.has(type)) removed = true;
    else kept.push(bytes.subarray(offset, end));
    offset = end;
    // Nothing to remove (as from most screenshot tools): the bytes as they are, not a copy of them.
    if (type === 'IEND') return removed ? Buffer.concat(kept) : bytes.subarray(0, end);
  }
  return null;
}

function stripJpeg(bytes: Uint8Array): Uint8Array | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let removed = false;
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    // Start of scan: the compressed picture follows to the end; keep it all.
    if (marker === 0xda) return removed ? Buffer.concat([...kept, bytes.subarray(offset)]) : bytes;
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const end = offset + 2 + length;
    if (length < 2 || end > bytes.length) return null;
    const segment = bytes.subarray(offset, end);
    // EXIF that turns the picture cannot be dropped without turning the pixels: leave it to the optimizer.
    if (marker === 0xe1 && exifOrientation(segment) > 1) return null;
    // APP0 (JFIF) and APP2 (the colour profile) stay; APP1 and APP3-15 (EXIF, XMP, ...) and comments go.
    const metadata = (marker >= 0xe1 && marker <= 0xef && marker !== 0xe2) || marker === 0xfe;
    if (metadata) removed = true;
    else kept.push(segment);
    offset = end;
  }
  return null;
}

/** The EXIF orientation in an APP1 segment, 1 when absent. */
function exifOrientation(segment: Uint8Array): number {
  const header = String.fromCharCode(...segment.subarray(4, 10));
  if (header !== 'Exif\0\0') return 1;
  return tiffOrientation(segment.subarray(10));
}

/** The orientation tag of EXIF's TIFF structure (a PNG's eXIf chunk, a JPEG's APP1 after its header). */
export function tiffOrientation(tiff: Uint8Array): number {
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  if (tiff.length < 8) return 1;
  const little = tiff[0] === 0x49;
  const first = view.getUint32(4, little);
  if (first + 2 > tiff.length) return 1;
  const entries = view.getUint16(first, little);
  for (let i = 0; i < entries; i++) {
    const at = first + 2 + i * 12;
    if (at + 12 > tiff.length) return 1;
    if (view.getUint16(at, little) === 0x0112) return view.getUint16(at + 8, little);
  }
  return 1;
}
