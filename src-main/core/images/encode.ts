// One encode: the decoded, oriented image (optionally scaled) written in one format with one setting.
// The optimizer only ever talks about `Encoding` values; sharp's option names stay in this file.
import type { Sharp } from 'sharp';
import sharp from './sharp.ts';

export type OutputFormat = 'png' | 'jpeg' | 'webp' | 'gif';

export type Encoding =
  | { format: 'webp'; lossless: true; effort: number }
  | { format: 'webp'; lossless: false; quality: number; effort: number }
  | { format: 'png'; palette: false }
  | { format: 'png'; palette: true; colours: number }
  | { format: 'jpeg'; quality: number }
  | { format: 'gif'; colours: number };

export const CONTENT_TYPES: Record<OutputFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};

export interface EncodeSource {
  bytes: Uint8Array;
  animated: boolean;
  keepMetadata: boolean;
  maxInputPixels: number;
  /** Oriented size of one frame at scale 1. */
  width: number;
  height: number;
}

export interface Encoded {
  bytes: Buffer;
  encoding: Encoding;
  width: number;
  height: number;
}

/** Decode (EXIF orientation applied), scale down if asked, encode. Metadata is dropped unless kept. */
export async function encode(source: EncodeSource, encoding: Encoding, scale = 1): Promise<Encoded> {
  let pipeline = openSource(source);
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  if (scale < 1) pipeline = pipeline.resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
  // JPEG has no alpha: flatten onto white, which is what a transparent screenshot region shows in most viewers.
  if (encoding.format === 'jpeg') pipeline = pipeline.flatten({ background: '#ffffff' });
  if (source.keepMetadata) pipeline = pipeline.keepMetadata();
  const bytes = await applyEncoding(pipeline, encoding).toBuffer();
  return { bytes, encoding, width, height };
}

export function openSource(source: Pick<EncodeSource, 'bytes' | 'animated' | 'maxInputPixels'>): Sharp {
  return sharp(source.bytes, {
    animated: source.animated,
    // Rotate/flip by EXIF orientation first; this also removes the Orientation tag, so a kept EXIF block
    // cannot rotate the picture a second time in the viewer.
    autoOrient: true,
    failOn: 'error',
    limitInputPixels: source.maxInputPixels,
  });
}

function applyEncoding(pipeline: Sharp, encoding: Encoding): Sharp {
  switch (encoding.format) {
    case 'webp':
      return encoding.lossless
        ? pipeline.webp({ lossless: true, effort: encoding.effort })
        : pipeline.webp({ quality: encoding.quality, effort: encoding.effort });
    case 'png':
      return encoding.palette
        ? pipeline.png({ palette: true, colours: encoding.colours, compressionLevel: 9, effort: 7 })
        : pipeline.png({ compressionLevel: 9, adaptiveFiltering: true });
    case 'jpeg':
      return pipeline.jpeg({ quality: encoding.quality, mozjpeg: true });
    case 'gif':
      return pipeline.gif({ colours: encoding.colours, effort: 7 });
  }
}

export function describeEncoding(encoding: Encoding): string {
  switch (encoding.format) {
    case 'webp':
      return encoding.lossless ? 'WebP lossless' : `WebP q${encoding.quality}`;
    case 'png':
      return encoding.palette ? `palette PNG (${encoding.colours} colours)` : 'PNG';
    case 'jpeg':
      return `JPEG q${encoding.quality}`;
    case 'gif':
      return `GIF (${encoding.colours} colours)`;
  }
}
