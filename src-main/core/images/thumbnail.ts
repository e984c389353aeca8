// The small picture history shows beside each upload: first frame only, oriented, no metadata.
import type { Sharp } from 'sharp';
import sharp from './sharp.ts';

export const THUMBNAIL_BOX = { width: 320, height: 200 } as const;

export async function makeThumbnail(bytes: Uint8Array): Promise<Buffer> {
  return drawThumbnail(sharp(bytes, { autoOrient: true, failOn: 'error' }));
}

/** The thumbnail of an image already opened (oriented): intake draws it in the decode that checks it. */
export function drawThumbnail(image: Sharp): Promise<Buffer> {
  return image
    .resize(THUMBNAIL_BOX.width, THUMBNAIL_BOX.height, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 75, effort: 2 })
    .toBuffer();
}
