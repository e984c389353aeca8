// The editor: annotate and redact an image before it is uploaded. The image is shown at its own pixel
// size (zoom to fit or 1:1) with the drawing over it as one SVG in the image's coordinates, drawn by the
// same function core flattens with (src-shared/editor.ts), so what is uploaded is what is seen. Secrets
// found on this machine are proposed as redaction boxes. Every tool has a key (in its tooltip); arrows
// move the selection, Alt+arrows resize it, N places a shape at the centre, Enter uploads, Escape cancels.
import {
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import type { ImageAnalysis, ImageForEditing } from '../../src-shared/api.ts';
import { boundsOf, EDIT_LIMITS, pixelScale, shapesSvg, type Shape } from '../../src-shared/editor.ts';
import { FINDING_LABELS, type Box } from '../../src-shared/findings.ts';
import { writeBrowserClipboard } from '../components/CopyButtons.tsx';
import { useShared } from '../state.tsx';
import { EditorToolbar, type Zoom } from './EditorToolbar.tsx';
import { FindingsPanel } from './FindingsPanel.tsx';
import {
  COLOURS,
  initialState,
  moveShape,
  nextBadgeNumber,
  newShapeId,
  paddedFindingBoxes,
  reduce,
  resizeShape,
  shapeAtCentre,
  shapeById,
  shapeFromDrag,
  STROKES,
  TOOLS,
  type Tool,
} from './model.ts';

type Point = [number, number];
type Gesture =
  | { kind: 'draw'; tool: Tool; from: Point; to: Point; path: Point[] }
  | { kind: 'move'; id: string; from: Point; to: Point }
  | { kind: 'resize'; id: string; from: Point; to: Point };

const MIME = (base64: string) => (base64.startsWith('/9j/') ? 'image/jpeg' : 'image/png');

export function EditorView({
  image,
  onClose,
}: {
  image: ImageForEditing;
  onClose: (uploaded: boolean) => void;
}) {
  const { bridge, attempt, notify, trackJobs } = useShared();
  const [state, dispatch] = useReducer(reduce, undefined, () => initialState());
  const [tool, setTool] = useState<Tool>('select');
  const [colour, setColour] = useState<string>(COLOURS[0]);
  const [stroke, setStroke] = useState<number>(STROKES[1]);
  const [zoom, setZoom] = useState<Zoom>('fit');
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const [analysis, setAnalysis] = useState<ImageAnalysis | null>(null);
  const [proposals, setProposals] = useState<ImageAnalysis['findings']>([]);
  // The gesture lives in a ref (pointer events may outrun renders) and is mirrored in state to draw it.
  const gestureRef = useRef<Gesture | null>(null);
  const [gesture, setGestureState] = useState<Gesture | null>(null);
  const setGesture = (next: Gesture | null) => {
    gestureRef.current = next;
    setGestureState(next);
  };
  const [textAt, setTextAt] = useState<Point | null>(null);
  const [textValue, setTextValue] = useState('');
  const [uploading, setUploading] = useState(false);
  const overlay = useRef<SVGSVGElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const src = useMemo(() => `data:${MIME(image.base64)};base64,${image.base64}`, [image.base64]);
  const scale = size ? pixelScale(size.width, size.height) : 1;
  const style = { colour, stroke, scale };

  useEffect(() => root.current?.focus(), []);
  useEffect(() => {
    let live = true;
    void attempt(() => bridge.api.analyzeImage(image.session)).then((found) => {
      if (!live || !found) return;
      setAnalysis(found);
      setProposals(found.findings);
    });
    return () => {
      live = false;
    };
  }, [attempt, bridge, image.session]);

  /** Where a pointer is, in the image's own pixels. */
  const imagePoint = (event: PointerEvent): Point => {
    const rect = overlay.current!.getBoundingClientRect();
    const w = size?.width ?? 1;
    const h = size?.height ?? 1;
    return [
      ((event.clientX - rect.left) * w) / (rect.width || w),
      ((event.clientY - rect.top) * h) / (rect.height || h),
    ];
  };

  const selectedShape = shapeById(state.doc, state.selected);

  function onPointerDown(event: PointerEvent<SVGSVGElement>) {
    if (!size) return;
    // Keys act on what was just drawn or picked (Delete, arrows, Enter), wherever focus was before.
    root.current?.focus();
    const point = imagePoint(event);
    const target = event.target as Element;
    const handle = target.closest('[data-handle]');
    const hit = target.closest('[data-id]');
    (event.currentTarget as Element).setPointerCapture?.(event.pointerId);
    if (tool === 'select') {
      if (handle && state.selected !== null)
        return setGesture({ kind: 'resize', id: state.selected, from: point, to: point });
      const id = hit?.getAttribute('data-id') ?? null;
      dispatch({ type: 'select', id });
      if (id !== null) setGesture({ kind: 'move', id, from: point, to: point });
      return;
    }
    if (tool === 'text') {
      setTextAt(point);
      setTextValue('');
      return;
    }
    setGesture({ kind: 'draw', tool, from: point, to: point, path: [point] });
  }

  function onPointerMove(event: PointerEvent<SVGSVGElement>) {
    const current = gestureRef.current;
    if (!current) return;
    const point = imagePoint(event);
    setGesture(
      current.kind === 'draw'
        ? { ...current, to: point, path: [...current.path, point] }
        : { ...current, to: point },
    );
  }

  function onPointerUp(event: PointerEvent<SVGSVGElement>) {
    const current = gestureRef.current;
    if (!current) return;
    const point = imagePoint(event);
    setGesture(null);
    finish({ ...current, to: point });
  }

  function finish(done: Gesture) {
    const dx = Math.round(done.to[0] - done.from[0]);
    const dy = Math.round(done.to[1] - done.from[1]);
    if (done.kind === 'move' || done.kind === 'resize') {
      const shape = shapeById(state.doc, done.id);
      if (!shape || (dx === 0 && dy === 0)) return;
      const changed = done.kind === 'move' ? moveShape(shape, dx, dy) : resizeShape(shape, dx, dy);
      dispatch({ type: 'replace', shape: changed });
      return;
    }
    if (done.tool === 'crop') {
      const crop = boxBetween(done.from, done.to);
      if (crop.width >= 4 && crop.height >= 4) dispatch({ type: 'crop', crop });
      return;
    }
    if (done.tool === 'select' || done.tool === 'text') return;
    const shape = shapeFromDrag(done.tool, done.from, done.to, style, done.path, nextBadgeNumber(state.doc));
    if (shape) dispatch({ type: 'add', shape });
  }

  function addText() {
    if (textAt && textValue.trim()) {
      dispatch({
        type: 'add',
        shape: {
          id: newShapeId(),
          kind: 'text',
          x: Math.round(textAt[0]),
          y: Math.round(textAt[1]),
          text: textValue.trim(),
          colour,
          size: 20 * scale,
        },
      });
    }
    setTextAt(null);
    setTextValue('');
    root.current?.focus();
  }

  function placeAtCentre() {
    if (!size || tool === 'select') return;
    if (tool === 'text') {
      setTextAt([Math.round(size.width / 3), Math.round(size.height / 2)]);
      return;
    }
    if (tool === 'crop') {
      dispatch({
        type: 'crop',
        crop: {
          x: Math.round(size.width / 8),
          y: Math.round(size.height / 8),
          width: Math.round((size.width * 3) / 4),
          height: Math.round((size.height * 3) / 4),
        },
      });
      return;
    }
    const shape = shapeAtCentre(tool, size.width, size.height, style, nextBadgeNumber(state.doc));
    if (shape) dispatch({ type: 'add', shape });
  }

  function acceptFinding(index: number) {
    const finding = proposals[index];
    if (!finding || !size) return;
    dispatch({ type: 'redact-boxes', boxes: paddedFindingBoxes(finding.boxes, size.width, size.height) });
    setProposals((all) => all.filter((_, i) => i !== index));
    root.current?.focus(); // its button is gone: keys go on working in the editor
  }

  function redactAll() {
    if (proposals.length === 0 || !size) return;
    const boxes = proposals.flatMap((f) => paddedFindingBoxes(f.boxes, size.width, size.height));
    dispatch({ type: 'redact-boxes', boxes });
    setProposals([]);
    root.current?.focus();
  }

  async function copyText() {
    if (!analysis) return;
    const done = await attempt(async () => {
      await bridge.api.copyText(analysis.text);
      await writeBrowserClipboard(analysis.text); // where main has no clipboard (a terminal's `ui`)
      return true;
    });
    if (done) notify('info', 'Text copied');
  }

  /** Closed without uploading: core lets the image go now rather than when it lapses. */
  function cancel() {
    void bridge.api.closeEditing(image.session).catch(() => undefined);
    onClose(false);
  }

  async function uploadNow() {
    if (uploading) return;
    setUploading(true);
    const job = await attempt(() => bridge.api.uploadEdited(image.session, state.doc));
    setUploading(false);
    if (!job) return;
    trackJobs([job]);
    onClose(true);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const typing = (event.target as HTMLElement).closest('input, textarea, select');
    if (typing) return;
    const ctrl = event.ctrlKey || event.metaKey;
    const key = event.key;
    const lower = key.toLowerCase();
    const handled = () => event.preventDefault();
    if (ctrl && lower === 'z') return (handled(), dispatch({ type: event.shiftKey ? 'redo' : 'undo' }));
    if (ctrl && lower === 'y') return (handled(), dispatch({ type: 'redo' }));
    if (ctrl) return;
    if (key === 'Escape') {
      handled();
      if (state.selected !== null) return dispatch({ type: 'select', id: null });
      return cancel();
    }
    if (key === 'Enter' && !(event.target as HTMLElement).closest('button'))
      return (handled(), void uploadNow());
    if ((key === 'Delete' || key === 'Backspace') && state.selected !== null) {
      return (handled(), dispatch({ type: 'remove', id: state.selected }));
    }
    if (key.startsWith('Arrow') && selectedShape) {
      handled();
      const step = (event.shiftKey ? 10 : 1) * scale;
      const arrows: Record<string, [number, number]> = {
        ArrowLeft: [-step, 0],
        ArrowRight: [step, 0],
        ArrowUp: [0, -step],
        ArrowDown: [0, step],
      };
      const [dx, dy] = arrows[key] ?? [0, 0];
      const changed = event.altKey ? resizeShape(selectedShape, dx, dy) : moveShape(selectedShape, dx, dy);
      return dispatch({ type: 'replace', shape: changed });
    }
    if (lower === 'n' || key === 'Insert') return (handled(), placeAtCentre());
    if (key === '0') return (handled(), setZoom('fit'));
    if (key === '1') return (handled(), setZoom('actual'));
    if (key === 'Tab' && state.doc.shapes.length > 0 && tool === 'select') {
      handled();
      const { shapes } = state.doc;
      const at = shapes.findIndex((shape) => shape.id === state.selected);
      const current = at >= 0 ? at : event.shiftKey ? 0 : -1;
      const next = shapes[(current + (event.shiftKey ? -1 : 1) + shapes.length) % shapes.length];
      return dispatch({ type: 'select', id: next?.id ?? null });
    }
    const picked = TOOLS.find((t) => t.key === lower);
    if (picked) return (handled(), setTool(picked.tool));
  }

  const preview = gesture ? previewShape(gesture, state.doc.shapes, style, nextBadgeNumber(state.doc)) : null;
  const drawn = preview ? previewDoc(state.doc.shapes, preview) : state.doc.shapes;
  const overlayMarkup = size ? shapesSvg({ shapes: drawn }, size.width, size.height, true) : '';
  const crop =
    gesture?.kind === 'draw' && gesture.tool === 'crop'
      ? boxBetween(gesture.from, gesture.to)
      : state.doc.crop;
  const selectionBox = selectedShape ? boundsOf(selectedShape) : null;

  return (
    <div
      className="view editor"
      ref={root}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      role="region"
      aria-label={`Edit ${image.fileName}`}
    >
      <header className="view-header">
        <div>
          <h1>Edit before upload</h1>
          <p className="view-subtitle">
            {image.fileName}
            {size && ` · ${size.width} × ${size.height}`}
          </p>
        </div>
        <div className="editor-actions">
          <button type="button" className="button" title="Cancel (Escape)" onClick={cancel}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            title="Upload (Enter)"
            disabled={uploading}
            onClick={() => void uploadNow()}
          >
            {uploading ? 'Uploading…' : 'Upload'}
          </button>
        </div>
      </header>

      <EditorToolbar
        tool={tool}
        onTool={setTool}
        colour={colour}
        onColour={setColour}
        stroke={stroke}
        onStroke={setStroke}
        zoom={zoom}
        onZoom={setZoom}
        state={state}
        dispatch={dispatch}
      />

      {textAt && (
        <form
          className="editor-text"
          onSubmit={(e) => {
            e.preventDefault();
            addText();
          }}
        >
          <label>
            Text{' '}
            <input
              autoFocus
              maxLength={EDIT_LIMITS.textLength}
              value={textValue}
              onChange={(e) => setTextValue(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.stopPropagation();
                  setTextAt(null);
                  root.current?.focus();
                }
              }}
            />
          </label>
          <button type="submit" className="button button-small">
            Add text
          </button>
        </form>
      )}

      <div className="editor-body">
        <div className={`editor-stage zoom-${zoom}`}>
          <div
            className="editor-canvas"
            style={
              zoom === 'actual' && size ? { width: size.width / (window.devicePixelRatio || 1) } : undefined
            }
          >
            <img
              src={src}
              alt={image.fileName}
              draggable={false}
              onLoad={(e) =>
                setSize({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })
              }
            />
            {size && (
              <svg
                ref={overlay}
                className={`editor-overlay tool-${tool}`}
                viewBox={`0 0 ${size.width} ${size.height}`}
                aria-label="Drawing"
                onPointerDown={onPointerDown}
                onPointerMove={onPointerMove}
                onPointerUp={onPointerUp}
              >
                {/* Our own markup from shapesSvg: numbers, colours checked by the schema, text escaped. */}
                <g dangerouslySetInnerHTML={{ __html: overlayMarkup.replace(/^<svg[^>]*>|<\/svg>$/g, '') }} />
                {proposals.map((finding, i) =>
                  paddedFindingBoxes(finding.boxes, size.width, size.height).map((box, k) => (
                    <rect
                      key={`${i}-${k}`}
                      className="proposal"
                      {...box}
                      aria-label={`Proposed: ${FINDING_LABELS[finding.kind]}`}
                    />
                  )),
                )}
                {crop && <CropShade crop={crop} width={size.width} height={size.height} />}
                {selectionBox && (
                  <g className="selection">
                    <rect
                      x={selectionBox.x - 4}
                      y={selectionBox.y - 4}
                      width={selectionBox.width + 8}
                      height={selectionBox.height + 8}
                    />
                    <rect
                      data-handle="resize"
                      className="handle"
                      x={selectionBox.x + selectionBox.width - 6 * scale}
                      y={selectionBox.y + selectionBox.height - 6 * scale}
                      width={12 * scale}
                      height={12 * scale}
                    />
                  </g>
                )}
              </svg>
            )}
          </div>
        </div>

        <FindingsPanel
          analysis={analysis}
          proposals={proposals}
          onRedact={acceptFinding}
          onKeep={(index) => {
            setProposals((all) => all.filter((_, k) => k !== index));
            root.current?.focus();
          }}
          onRedactAll={redactAll}
          onCopyText={() => void copyText()}
        />
      </div>
    </div>
  );
}

function boxBetween(a: Point, b: Point): Box {
  const x = Math.round(Math.min(a[0], b[0]));
  const y = Math.round(Math.min(a[1], b[1]));
  return { x, y, width: Math.round(Math.abs(b[0] - a[0])), height: Math.round(Math.abs(b[1] - a[1])) };
}

/** What a gesture in progress would make, to draw it while the pointer moves. */
function previewShape(
  gesture: Gesture,
  shapes: Shape[],
  style: { colour: string; stroke: number; scale: number },
  badge: number,
): Shape | null {
  const dx = Math.round(gesture.to[0] - gesture.from[0]);
  const dy = Math.round(gesture.to[1] - gesture.from[1]);
  if (gesture.kind !== 'draw') {
    const shape = shapes.find((s) => s.id === gesture.id);
    if (!shape) return null;
    return gesture.kind === 'move' ? moveShape(shape, dx, dy) : resizeShape(shape, dx, dy);
  }
  if (gesture.tool === 'select' || gesture.tool === 'crop' || gesture.tool === 'text') return null;
  return shapeFromDrag(gesture.tool, gesture.from, gesture.to, style, gesture.path, badge);
}

/** The shapes with the preview in place of the shape it changes, or added when it is new. */
function previewDoc(shapes: Shape[], preview: Shape): Shape[] {
  if (!shapes.some((shape) => shape.id === preview.id)) return [...shapes, preview];
  return shapes.map((shape) => (shape.id === preview.id ? preview : shape));
}

/** Dims what the crop leaves out. */
function CropShade({ crop, width, height }: { crop: Box; width: number; height: number }) {
  return (
    <path
      className="crop-shade"
      fillRule="evenodd"
      d={`M0 0H${width}V${height}H0Z M${crop.x} ${crop.y}h${crop.width}v${crop.height}h${-crop.width}Z`}
    />
  );
}
