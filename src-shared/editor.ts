// The editor's document: what was drawn on an image, in the image's own pixels, so a HiDPI capture is
// edited and exported at its full size. One renderer (`shapesSvg`) draws it for both sides: the window
// shows it over the image, and core flattens it onto the pixels with sharp (core/images/edit.ts), so what
// is uploaded is what was seen. Redactions are not drawn here: core replaces their pixels first.
import * as z from 'zod';
import { COVER_HEX } from './cover.ts';

/**
 * What one document may hold. Drawing costs grow with shapes, points and text on every pixel row the
 * shapes cross, so a document is bounded here, in the contract, and refused whole with the limit named
 * (docs/window.md lists them). Far above anything drawn by hand: a busy annotation is a few dozen shapes.
 */
export const EDIT_LIMITS = {
  shapes: 500,
  /** Points in one marker stroke, and in all of them together. */
  markerPoints: 2000,
  totalPoints: 20_000,
  /** Characters in one text shape, and in all of them together. */
  textLength: 200,
  totalText: 5000,
  /** The widest stroke and the largest text or badge, in image pixels. */
  stroke: 200,
} as const;

const coord = z.number().finite().min(-100_000).max(100_000);
const size = z.number().finite().min(0).max(100_000);
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const stroke = z.number().finite().min(1).max(EDIT_LIMITS.stroke, `at most ${EDIT_LIMITS.stroke} px wide`);
/** A shape's own name in its document, so a selection or a change survives others being added or removed. */
const id = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'a shape id is 1–40 letters, digits, - or _');

export const shapeSchema = z.discriminatedUnion('kind', [
  z.object({ id, kind: z.literal('arrow'), x1: coord, y1: coord, x2: coord, y2: coord, colour, stroke }),
  z.object({ id, kind: z.literal('line'), x1: coord, y1: coord, x2: coord, y2: coord, colour, stroke }),
  z.object({ id, kind: z.literal('rect'), x: coord, y: coord, width: size, height: size, colour, stroke }),
  z.object({ id, kind: z.literal('ellipse'), x: coord, y: coord, width: size, height: size, colour, stroke }),
  z.object({
    id,
    kind: z.literal('marker'),
    points: z
      .array(z.tuple([coord, coord]))
      .min(1)
      .max(EDIT_LIMITS.markerPoints, `a marker stroke has at most ${EDIT_LIMITS.markerPoints} points`),
    colour,
    stroke,
  }),
  z.object({
    id,
    kind: z.literal('text'),
    x: coord,
    y: coord,
    text: z
      .string()
      .min(1)
      .max(EDIT_LIMITS.textLength, `a text is at most ${EDIT_LIMITS.textLength} characters`),
    colour,
    size: stroke,
  }),
  z.object({
    id,
    kind: z.literal('badge'),
    x: coord,
    y: coord,
    number: z.number().int().min(1).max(99),
    colour,
    size: stroke,
  }),
  z.object({ id, kind: z.literal('redact'), x: coord, y: coord, width: size, height: size }),
]);

export type Shape = z.infer<typeof shapeSchema>;
export type ShapeKind = Shape['kind'];

export const editDocSchema = z
  .object({
    /** The part of the image kept; none keeps all of it. */
    crop: z.object({ x: coord, y: coord, width: size, height: size }).nullable(),
    shapes: z
      .array(shapeSchema)
      .max(EDIT_LIMITS.shapes, `a document holds at most ${EDIT_LIMITS.shapes} shapes`),
  })
  .superRefine((doc, context) => {
    const points = doc.shapes.reduce((sum, s) => sum + (s.kind === 'marker' ? s.points.length : 0), 0);
    if (points > EDIT_LIMITS.totalPoints) {
      context.addIssue({
        code: 'custom',
        path: ['shapes'],
        message: `the markers hold ${points} points, more than the ${EDIT_LIMITS.totalPoints} a document may`,
      });
    }
    const text = doc.shapes.reduce((sum, s) => sum + (s.kind === 'text' ? s.text.length : 0), 0);
    if (text > EDIT_LIMITS.totalText) {
      context.addIssue({
        code: 'custom',
        path: ['shapes'],
        message: `the texts hold ${text} characters, more than the ${EDIT_LIMITS.totalText} a document may`,
      });
    }
    const ids = new Set(doc.shapes.map((s) => s.id));
    if (ids.size !== doc.shapes.length) {
      context.addIssue({ code: 'custom', path: ['shapes'], message: 'two shapes have the same id' });
    }
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

/** One shape as SVG markup. `data-id` lets the window tell which shape was clicked. */
export function shapeSvg(shape: Shape): string {
  const tag = `data-id="${shape.id}"`;
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
      return `<rect ${tag} x="${n(shape.x)}" y="${n(shape.y)}" width="${n(shape.width)}" height="${n(shape.height)}" fill="${COVER_HEX}"/>`;
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
    .map((shape) => (shape.kind === 'redact' && !withRedactions ? '' : shapeSvg(shape)))
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;
}

/** Stroke widths and text sizes that look the same on a 1× and a 2× capture: scaled with the image. */
export function pixelScale(width: number, height: number): number {
  return Math.max(1, Math.round(Math.max(width, height) / 1920));
}
