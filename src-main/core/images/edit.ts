// The editor's export: the person's edits flattened onto the image at its full resolution, as one PNG
// that then takes the normal path (intake, optimize, upload, record). Redactions replace the pixels
// under them first (core/redact/cover.ts), then the annotations are drawn from the same SVG the window
// showed (src-shared/editor.ts), then the crop is taken. Nothing of the original survives under a box.
import sharp from './sharp.ts';
import { boundsOf, shapesSvg, type EditDoc } from '../../../src-shared/editor.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { clipBox, coverBoxes } from '../redact/cover.ts';

export async function applyEdits(image: Uint8Array, doc: EditDoc): Promise<Buffer> {
  let png: Buffer = await sharp(image).rotate().png().toBuffer();
  const { width = 0, height = 0 } = await sharp(png).metadata();
  const redactions = doc.shapes.filter((shape) => shape.kind === 'redact').map(boundsOf);
  if (redactions.length > 0) png = await coverBoxes(png, redactions, { pad: false });
  if (doc.shapes.some((shape) => shape.kind !== 'redact')) {
    png = await sharp(png)
      .composite([{ input: Buffer.from(shapesSvg(doc, width, height)), left: 0, top: 0 }])
      .png()
      .toBuffer();
  }
  if (!doc.crop) return png;
  const crop = clipBox(doc.crop, width, height);
  if (!crop || crop.width < 1 || crop.height < 1) {
    throw new ShotlinkError('input', 'The crop leaves nothing of the image: draw it over the part to keep.');
  }
  return sharp(png)
    .extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height })
    .png()
    .toBuffer();
}
