// The editor's export: the person's edits flattened onto the image at its full resolution, as one PNG
// that then takes the normal path (intake, optimize, upload, record). Redactions replace the pixels
// under them first (core/redact/cover.ts), then the annotations are drawn from the same SVG the window
// showed (src-shared/editor.ts), then the crop is taken. Nothing of the original survives under a box.
//
// Drawing is bounded: the document by the contract (EDIT_LIMITS), the work by a deadline, and the caller
// may leave. Drawing an SVG cannot be interrupted once sharp has started on it, so the annotations are
// drawn in bands of rows, each band with only the shapes that reach it: between bands the render stops
// if its caller left (the bridge's client hung up, the process is stopping) or its time ran out, and
// each band's own pipeline carries sharp's timeout for what is left of that time.
import type { OverlayOptions, Sharp } from 'sharp';
import sharp from './sharp.ts';
import { clipBox } from '../../../src-shared/cover.ts';
import { boundsOf, shapeSvg, type EditDoc, type Shape } from '../../../src-shared/editor.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { coverBoxes } from '../redact/cover.ts';

/** How long flattening one document may take, all steps together. */
export const RENDER_TIMEOUT_MS = 60_000;
/** Rows drawn in one go: small enough that stopping between bands is prompt on a large image. */
const BAND_ROWS = 256;

export interface RenderOptions {
  /** Aborted when the caller has gone: the render stops at the next band. */
  signal?: AbortSignal | undefined;
  timeoutMs?: number;
  /** Called after each band is drawn (tests watch a render progress, then stop it). */
  onBand?: (done: number, total: number) => void;
}

export async function applyEdits(
  image: Uint8Array,
  doc: EditDoc,
  options: RenderOptions = {},
): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? RENDER_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const checkpoint = () => {
    if (options.signal?.aborted) {
      throw new ShotlinkError('usage', 'The edited image was not made: its upload was cancelled.');
    }
    if (Date.now() >= deadline) throw tooLong(timeoutMs);
  };
  /** A pipeline bounded by what is left of the time. */
  const run = async (pipeline: Sharp): Promise<Buffer> => {
    checkpoint();
    try {
      return await pipeline
        .timeout({ seconds: Math.max(1, Math.ceil((deadline - Date.now()) / 1000)) })
        .toBuffer();
    } catch (error) {
      if (/^timeout/.test((error as Error).message)) throw tooLong(timeoutMs);
      throw error;
    }
  };

  let png: Buffer = await run(sharp(image).rotate().png());
  const { width = 0, height = 0 } = await sharp(png).metadata();
  const redactions = doc.shapes.filter((shape) => shape.kind === 'redact').map(boundsOf);
  if (redactions.length > 0) {
    checkpoint();
    png = await coverBoxes(png, redactions, { pad: false });
  }
  const annotations = doc.shapes.filter((shape) => shape.kind !== 'redact');
  if (annotations.length > 0) {
    const bands = bandsOf(annotations, width, height);
    const layers: OverlayOptions[] = [];
    for (const [i, band] of bands.entries()) {
      const svg =
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${band.rows}" ` +
        `viewBox="0 ${band.top} ${width} ${band.rows}">${band.shapes.map(shapeSvg).join('')}</svg>`;
      // Raw pixels: no compression for a layer that is composited at once.
      const layer = await run(sharp(Buffer.from(svg)).ensureAlpha().raw());
      layers.push({ input: layer, raw: { width, height: band.rows, channels: 4 }, left: 0, top: band.top });
      options.onBand?.(i + 1, bands.length);
    }
    png = await run(sharp(png).composite(layers).png());
  }
  if (!doc.crop) return png;
  const crop = clipBox(doc.crop, width, height);
  if (!crop || crop.width < 1 || crop.height < 1) {
    throw new ShotlinkError('input', 'The crop leaves nothing of the image: draw it over the part to keep.');
  }
  return run(sharp(png).extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height }).png());
}

function tooLong(timeoutMs: number): ShotlinkError {
  return new ShotlinkError(
    'input',
    `Drawing the edits took longer than ${Math.round(timeoutMs / 1000)} s, so nothing was uploaded: ` +
      'use fewer or smaller shapes, or crop the image first.',
  );
}

/** The bands of rows that have something drawn in them, each with the shapes that reach it. */
function bandsOf(shapes: Shape[], width: number, height: number) {
  const bands: { top: number; rows: number; shapes: Shape[] }[] = [];
  for (let top = 0; top < height; top += BAND_ROWS) {
    const rows = Math.min(BAND_ROWS, height - top);
    const inBand = shapes.filter((shape) => {
      const { x, y, width: w, height: h } = reach(shape);
      return y < top + rows && y + h > top && x < width && x + w > 0;
    });
    if (inBand.length > 0) bands.push({ top, rows, shapes: inBand });
  }
  return bands;
}

/**
 * Where a shape may put ink: its bounds grown by what the outline adds (half a stroke, an arrow's head
 * at about twice the stroke, a marker's round ends) and, for text and badges, by half their size, since
 * a glyph reaches past the estimate of its width, above the ascent and below the baseline.
 */
function reach(shape: Shape): { x: number; y: number; width: number; height: number } {
  const bounds = boundsOf(shape);
  const margin = 16 + ('stroke' in shape ? 3 * shape.stroke : 'size' in shape ? shape.size / 2 : 0);
  const wide = shape.kind === 'text' ? shape.text.length * shape.size : 0;
  return {
    x: bounds.x - margin,
    y: bounds.y - margin,
    width: Math.max(bounds.width, wide) + 2 * margin,
    height: bounds.height + 2 * margin,
  };
}
