// `shotlink ocr` refuses what is not an image the way `upload` does: the same message, exit code 3, and
// no OCR engine started for it (it answers at once).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shotlink-ocr-input-'));
  env = { SHOTLINK_HOME: join(dir, 'data'), SHOTLINK_IMG402_URL: 'http://127.0.0.1:9' };
  await writeFile(join(dir, 'notes.png'), 'Meeting notes: not a picture.\n');
  await writeFile(join(dir, 'empty.png'), '');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('shotlink ocr on bad input', { timeout: 60_000 }, () => {
  it('says a text file is not an image, exactly as upload does, with exit code 3', async () => {
    const ocr = await runCli(['ocr', 'notes.png'], { env, cwd: dir });
    const upload = await runCli(['upload', 'notes.png'], { env, cwd: dir });
    expect(ocr.code).toBe(3);
    expect(ocr.stderr).toMatch(
      /^shotlink: .*"notes\.png" is not an image Shotlink can upload: it looks like plain text\./,
    );
    expect(ocr.stderr.replace(/^shotlink: (\S+: )?/, '')).toBe(
      upload.stderr.replace(/^shotlink: (\S+: )?/, ''),
    );
    expect(ocr.stdout).toBe('');
  });

  it('says an empty file is empty, and a missing one is missing, with exit code 3', async () => {
    const empty = await runCli(['ocr', 'empty.png'], { env, cwd: dir });
    expect(empty).toMatchObject({ code: 3, stderr: expect.stringContaining('is empty (0 bytes)') });
    const missing = await runCli(['ocr', 'missing.png'], { env, cwd: dir });
    expect(missing).toMatchObject({ code: 3, stderr: 'shotlink: missing.png: no such file.\n' });
  });
});
