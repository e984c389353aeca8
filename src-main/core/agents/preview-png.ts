// The picture a model is shown of an image: a PNG, turned upright, scaled to a long edge enough to read
// and small enough to send. In core so the MCP shell loads no image library of its own.
import sharp from '../images/sharp.ts';

const PREVIEW_EDGE = 1600;

export function previewPng(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes)
    .rotate()
    .resize({ width: PREVIEW_EDGE, height: PREVIEW_EDGE, fit: 'inside', withoutEnlargement: true })
    .png()
    .toBuffer();
}
