// `shotlink upload --redact` of a slide whose ground runs from light to dark behind large text (issue
// #22, kind 7), in a child process as a person runs it: a generated gradient slide (its key drawn by
// Debian's Chromium) goes to the fake img402, and what the host received is read back by Debian's
// tesseract with both its global and its local threshold. Tesseract's one global threshold read only
// part of such a slide, so its key was covered in part while the report said covered; now no eight
// characters in a row of the key can be read, and the report claims nothing it did not cover.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeImg402, type FakeImg402 } from '../support/fake-img402.ts';
import { generateGradientSlide } from '../support/gradient-slides.ts';
import { renderPages } from '../support/screenshot-generator.ts';
import { hasTesseract } from '../support/debian-tesseract.ts';
import { independentOcrBothThresholds, readable } from '../support/secret-corpus.ts';
import { runCli } from '../cli/run-cli.ts';

/**
 * A tuning seed: an `sk-proj-` key wrapped over three lines, white on a ground from dark red to pink
 * (a JPEG). With the global threshold alone, part of it was covered and the report said covered.
 */
const SEED = 3;

let dir: string;
let host: FakeImg402;
let png: Buffer;
const page = generateGradientSlide(SEED);

describe.skipIf(!hasTesseract())('shotlink upload --redact of a slide on a gradient', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shotlink-gradient-'));
    host = await startFakeImg402();
    png = (await renderPages([page]))[0]!.png;
    await writeFile(join(dir, 'slide.png'), png);
  }, 120_000);

  afterAll(async () => {
    await host?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('covers the key whole and reports nothing that may remain', async () => {
    // Before: the key is there to be read (so the check below can fail).
    const before = await independentOcrBothThresholds(png, dir);
    expect(page.secrets.filter((s) => readable(s.value, before)).length).toBeGreaterThan(0);

    const env = { SHOTLINK_HOME: join(dir, 'home'), SHOTLINK_IMG402_URL: host.url };
    const result = await runCli(['upload', '--redact', '--json', '-q', 'slide.png'], { env, cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const { redaction } = JSON.parse(result.stdout.trim()) as {
      redaction: { covered: string[]; mayRemain: string[] };
    };
    expect(redaction.covered.length).toBeGreaterThan(0);
    expect(redaction.mayRemain).toEqual([]);
    for (const secret of page.secrets) expect(result.stdout + result.stderr).not.toContain(secret.value);

    const after = await independentOcrBothThresholds(host.uploads.at(-1)!.bytes, dir);
    expect(page.secrets.filter((s) => readable(s.value, after)).map((s) => s.kind)).toEqual([]);
  }, 180_000);
});
