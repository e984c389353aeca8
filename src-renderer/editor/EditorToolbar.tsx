// The editor's toolbar: the tools (each with its key in the tooltip), colour and width, undo and redo,
// delete, and zoom.
import type { Dispatch } from 'react';
import { COLOURS, STROKES, TOOLS, type EditorAction, type EditorState, type Tool } from './model.ts';

export type Zoom = 'fit' | 'actual';

export function EditorToolbar({
  tool,
  onTool,
  colour,
  onColour,
  stroke,
  onStroke,
  zoom,
  onZoom,
  state,
  dispatch,
}: {
  tool: Tool;
  onTool: (tool: Tool) => void;
  colour: string;
  onColour: (colour: string) => void;
  stroke: number;
  onStroke: (stroke: number) => void;
  zoom: Zoom;
  onZoom: (zoom: Zoom) => void;
  state: EditorState;
  dispatch: Dispatch<EditorAction>;
}) {
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Tools">
      {TOOLS.map((t) => (
        <button
          key={t.tool}
          type="button"
          className="button button-small"
          aria-pressed={tool === t.tool}
          title={`${t.label} (${t.key.toUpperCase()})`}
          onClick={() => onTool(t.tool)}
        >
          {t.label}
        </button>
      ))}
      <span className="toolbar-gap" />
      {COLOURS.map((c) => (
        <button
          key={c}
          type="button"
          className="swatch"
          style={{ background: c }}
          aria-label={`Colour ${c}`}
          aria-pressed={colour === c}
          onClick={() => onColour(c)}
        />
      ))}
      <label className="small">
        Width{' '}
        <select value={stroke} onChange={(e) => onStroke(Number(e.target.value))}>
          {STROKES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <span className="toolbar-gap" />
      {[
        {
          label: 'Undo',
          title: 'Undo (Ctrl+Z)',
          disabled: state.past.length === 0,
          run: () => dispatch({ type: 'undo' }),
        },
        {
          label: 'Redo',
          title: 'Redo (Ctrl+Shift+Z)',
          disabled: state.future.length === 0,
          run: () => dispatch({ type: 'redo' }),
        },
        {
          label: 'Delete',
          title: 'Delete the selected shape (Delete)',
          disabled: state.selected === null,
          run: () => state.selected !== null && dispatch({ type: 'remove', id: state.selected }),
        },
        { label: 'Fit', title: 'Zoom to fit (0)', pressed: zoom === 'fit', run: () => onZoom('fit') },
        {
          label: '1:1',
          title: 'Actual size, 1:1 (1)',
          pressed: zoom === 'actual',
          run: () => onZoom('actual'),
        },
      ].map((action) => (
        <button
          key={action.label}
          type="button"
          className="button button-small"
          title={action.title}
          disabled={action.disabled}
          aria-pressed={action.pressed}
          onClick={action.run}
        >
          {action.label}
        </button>
      ))}
    </div>
  );
}
