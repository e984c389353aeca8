// The editor's state as a pure reducer: the document (src-shared/editor.ts), the selection, and the undo
// and redo stacks. Every tool ends in one of these actions, so each is tested without a browser.
import { paddedBox } from '../../src-shared/cover.ts';
import { boundsOf, EDIT_LIMITS, type EditDoc, type Shape, type ShapeKind } from '../../src-shared/editor.ts';
import type { Box } from '../../src-shared/findings.ts';

export type Tool = 'select' | 'crop' | Exclude<ShapeKind, never>;

/** Tools in toolbar order, with the key that picks each (shown in its tooltip). */
export const TOOLS: { tool: Tool; label: string; key: string }[] = [
  { tool: 'select', label: 'Select and move', key: 'v' },
  { tool: 'crop', label: 'Crop', key: 'c' },
  { tool: 'arrow', label: 'Arrow', key: 'a' },
  { tool: 'rect', label: 'Rectangle', key: 'r' },
  { tool: 'ellipse', label: 'Ellipse', key: 'e' },
  { tool: 'line', label: 'Line', key: 'l' },
  { tool: 'marker', label: 'Marker', key: 'm' },
  { tool: 'text', label: 'Text', key: 't' },
  { tool: 'badge', label: 'Numbered step', key: 'b' },
  { tool: 'redact', label: 'Redact', key: 'x' },
];

export const COLOURS = ['#e11d48', '#f59e0b', '#16a34a', '#2563eb', '#111111', '#ffffff'] as const;
export const STROKES = [2, 4, 8] as const;

export interface Style {
  colour: string;
  /** In screen pixels at 1×; multiplied by the image's pixel scale. */
  stroke: number;
  scale: number;
}

export interface EditorState {
  doc: EditDoc;
  /** The selected shape's id. */
  selected: string | null;
  past: EditDoc[];
  future: EditDoc[];
}

export type EditorAction =
  | { type: 'add'; shape: Shape }
  | { type: 'replace'; shape: Shape }
  | { type: 'remove'; id: string }
  | { type: 'select'; id: string | null }
  | { type: 'crop'; crop: Box | null }
  | { type: 'redact-boxes'; boxes: Box[] }
  | { type: 'undo' }
  | { type: 'redo' };

export const initialState = (doc: EditDoc = { crop: null, shapes: [] }): EditorState => ({
  doc,
  selected: null,
  past: [],
  future: [],
});

/** A change to the document: the old one goes on the undo stack, the redo stack is cleared. */
function commit(state: EditorState, doc: EditDoc, selected: string | null): EditorState {
  return { doc, selected, past: [...state.past, state.doc].slice(-200), future: [] };
}

export function reduce(state: EditorState, action: EditorAction): EditorState {
  const { doc } = state;
  switch (action.type) {
    case 'add':
      return commit(state, { ...doc, shapes: [...doc.shapes, action.shape] }, action.shape.id);
    case 'replace':
      return commit(
        state,
        { ...doc, shapes: doc.shapes.map((shape) => (shape.id === action.shape.id ? action.shape : shape)) },
        action.shape.id,
      );
    case 'remove':
      return commit(state, { ...doc, shapes: doc.shapes.filter((shape) => shape.id !== action.id) }, null);
    case 'select':
      return { ...state, selected: action.id };
    case 'crop':
      return commit(state, { ...doc, crop: action.crop }, state.selected);
    case 'redact-boxes':
      return commit(
        state,
        {
          ...doc,
          shapes: [
            ...doc.shapes,
            ...action.boxes.map((box) => ({ id: newShapeId(), kind: 'redact' as const, ...box })),
          ],
        },
        null,
      );
    case 'undo': {
      const previous = state.past.at(-1);
      if (!previous) return state;
      return { doc: previous, selected: null, past: state.past.slice(0, -1), future: [doc, ...state.future] };
    }
    case 'redo': {
      const [next, ...rest] = state.future;
      if (!next) return state;
      return { doc: next, selected: null, past: [...state.past, doc], future: rest };
    }
  }
}

const round = (value: number) => Math.round(value);

let shapesMade = 0;
/** A new shape's id: unique in this window, so undo and redo bring back shapes under their own ids. */
export function newShapeId(): string {
  shapesMade += 1;
  return `s${shapesMade.toString(36)}`;
}

/** The shape with this id, or null. */
export function shapeById(doc: EditDoc, id: string | null): Shape | null {
  return id === null ? null : (doc.shapes.find((shape) => shape.id === id) ?? null);
}

/** The shape a drag from `from` to `to` draws with a tool (null: too small to mean anything). */
export function shapeFromDrag(
  tool: Exclude<Tool, 'select' | 'crop' | 'text'>,
  from: [number, number],
  to: [number, number],
  style: Style,
  path: [number, number][] = [from, to],
  nextBadge = 1,
): Shape | null {
  const [x1, y1] = from.map(round) as [number, number];
  const [x2, y2] = to.map(round) as [number, number];
  const colour = style.colour;
  const stroke = style.stroke * style.scale;
  const box = {
    x: Math.min(x1, x2),
    y: Math.min(y1, y2),
    width: Math.abs(x2 - x1),
    height: Math.abs(y2 - y1),
  };
  const tiny = box.width < 3 && box.height < 3;
  const id = newShapeId();
  switch (tool) {
    case 'arrow':
    case 'line':
      return tiny ? null : { id, kind: tool, x1, y1, x2, y2, colour, stroke };
    case 'rect':
    case 'ellipse':
      return tiny ? null : { id, kind: tool, ...box, colour, stroke };
    case 'redact':
      return tiny ? null : { id, kind: 'redact', ...box };
    case 'marker':
      // A highlighter is wide: four times the stroke.
      return {
        id,
        kind: 'marker',
        points: thinned(path, EDIT_LIMITS.markerPoints).map(([x, y]) => [round(x), round(y)]),
        colour,
        stroke: stroke * 4,
      };
    case 'badge':
      return { id, kind: 'badge', x: x2, y: y2, number: nextBadge, colour, size: 14 * style.scale };
  }
}

/** A long path with every k-th point kept (and its last), so one stroke stays within the document's bound. */
function thinned<T>(path: T[], most: number): T[] {
  if (path.length <= most) return path;
  const step = Math.ceil(path.length / (most - 1));
  return [...path.filter((_, i) => i % step === 0), path.at(-1)!];
}

/** A shape placed from the keyboard: a sensible size at the centre of the image. */
export function shapeAtCentre(
  tool: Exclude<Tool, 'select' | 'crop' | 'text'>,
  width: number,
  height: number,
  style: Style,
  nextBadge: number,
): Shape | null {
  const w = Math.round(width / 4);
  const h = Math.round(height / 6);
  const cx = Math.round(width / 2);
  const cy = Math.round(height / 2);
  return shapeFromDrag(tool, [cx - w / 2, cy - h / 2], [cx + w / 2, cy + h / 2], style, undefined, nextBadge);
}

/** The shape moved by (dx, dy). */
export function moveShape(shape: Shape, dx: number, dy: number): Shape {
  switch (shape.kind) {
    case 'arrow':
    case 'line':
      return { ...shape, x1: shape.x1 + dx, y1: shape.y1 + dy, x2: shape.x2 + dx, y2: shape.y2 + dy };
    case 'marker':
      return { ...shape, points: shape.points.map(([x, y]) => [x + dx, y + dy]) };
    default:
      return { ...shape, x: shape.x + dx, y: shape.y + dy };
  }
}

/** The shape with its bottom-right corner moved by (dw, dh); never smaller than a few pixels. */
export function resizeShape(shape: Shape, dw: number, dh: number): Shape {
  switch (shape.kind) {
    case 'arrow':
    case 'line':
      return { ...shape, x2: shape.x2 + dw, y2: shape.y2 + dh };
    case 'rect':
    case 'ellipse':
    case 'redact':
      return { ...shape, width: Math.max(4, shape.width + dw), height: Math.max(4, shape.height + dh) };
    case 'text':
      return { ...shape, size: Math.min(200, Math.max(6, shape.size + dh)) };
    case 'badge':
      return { ...shape, size: Math.min(200, Math.max(6, shape.size + dh)) };
    case 'marker': {
      // Scaled about its first point.
      const b = boundsOf(shape);
      const sx = b.width > 0 ? (b.width + dw) / b.width : 1;
      const sy = b.height > 0 ? (b.height + dh) / b.height : 1;
      return { ...shape, points: shape.points.map(([x, y]) => [b.x + (x - b.x) * sx, b.y + (y - b.y) * sy]) };
    }
  }
}

/** The next step badge's number: one more than the highest so far. */
export function nextBadgeNumber(doc: EditDoc): number {
  return Math.max(0, ...doc.shapes.map((shape) => (shape.kind === 'badge' ? shape.number : 0))) + 1;
}

/** A finding's boxes as redactions: padded exactly as automatic redaction pads them (src-shared/cover.ts). */
export function paddedFindingBoxes(boxes: readonly Box[], width: number, height: number): Box[] {
  return boxes.map((box) => paddedBox(box, width, height)).filter((box): box is Box => box !== null);
}
