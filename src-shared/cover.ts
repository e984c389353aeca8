// How a covered area looks and how far it reaches, decided once for both sides: the window shows a
// proposed redaction where core will fill the pixels (core/redact/cover.ts), with the same colour.
import type { Box } from './findings.ts';

/** The fill of a box a person drew, and of the window's preview of any redaction. */
export const COVER_HEX = '#111111';
export const COVER_RGB = {
  r: parseInt(COVER_HEX.slice(1, 3), 16),
  g: parseInt(COVER_HEX.slice(3, 5), 16),
  b: parseInt(COVER_HEX.slice(5, 7), 16),
};

/**
 * A box over found text grown by its padding and clipped to the image; null when nothing of it is
 * inside. Padded more to the sides than above and below, so the lines next to it stay whole, and far
 * enough that antialiased edges of the letters do not survive.
 */
export function paddedBox(
  box: Box,
  width: number,
  height: number,
  pad = Math.max(2, Math.round(box.height * 0.25)),
  padY = Math.max(1, Math.round(box.height * 0.1)),
): Box | null {
  const x = Math.max(0, Math.floor(box.x - pad));
  const y = Math.max(0, Math.floor(box.y - Math.min(pad, padY)));
  const right = Math.min(width, Math.ceil(box.x + box.width + pad));
  const bottom = Math.min(height, Math.ceil(box.y + box.height + Math.min(pad, padY)));
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/** A box clipped to the image (whole pixels), or null when nothing of it is inside. */
export function clipBox(box: Box, width: number, height: number): Box | null {
  return paddedBox(box, width, height, 0);
}
