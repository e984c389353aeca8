// The editor and redaction in the service, through the API as the window calls it, with the real OCR:
// the flattened export (redactions replace pixels, annotations drawn, crop taken, full resolution), what
// the host then receives, a history entry's image fetched to edit again, a capture that opens the editor
// instead of uploading, and the capture.redact setting covering secrets in captures before they are queued.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvents, EditingSession, ImageAnalysis, ImageForEditing } from '../../src-shared/api.ts';
import type { EditDoc } from '../../src-shared/editor.ts';
import type { HistoryEntry, JobInfo } from '../../src-shared/history.ts';
import { applyEdits } from '../../src-main/core/images/edit.ts';
import { COVER_RGB } from '../../src-shared/cover.ts';
import { startTestService, type TestService } from '../support/test-service.ts';

let t: TestService | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A screenshot of a settings file with a token in it, drawn with sharp's SVG renderer. */
async function tokenScreenshot(scale = 1): Promise<Buffer> {
  const token = `ghp_${Array.from({ length: 36 }, (_, i) => 'K7wQ2xN9pL4mZ8rT'[i % 16]).join('')}`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${1000 * scale}" height="${240 * scale}">
    <rect width="100%" height="100%" fill="#ffffff"/><g transform="scale(${scale})" font-family="DejaVu Sans Mono" font-size="22" fill="#1f2937">
    <text x="30" y="60">Release checklist for the shop</text>
    <text x="30" y="120">GITHUB_TOKEN=${token}</text>
    <text x="30" y="180">CHANNEL=stable</text></g></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** The colours inside a box of an image (a redacted box has one). */
async function coloursIn(bytes: Uint8Array, box: { x: number; y: number; width: number; height: number }) {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const seen = new Set<string>();
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const i = (y * info.width + x) * info.channels;
      seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
    }
  }
  return seen;
}

describe('applyEdits', () => {
  it('replaces redacted pixels, draws annotations and crops, at the image’s own resolution', async () => {
    const image = await tokenScreenshot(2); // a HiDPI capture: 2000 × 480
    const doc: EditDoc = {
      crop: null,
      shapes: [
        { id: 'r1', kind: 'redact', x: 40, y: 300, width: 600, height: 60 },
        { id: 'b1', kind: 'rect', x: 1500, y: 40, width: 300, height: 200, colour: '#2563eb', stroke: 8 },
      ],
    };
    const flat = await applyEdits(image, doc);
    expect(await sharp(flat).metadata()).toMatchObject({ width: 2000, height: 480 });
    expect(await coloursIn(flat, { x: 40, y: 300, width: 600, height: 60 })).toEqual(
      new Set([`${COVER_RGB.r},${COVER_RGB.g},${COVER_RGB.b}`]),
    );
    // The rectangle's left edge, 8 px wide, is blue.
    expect(await coloursIn(flat, { x: 1498, y: 100, width: 4, height: 40 })).toEqual(new Set(['37,99,235']));
    const cropped = await applyEdits(image, { ...doc, crop: { x: 100, y: 50, width: 800, height: 300 } });
    expect(await sharp(cropped).metadata()).toMatchObject({ width: 800, height: 300 });
    await expect(
      applyEdits(image, { crop: { x: 5000, y: 5000, width: 10, height: 10 }, shapes: [] }),
    ).rejects.toThrow(/crop leaves nothing/);
  });
});

describe('the editor through the service', () => {
  it('proposes the token, and the host receives the edited image only', async () => {
    t = await startTestService({ bridge: true });
    const image = await tokenScreenshot();
    // The image crosses to core once; the editor's later calls name its session.
    const { session } = (await t.call('openEditing', 'release.png', image.toString('base64')))
      .value as EditingSession;
    const analysis = (await t.call('analyzeImage', session)).value as ImageAnalysis;
    expect(analysis.text).toContain('Release checklist for the shop');
    expect(analysis.findings.map((f) => f.kind)).toEqual(['github-token']);
    const [box] = analysis.findings[0]!.boxes;
    expect(box!.y).toBeGreaterThan(90);
    expect(box!.y).toBeLessThan(130);

    const region = {
      x: Math.floor(box!.x),
      y: Math.floor(box!.y),
      width: Math.ceil(box!.width),
      height: Math.ceil(box!.height),
    };
    const doc: EditDoc = { crop: null, shapes: [{ id: 'token', kind: 'redact', ...region }] };
    const job = (await t.call('uploadEdited', session, doc)).value as JobInfo;
    expect(job).toMatchObject({ source: 'editor', fileName: 'release.png' });
    // Uploaded: the session is closed, and its image let go.
    expect((await t.call('analyzeImage', session)).error?.message).toMatch(/no longer open for editing/);
    await vi.waitFor(() => expect(t!.img402.uploads).toHaveLength(1), { timeout: 20_000 });
    const sent = t.img402.uploads[0]!.bytes;
    expect(await sharp(sent).metadata()).toMatchObject({ width: 1000, height: 240 });
    expect((await coloursIn(sent, region)).size).toBe(1);
    // The original went nowhere: not to the host, and not into the queue folder.
    const queued = join(t.home, 'queue');
    for (const name of await readdir(queued).catch(() => [] as string[])) {
      const content = await readFile(join(queued, name)).catch(() => null);
      if (content) expect(content.equals(image)).toBe(false);
    }
  });

  it('fetches a history entry’s image to edit it again', async () => {
    t = await startTestService({ bridge: true });
    const image = await tokenScreenshot();
    await t.call('uploadBytes', 'first.png', image.toString('base64'));
    await vi.waitFor(async () => expect((await t!.call('listHistory')).value).toHaveLength(1), {
      timeout: 20_000,
    });
    const [entry] = (await t.call('listHistory')).value as HistoryEntry[];
    const again = (await t.call('imageForEditing', entry!.id)).value as ImageForEditing;
    expect(again.fileName).toBe('first.png');
    expect(Buffer.from(again.base64, 'base64').equals(Buffer.from(t.img402.uploads[0]!.bytes))).toBe(true);
    // Opened in core already: analysed by its session, not sent back.
    expect((await t.call('analyzeImage', again.session)).ok).toBe(true);
  });

  it('sends a capture to the editor instead of uploading it, when the setting says so', async () => {
    const capture = await tokenScreenshot();
    t = await startTestService({
      bridge: true,
      settings: { capture: { then: 'edit' } },
      service: { capture: { captureRegion: async () => capture } },
    });
    const edits: ApiEvents['edit'][] = [];
    t.service.events.on('edit', (image) => edits.push(image));
    expect((await t.call('capture')).value).toBeNull();
    expect(edits).toHaveLength(1);
    expect(Buffer.from(edits[0]!.base64, 'base64').equals(capture)).toBe(true);
    // Opened in core with the capture in it: the editor analyses it by its session.
    const found = (await t.call('analyzeImage', edits[0]!.session)).value as ImageAnalysis;
    expect(found.findings.map((f) => f.kind)).toEqual(['github-token']);
    expect((await t.call('listJobs')).value).toEqual([]);
  });

  it('covers secrets in a capture before queueing it, when capture.redact is on', async () => {
    const capture = await tokenScreenshot();
    t = await startTestService({
      bridge: true,
      settings: { capture: { redact: true } },
      service: { capture: { captureRegion: async () => capture } },
    });
    const notices: string[] = [];
    t.service.events.on('notice', (notice) => notices.push(notice.message));
    await t.call('capture');
    await vi.waitFor(() => expect(t!.img402.uploads).toHaveLength(1), { timeout: 20_000 });
    const sent = (
      await t.call('openEditing', 'sent.png', Buffer.from(t.img402.uploads[0]!.bytes).toString('base64'))
    ).value as EditingSession;
    const { findings } = (await t.call('analyzeImage', sent.session)).value as ImageAnalysis;
    expect(findings).toEqual([]); // nothing left to find in what the host received
    expect(notices).toContainEqual(expect.stringMatching(/covered GitHub token before upload/));
  });
});

describe('covering an EXIF-rotated image', () => {
  it('measures and covers it upright, as it is shown', async () => {
    const { coverBoxes } = await import('../../src-main/core/redact/cover.ts');
    // Stored 300 × 100 with "rotate 90°": shown 100 × 300.
    const rotated = await sharp({ create: { width: 300, height: 100, channels: 3, background: '#ffffff' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const covered = await coverBoxes(rotated, [{ x: 10, y: 200, width: 80, height: 60 }], { pad: false });
    expect(await sharp(covered).metadata()).toMatchObject({ width: 100, height: 300 });
    expect(await coloursIn(covered, { x: 10, y: 200, width: 80, height: 60 })).toEqual(
      new Set([`${COVER_RGB.r},${COVER_RGB.g},${COVER_RGB.b}`]),
    );
  });
});

describe('analyzeImage over the bridge, bounded', () => {
  it('stops an abandoned analysis of noise, so the next request is answered', async () => {
    t = await startTestService({ bridge: true });
    // Noise: Tesseract finds "text" everywhere in it and would take minutes (the time limit is 30 s).
    const noise = await sharp(
      Buffer.from(Array.from({ length: 1600 * 1200 * 3 }, () => Math.floor(Math.random() * 256))),
      {
        raw: { width: 1600, height: 1200, channels: 3 },
      },
    )
      .png()
      .toBuffer();
    const { session } = (await t.call('openEditing', 'noise.png', noise.toString('base64')))
      .value as EditingSession;
    const gone = new AbortController();
    const abandoned = fetch(`${t.url}/api/call/analyzeImage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ args: [session] }),
      signal: gone.signal,
    }).catch(() => 'gone');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    gone.abort();
    expect(await abandoned).toBe('gone');
    // Behind it, a normal screenshot: answered well inside this test's 25 s, before noise could end.
    const screenshot = (await t.call('openEditing', 'shot.png', (await tokenScreenshot()).toString('base64')))
      .value as EditingSession;
    const analysis = (await t.call('analyzeImage', screenshot.session)).value as ImageAnalysis;
    expect(analysis.findings.map((f) => f.kind)).toContain('github-token');
  }, 25_000);
});
