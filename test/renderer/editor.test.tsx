// @vitest-environment jsdom
// The editor in the window: each tool draws what it says, in the image's own pixels (the image here is
// 2000 × 1000 shown at 1000 × 500, so every drag is doubled); select, move, resize, delete, undo and
// redo; proposed redactions accepted one by one or all at once; Copy text; and the whole flow from the
// keyboard alone. What Upload sends is checked: that document is what core flattens.
//
// One real service for the file (its text recognition starts once); each test captures a region with
// it, as the hotkey does when captures open in the editor: the region selector, which a headless machine
// lacks, is a stand-in that hands over a 2000 × 1000 screenshot with a token, an email address and an
// IP address in it, which core then recognises for real.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ImageAnalysis, ImageForEditing } from '../../src-shared/api.ts';
import { paddedBox } from '../../src-shared/cover.ts';
import type { EditDoc } from '../../src-shared/editor.ts';
import { eventually, startRealBridge, type RealBridge } from './real-bridge.ts';
import { renderApp } from './render.tsx';

const TOKEN = `ghp_${'K7wQ2xN9pL4mZ8rT'.repeat(3).slice(0, 36)}`;
const LINES = [`GITHUB_TOKEN=${TOKEN}`, 'mail me@example.com', 'ip 10.0.0.1'];

/** The capture: blank (quick to recognise), or with the lines above when a test needs them. */
async function screenshot(lines: string[] = []): Promise<Buffer> {
  const text = lines.map((line, i) => `<text x="60" y="${120 + i * 120}">${line}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="1000">
    <rect width="100%" height="100%" fill="#ffffff"/>
    <g font-family="DejaVu Sans Mono" font-size="44" fill="#1f2937">${text}</g></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

let bridge: RealBridge;
let BLANK: Uint8Array;
/** What the next capture hands over. */
let nextCapture: Uint8Array;
let IMAGE: ImageForEditing;
/** Where this test's calls start in the file's record. */
let firstCall = 0;
const callsOf = (method: string) => bridge.calls.slice(firstCall).filter((call) => call.method === method);

beforeAll(async () => {
  BLANK = new Uint8Array(await screenshot());
  bridge = await startRealBridge({
    lifetime: 'file',
    settings: { capture: { then: 'edit' } },
    service: { capture: { captureRegion: async () => nextCapture } },
  });
});
beforeEach(() => {
  firstCall = bridge.calls.length;
  nextCapture = BLANK;
});

beforeAll(() => {
  // jsdom loads no images and lays nothing out: the image is 2000 × 1000, shown 1000 × 500 at (0, 0).
  Object.defineProperty(HTMLImageElement.prototype, 'naturalWidth', { get: () => 2000 });
  Object.defineProperty(HTMLImageElement.prototype, 'naturalHeight', { get: () => 1000 });
  SVGElement.prototype.getBoundingClientRect = () =>
    ({ left: 0, top: 0, width: 1000, height: 500, right: 1000, bottom: 500, x: 0, y: 0 }) as DOMRect;
});
afterEach(cleanup);

/** A capture, opened in the editor as the hotkey opens it (core sends the window an `edit` event). */
async function openEditor() {
  await renderApp(bridge);
  let image!: ImageForEditing;
  const off = bridge.on('edit', (opened) => (image = opened));
  await act(async () => void (await bridge.test.service.dispatch.api.capture()));
  off();
  IMAGE = image;
  const editor = await screen.findByRole('region', { name: `Edit ${IMAGE.fileName}` });
  await act(async () => fireEvent.load(within(editor).getByRole('img', { name: IMAGE.fileName })));
  return { bridge, editor, overlay: within(editor).getByLabelText('Drawing') };
}

/** A drag on the overlay in screen pixels (the image's are twice as many). */
async function drag(
  overlay: Element,
  from: [number, number],
  to: [number, number],
  via: [number, number][] = [],
) {
  await act(async () => {
    fireEvent.pointerDown(overlay, { clientX: from[0], clientY: from[1], pointerId: 1 });
    for (const [x, y] of [...via, to])
      fireEvent.pointerMove(overlay, { clientX: x, clientY: y, pointerId: 1 });
    fireEvent.pointerUp(overlay, { clientX: to[0], clientY: to[1], pointerId: 1 });
  });
}

const key = async (editor: Element, k: string, init: KeyboardEventInit = {}) =>
  act(async () => void fireEvent.keyDown(editor, { key: k, ...init }));

async function uploaded(_bridge: RealBridge, editor: Element): Promise<EditDoc> {
  await key(editor, 'Enter');
  const sent = await eventually(() => {
    const [call] = callsOf('uploadEdited');
    expect(call?.response?.ok).toBe(true);
    return call!;
  });
  expect(callsOf('uploadEdited')).toHaveLength(1);
  // The image is named by its editing session: it does not cross the bridge again.
  expect(sent.args[0]).toBe(IMAGE.session);
  return sent.args[1] as EditDoc;
}

describe('the editor', () => {
  it('opens on a capture sent by the app, at the image’s own size', async () => {
    const { editor } = await openEditor();
    expect(IMAGE.fileName).toMatch(/^capture-.*\.png$/);
    expect(within(editor).getByText(`${IMAGE.fileName} · 2000 × 1000`)).toBeTruthy();
  });

  it.each([
    ['a', { kind: 'arrow', x1: 200, y1: 100, x2: 600, y2: 300 }],
    ['l', { kind: 'line', x1: 200, y1: 100, x2: 600, y2: 300 }],
    ['r', { kind: 'rect', x: 200, y: 100, width: 400, height: 200 }],
    ['e', { kind: 'ellipse', x: 200, y: 100, width: 400, height: 200 }],
    ['x', { kind: 'redact', x: 200, y: 100, width: 400, height: 200 }],
  ])('tool %s draws its shape in image pixels', async (toolKey, expected) => {
    const { bridge, editor, overlay } = await openEditor();
    await key(editor, toolKey);
    await drag(overlay, [100, 50], [300, 150]);
    const doc = await uploaded(bridge, editor);
    expect(doc.shapes).toEqual([expect.objectContaining(expected)]);
    if (expected.kind !== 'redact') expect(doc.shapes[0]).toMatchObject({ colour: '#e11d48', stroke: 4 });
  });

  it('draws a marker along the pointer’s path, and numbered badges in order', async () => {
    const { bridge, editor, overlay } = await openEditor();
    await key(editor, 'm');
    await drag(
      overlay,
      [10, 10],
      [40, 10],
      [
        [20, 12],
        [30, 14],
      ],
    );
    await key(editor, 'b');
    await drag(overlay, [100, 100], [100, 100]);
    await drag(overlay, [200, 100], [200, 100]);
    const doc = await uploaded(bridge, editor);
    expect(doc.shapes[0]).toMatchObject({
      kind: 'marker',
      points: [
        [20, 20],
        [40, 24],
        [60, 28],
        [80, 20],
      ],
      stroke: 16,
    });
    expect(doc.shapes.slice(1)).toMatchObject([
      { kind: 'badge', x: 200, y: 200, number: 1 },
      { kind: 'badge', x: 400, y: 200, number: 2 },
    ]);
  });

  it('places text where clicked, typed in a field', async () => {
    const { bridge, editor, overlay } = await openEditor();
    await key(editor, 't');
    await drag(overlay, [50, 60], [50, 60]);
    const field = within(editor).getByRole('textbox', { name: 'Text' });
    fireEvent.change(field, { target: { value: 'Click here' } });
    await act(async () => fireEvent.click(within(editor).getByRole('button', { name: 'Add text' })));
    const doc = await uploaded(bridge, editor);
    expect(doc.shapes).toEqual([
      expect.objectContaining({ kind: 'text', x: 100, y: 120, text: 'Click here' }),
    ]);
  });

  it('crops to the dragged area', async () => {
    const { bridge, editor, overlay } = await openEditor();
    await key(editor, 'c');
    await drag(overlay, [100, 50], [600, 450]);
    expect((await uploaded(bridge, editor)).crop).toEqual({ x: 200, y: 100, width: 1000, height: 800 });
  });

  it('selects, moves, resizes and deletes; undo and redo step through it', async () => {
    const { bridge, editor, overlay } = await openEditor();
    await key(editor, 'r');
    await drag(overlay, [100, 50], [300, 150]);
    await drag(overlay, [500, 300], [600, 400]);
    await key(editor, 'v');
    const rect = overlay.querySelector('[data-id]')!;
    await act(async () => {
      fireEvent.pointerDown(rect, { clientX: 150, clientY: 60, pointerId: 1 });
      fireEvent.pointerMove(overlay, { clientX: 160, clientY: 70, pointerId: 1 });
      fireEvent.pointerUp(overlay, { clientX: 160, clientY: 70, pointerId: 1 });
    });
    const handle = overlay.querySelector('[data-handle]')!;
    await act(async () => {
      fireEvent.pointerDown(handle, { clientX: 310, clientY: 160, pointerId: 1 });
      fireEvent.pointerUp(overlay, { clientX: 320, clientY: 170, pointerId: 1 });
    });
    await key(editor, 'z', { ctrlKey: true }); // undo the resize
    await key(editor, 'z', { ctrlKey: true, shiftKey: true }); // and redo it
    await key(editor, 'Tab'); // the first shape
    await key(editor, 'Tab'); // the next: the second rectangle
    await key(editor, 'Delete');
    const doc = await uploaded(bridge, editor);
    expect(doc.shapes).toEqual([
      expect.objectContaining({ kind: 'rect', x: 220, y: 120, width: 420, height: 220 }),
    ]);
  });

  it('proposes what it found, by kind; each is redacted or kept with one click, or all at once', async () => {
    nextCapture = new Uint8Array(await screenshot(LINES));
    const { bridge, editor } = await openEditor();
    // Recognition takes seconds on a busy machine.
    await eventually(() => expect(callsOf('analyzeImage')[0]?.response).toBeDefined(), 90_000);
    const list = await within(editor).findByRole('list', { name: 'Proposed redactions' });
    const analysis = callsOf('analyzeImage')[0]!.response!;
    expect(analysis.ok).toBe(true);
    const { text, findings } = (analysis as { value: ImageAnalysis }).value;
    expect(findings.map((finding) => finding.kind)).toEqual(['github-token', 'email', 'ip-address']);
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      expect.stringContaining('GitHub token'),
      expect.stringContaining('email address'),
      expect.stringContaining('IP address'),
    ]);
    await act(async () => fireEvent.click(within(list).getAllByRole('button', { name: 'Redact' })[0]!));
    await act(async () => fireEvent.click(within(list).getByRole('button', { name: 'Keep email address' })));
    await act(async () => fireEvent.click(within(editor).getByRole('button', { name: 'Copy text' })));
    await eventually(() => expect(bridge.test.clipboard.text).toBe(text));
    await act(async () => fireEvent.click(within(editor).getByRole('button', { name: 'Redact all' })));
    const doc = await uploaded(bridge, editor);
    // Padded exactly as automatic redaction pads found text (src-shared/cover.ts).
    const cover = (box: (typeof findings)[number]['boxes'][number]) => {
      const padded = paddedBox(box, 2000, 1000)!;
      return { id: expect.any(String), kind: 'redact', ...padded };
    };
    expect(doc.shapes).toEqual([...findings[0]!.boxes.map(cover), ...findings[2]!.boxes.map(cover)]);
    expect(new Set(doc.shapes.map((shape) => shape.id)).size).toBe(doc.shapes.length);
  }, 120_000);

  it('is usable from the keyboard alone: tools, placing, moving, resizing, upload', async () => {
    const { bridge, editor } = await openEditor();
    expect(document.activeElement).toBe(editor);
    await key(editor, 'r');
    await key(editor, 'n'); // a rectangle at the centre
    await key(editor, 'ArrowRight', { shiftKey: true }); // 10 px right
    await key(editor, 'ArrowDown', { altKey: true }); // 1 px taller
    await key(editor, 'b');
    await key(editor, 'n');
    await key(editor, '1');
    expect(within(editor).getByRole('button', { name: '1:1' }).getAttribute('aria-pressed')).toBe('true');
    await key(editor, '0');
    // Every tool says its key.
    for (const button of within(screen.getByRole('toolbar', { name: 'Tools' }))
      .getAllByRole('button')
      .slice(0, 10)) {
      expect(button.getAttribute('title')).toMatch(/\([A-Z]\)$/);
    }
    const doc = await uploaded(bridge, editor);
    expect(doc.shapes).toMatchObject([
      { kind: 'rect', x: 760, y: 417, width: 500, height: 168 },
      { kind: 'badge', number: 1 },
    ]);
  });

  it('Escape cancels without uploading anything', async () => {
    const { bridge, editor } = await openEditor();
    await key(editor, 'Escape');
    expect(screen.queryByRole('region', { name: `Edit ${IMAGE.fileName}` })).toBeNull();
    expect(callsOf('uploadEdited')).toEqual([]);
    // Core lets the image go at once.
    await eventually(() =>
      expect(callsOf('closeEditing').map((call) => call.args)).toEqual([[IMAGE.session]]),
    );
    expect(() => bridge.app.editing.get(IMAGE.session)).toThrow(/no longer open/);
    expect(screen.getByRole('heading', { level: 1, name: 'Upload' })).toBeTruthy();
  });

  it('opens from a history entry and from “Edit before uploading” on the Upload view', async () => {
    await renderApp(bridge);
    fireEvent.click(screen.getByRole('switch', { name: 'Edit before uploading' }));
    const file = new File([BLANK as BlobPart], 'drop.png', { type: 'image/png' });
    const jobsBefore = bridge.app.queue.list().length;
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    await act(async () => fireEvent.change(input, { target: { files: [file] } }));
    expect(await screen.findByRole('region', { name: 'Edit drop.png' })).toBeTruthy();
    expect(bridge.app.queue.list()).toHaveLength(jobsBefore); // nothing uploaded until the editor says so
    // The dropped image crossed to core once, to be opened; the editor's calls name its session.
    const opened = callsOf('openEditing');
    expect(opened).toHaveLength(1);
    const { session } = (opened[0]!.response as { value: { session: string } }).value;
    expect(bridge.app.editing.get(session).fileName).toBe('drop.png');
    expect(callsOf('uploadEdited')).toEqual([]);
  });
});
