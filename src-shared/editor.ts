// The editor's document: what was drawn on an image, in the image's own pixels, so a HiDPI capture is
// edited and exported at its full size. One renderer (`shapesSvg`) draws it for both sides: the window
// shows it over the image, and core flattens it onto the pixels with sharp (core/images/edit.ts), so what
// is uploaded is what was seen. Redactions are not drawn here: core replaces their pixels first.
import * as z from 'zod';

const coord = z.number().finite().min(-100_000).max(100_000);
const size = z.number().finite().min(0).max(100_000);
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const stroke = z.number().finite().min(1).max(200);

export const shapeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('arrow'), x1: coord, y1: coord, x2: coord, y2: coord, colour, stroke }),
  z.object({ kind: z.literal('line'), x1: coord, y1: coord, x2: coord, y2: coord, colour, stroke }),
  z.object({ kind: z.literal('rect'), x: coord, y: coord, width: size, height: size, colour, stroke }),
  z.object({ kind: z.literal('ellipse'), x: coord, y: coord, width: size, height: size, colour, stroke }),
  z.object({
    kind: z.literal('marker'),
    points: z
      .array(z.tuple([coord, coord]))
      .min(1)
      .max(5000),
    colour,
    stroke,
  }),
  z.object({
    kind: z.literal('text'),
    x: coord,
    y: coord,
    text: z.string().min(1).max(500),
    colour,
    size: stroke,
  }),
  z.object({
    kind: z.literal('badge'),
    x: coord,
    y: coord,
    number: z.number().int().min(1).max(99),
    colour,
    size: stroke,
  }),
  z.object({ kind: z.literal('redact'), x: coord, y: coord, width: size, height: size }),
]);

export type Shape = z.infer<typeof shapeSchema>;
export type ShapeKind = Shape['kind'];

export const editDocSchema = z.object({
  /** The part of the image kept; none keeps all of it. */
  crop: z.object({ x: coord, y: coord, width: size, height: size }).nullable(),
  shapes: z.array(shapeSchema).max(2000),
});

export type EditDoc = z.infer<typeof editDocSchema>;

export const EMPTY_DOC: EditDoc = { crop: null, shapes: [] };

/** A rectangle's bounds, for shapes stored as two points or a path as well. */
export function boundsOf(shape: Shape): { x: number; y: number; width: number; height: number } {
  switch (shape.kind) {
    case 'arrow':
    case 'line':
      return {
        x: Math.min(shape.x1, shape.x2),
        y: Math.min(shape.y1, shape.y2),
        width: Math.abs(shape.x2 - shape.x1),
        height: Math.abs(shape.y2 - shape.y1),
      };
    case 'marker': {
      const xs = shape.points.map((p) => p[0]);
      const ys = shape.points.map((p) => p[1]);
      const x = Math.min(...xs);
      const y = Math.min(...ys);
      return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
    }
    case 'text':
      return {
        x: shape.x,
        y: shape.y - shape.size,
        width: shape.text.length * shape.size * 0.6,
        height: shape.size * 1.2,
      };
    case 'badge':
      return {
        x: shape.x - shape.size,
        y: shape.y - shape.size,
        width: shape.size * 2,
        height: shape.size * 2,
      };
    default:
      return { x: shape.x, y: shape.y, width: shape.width, height: shape.height };
  }
}

const escapeXml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const n = (value: number) => Number(value.toFixed(2));

/** One shape as SVG markup. `data-index` lets the window tell which shape was clicked. */
export function shapeSvg(shape: Shape, index: number): string {
  const tag = `data-index="${index}"`;
  switch (shape.kind) {
    case 'line':
      return `<line ${tag} x1="${n(shape.x1)}" y1="${n(shape.y1)}" x2="${n(shape.x2)}" y2="${n(shape.y2)}" stroke="${shape.colour}" stroke-width="${shape.stroke}" stroke-linecap="round"/>`;
    case 'arrow': {
      // The head: two strokes back from the tip at ±28°, long enough to read at any stroke width.
      const angle = Math.atan2(shape.y2 - shape.y1, shape.x2 - shape.x1);
      const head = Math.max(12, shape.stroke * 4);
      const wing = (side: number) =>
        `${n(shape.x2 - head * Math.cos(angle + side * 0.49))},${n(shape.y2 - head * Math.sin(angle + side * 0.49))}`;
      return (
        `<g ${tag} stroke="${shape.colour}" stroke-width="${shape.stroke}" stroke-linecap="round" stroke-linejoin="round" fill="none">` +
        `<line x1="${n(shape.x1)}" y1="${n(shape.y1)}" x2="${n(shape.x2)}" y2="${n(shape.y2)}"/>` +
        `<polyline points="${wing(1)} ${n(shape.x2)},${n(shape.y2)} ${wing(-1)}"/></g>`
      );
    }
    case 'rect':
      return `<rect ${tag} x="${n(shape.x)}" y="${n(shape.y)}" width="${n(shape.width)}" height="${n(shape.height)}" fill="none" stroke="${shape.colour}" stroke-width="${shape.stroke}"/>`;
    case 'ellipse':
      return `<ellipse ${tag} cx="${n(shape.x + shape.width / 2)}" cy="${n(shape.y + shape.height / 2)}" rx="${n(shape.width / 2)}" ry="${n(shape.height / 2)}" fill="none" stroke="${shape.colour}" stroke-width="${shape.stroke}"/>`;
    case 'marker':
      // A highlighter: wide, translucent, round-ended.
      return `<polyline ${tag} points="${shape.points.map(([x, y]) => `${n(x)},${n(y)}`).join(' ')}" fill="none" stroke="${shape.colour}" stroke-opacity="0.4" stroke-width="${shape.stroke}" stroke-linecap="round" stroke-linejoin="round"/>`;
    case 'text':
      return `<text ${tag} x="${n(shape.x)}" y="${n(shape.y)}" fill="${shape.colour}" font-family="DejaVu Sans, Arial, sans-serif" font-size="${shape.size}" font-weight="600">${escapeXml(shape.text)}</text>`;
    case 'badge':
      return (
        `<g ${tag}><circle cx="${n(shape.x)}" cy="${n(shape.y)}" r="${shape.size}" fill="${shape.colour}"/>` +
        `<text x="${n(shape.x)}" y="${n(shape.y + shape.size * 0.36)}" text-anchor="middle" fill="#ffffff" font-family="DejaVu Sans, Arial, sans-serif" font-size="${n(shape.size * 1.05)}" font-weight="700">${shape.number}</text></g>`
      );
    case 'redact':
      // Shown as a solid box; core replaces the pixels underneath rather than painting over them.
      return `<rect ${tag} x="${n(shape.x)}" y="${n(shape.y)}" width="${n(shape.width)}" height="${n(shape.height)}" fill="#111111"/>`;
  }
}

/** The annotations (every shape but redactions) as one SVG the size of the image. */
export function shapesSvg(
  doc: Pick<EditDoc, 'shapes'>,
  width: number,
  height: number,
  withRedactions = false,
): string {
  const body = doc.shapes
    .map((shape, index) => (shape.kind === 'redact' && !withRedactions ? '' : shapeSvg(shape, index)))
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;
}

/** Stroke widths and text sizes that look the same on a 1× and a 2× capture: scaled with the image. */
export function pixelScale(width: number, height: number): number {
  return Math.max(1, Math.round(Math.max(width, height) / 1920));
}
