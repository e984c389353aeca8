// The editor's work is bounded: a document past the contract's limits is refused whole with the limit
// named; an image is opened once and named by its session, with a bounded number open and an idle one
// lapsing; a render past its time stops with a message; a caller that hangs up stops its render; and a
// `shotlink ui` given SIGTERM in the middle of one exits instead of drawing on for minutes.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EditingSession } from '../../src-shared/api.ts';
import type { JobInfo } from '../../src-shared/history.ts';
import { EDIT_LIMITS, type EditDoc, type Shape } from '../../src-shared/editor.ts';
import { applyEdits } from '../../src-main/core/images/edit.ts';
import { EditSessions } from '../../src-main/core/images/edit-sessions.ts';
import { cleanEnv, startTestService, type TestService } from '../support/test-service.ts';

let t: TestService | undefined;
let home: string | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  if (home) await rm(home, { recursive: true, force: true });
  home = undefined;
});

const blank = (width: number, height = width) =>
  sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .png({ compressionLevel: 1 })
    .toBuffer();

const text = (i: number, chars = 10, size = 200): Shape => ({
  id: `t${i}`,
  kind: 'text',
  x: (i * 37) % 3000,
  y: ((i * 997) % 3800) + 100,
  text: 'W'.repeat(chars),
  colour: '#e11d48',
  size,
});

/** As many large texts as the contract allows, spread over every band of a 4000 × 4000 image. */
const heavyDoc = (): EditDoc => ({
  crop: null,
  shapes: Array.from({ length: EDIT_LIMITS.totalText / 10 }, (_, i) => text(i)),
});

describe('the editor’s document is bounded in the contract', () => {
  it.each([
    ['too many shapes', { shapes: Array.from({ length: 501 }, (_, i) => text(i, 1)) }, /at most 500 shapes/],
    ['a long text', { shapes: [text(1, 201)] }, /at most 200 characters/],
    [
      'too much text',
      { shapes: Array.from({ length: 30 }, (_, i) => text(i, 200)) },
      /texts hold 6000 characters, more than the 5000/,
    ],
    [
      'a long marker',
      {
        shapes: [{ id: 'm', kind: 'marker', points: Array(2001).fill([1, 1]), colour: '#111111', stroke: 4 }],
      },
      /a marker stroke has at most 2000 points/,
    ],
    [
      'too many points',
      {
        shapes: Array.from({ length: 11 }, (_, i) => ({
          id: `m${i}`,
          kind: 'marker',
          points: Array(2000).fill([1, 1]),
          colour: '#111111',
          stroke: 4,
        })),
      },
      /markers hold 22000 points, more than the 20000/,
    ],
    [
      'a wide stroke',
      {
        shapes: [{ id: 'r', kind: 'rect', x: 0, y: 0, width: 9, height: 9, colour: '#111111', stroke: 201 }],
      },
      /at most 200 px wide/,
    ],
    ['shapes without ids', { shapes: [{ kind: 'redact', x: 0, y: 0, width: 9, height: 9 }] }, /id/],
    ['two shapes with one id', { shapes: [text(1), text(1)] }, /two shapes have the same id/],
  ])('refuses %s with the limit named, and the image stays open', async (_name, doc, message) => {
    t ??= await startTestService({ bridge: true });
    const { session } = (await t.call('openEditing', 'shot.png', (await blank(200)).toString('base64')))
      .value as EditingSession;
    const refused = await t.call('uploadEdited', session, { crop: null, ...doc });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'usage' } });
    expect(refused.error!.message).toMatch(/^Invalid arguments for uploadEdited: /);
    expect(refused.error!.message).toMatch(message);
    expect((await t.call('listJobs')).value).toEqual([]);
    // Nothing was lost: the same image, with a document inside the limits, uploads.
    const job = await t.call('uploadEdited', session, { crop: null, shapes: [text(1)] });
    expect(job).toMatchObject({ ok: true, value: { source: 'editor', fileName: 'shot.png' } });
  });

  it('refuses an image larger than the bridge carries, saying so before reading it', async () => {
    t = await startTestService({ bridge: true });
    const tooBig = 'A'.repeat(33 * 1024 * 1024);
    const answer = await t.call('openEditing', 'huge.png', tooBig);
    expect(answer).toMatchObject({ ok: false, error: { kind: 'usage' } });
    expect(answer.error!.message).toMatch(/larger than 32 MB/);
  });
});

describe('editing sessions', () => {
  it('holds a bounded number, closing the least recently used, and lets an idle one lapse', () => {
    let now = 0;
    const sessions = new EditSessions({ max: 2, idleMs: 1000, now: () => now });
    const a = sessions.start('a.png', new Uint8Array([1]));
    now = 10;
    const b = sessions.start('b.png', new Uint8Array([2]));
    now = 20;
    sessions.get(a.id); // a used after b
    const c = sessions.start('c.png', new Uint8Array([3]));
    expect(() => sessions.get(b.id)).toThrow(/no longer open for editing/);
    expect(sessions.get(a.id).fileName).toBe('a.png');
    now = 2000;
    expect(() => sessions.get(c.id)).toThrow(/idle too long/);
    expect(sessions.size).toBe(0);
  });

  it('never closes one whose upload is being drawn to make room', () => {
    const sessions = new EditSessions({ max: 1 });
    const a = sessions.start('a.png', new Uint8Array([1]));
    a.rendering = true;
    expect(() => sessions.start('b.png', new Uint8Array([2]))).toThrow(/wait for one to finish/);
    expect(sessions.get(a.id).fileName).toBe('a.png');
  });
});

describe('the render is bounded', () => {
  it('stops at its deadline with a message a person can act on', async () => {
    await expect(applyEdits(await blank(1000), heavyDoc(), { timeoutMs: 1 })).rejects.toThrow(
      /took longer than 0 s, so nothing was uploaded: use fewer or smaller shapes/,
    );
  });

  it('stops when its signal is aborted, between bands', async () => {
    const stop = new AbortController();
    const drawn: number[] = [];
    const render = applyEdits(await blank(4000), heavyDoc(), {
      signal: stop.signal,
      onBand: (done) => {
        drawn.push(done);
        stop.abort();
      },
    });
    await expect(render).rejects.toThrow(/its upload was cancelled/);
    expect(drawn).toEqual([1]); // of 16 bands: the rest were never drawn
  });

  it('a caller hanging up over the bridge cancels its render: nothing is queued, the image stays open', async () => {
    t = await startTestService({ bridge: true });
    const { session } = (await t.call('openEditing', 'big.png', (await blank(4000)).toString('base64')))
      .value as EditingSession;
    const gone = new AbortController();
    const abandoned = fetch(`${t.url}/api/call/uploadEdited`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ args: [session, heavyDoc()] }),
      signal: gone.signal,
    }).catch(() => 'gone');
    // The render has started when a second upload of the same image is refused as already running.
    await vi.waitFor(
      async () =>
        expect((await t!.call('uploadEdited', session, { crop: null, shapes: [] })).error?.message).toMatch(
          /being uploaded already/,
        ),
      { timeout: 20_000, interval: 50 },
    );
    gone.abort();
    expect(await abandoned).toBe('gone');
    // Cancelled: the session is free again and still open. Had the render gone on, it would have queued
    // its image and closed the session, and this upload would be refused as "no longer open".
    const probe = await vi.waitFor(
      async () => {
        const answer = await t!.call('uploadEdited', session, { crop: null, shapes: [] });
        expect(answer.error?.message ?? '').not.toMatch(/being uploaded already/);
        return answer;
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(probe).toMatchObject({ ok: true, value: { source: 'editor' } });
    expect(((await t.call('listJobs')).value as JobInfo[]).map((job) => job.id)).toEqual([
      (probe.value as JobInfo).id,
    ]);
  }, 60_000);
});

describe('shotlink ui and SIGTERM', () => {
  it('exits on SIGTERM in the middle of a render, instead of drawing on', async () => {
    home = await mkdtemp(join(tmpdir(), 'shotlink-render-'));
    const cliBin = fileURLToPath(new URL('../../src-main/cli/bin.js', import.meta.url));
    const child = spawn(process.execPath, [cliBin, 'ui'], {
      env: cleanEnv({
        SHOTLINK_HOME: join(home, 'data'),
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      void exited.then(() => reject(new Error(`shotlink ui exited early: ${stderr}`)));
    });
    const page = new URL(line);
    const call = async (method: string, ...args: unknown[]) =>
      (await (
        await fetch(`${page.origin}/api/call/${method}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${page.searchParams.get('token')}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ args }),
        })
      ).json()) as { ok: boolean; value?: unknown; error?: { message: string } };

    const { session } = (await call('openEditing', 'big.png', (await blank(4000)).toString('base64')))
      .value as EditingSession;
    void call('uploadEdited', session, heavyDoc()).catch(() => 'closed by the stopping process');
    await vi.waitFor(
      async () =>
        expect((await call('uploadEdited', session, { crop: null, shapes: [] })).error?.message).toMatch(
          /being uploaded already/,
        ),
      { timeout: 20_000, interval: 50 },
    );
    child.kill('SIGTERM');
    // A clean exit, not a kill: the render stopped at its next band and the service closed, and what it
    // was drawing never reached the queue.
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(await readdir(join(home, 'data', 'queue')).catch(() => [])).toEqual([]);
  }, 90_000);
});
