// `shotlink upload --redact` end to end, in child processes: screenshots of a terminal, a .env file,
// request headers and a chat with known fake secrets, rendered by Debian's Chromium at 1× and 2×, go to
// the fake img402. What the host received is read back by an independent OCR (Debian's tesseract, not
// the engine that redacted): none of the secrets can be read, the ordinary lines still can, and the
// image keeps its size. A screenshot with nothing secret in it goes through unchanged.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeImg402, type FakeImg402 } from '../support/fake-img402.ts';
import {
  independentOcr,
  ocrNormal,
  readable,
  renderCorpus,
  secretCorpus,
  type CorpusPage,
} from '../support/secret-corpus.ts';
import { hasTesseract } from '../support/debian-tesseract.ts';
import { runCli } from '../cli/run-cli.ts';

let dir: string;
let host: FakeImg402;
let env: NodeJS.ProcessEnv;
const pages = secretCorpus();
const shots = new Map<string, Buffer>();

describe.skipIf(!hasTesseract())('shotlink upload --redact', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shotlink-redact-'));
    host = await startFakeImg402();
    env = { SHOTLINK_HOME: join(dir, 'home'), SHOTLINK_IMG402_URL: host.url };
    for (const scale of [1, 2]) {
      for (const [name, png] of await renderCorpus(pages, scale)) {
        shots.set(`${name}@${scale}x`, png);
        await writeFile(join(dir, `${name}@${scale}x.png`), png);
      }
    }
  }, 120_000);

  afterAll(async () => {
    await host?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const cases = pages.flatMap((page) =>
    [1, 2].map((scale) => [`${page.name}@${scale}x`, page, scale] as const),
  );

  it.each(cases)('%s: no secret can be read from what the host received', async (name, page: CorpusPage) => {
    // Before: the secrets are there to be read (so the check below can fail).
    const before = await independentOcr(shots.get(name)!, dir);
    expect(page.secrets.filter((s) => readable(s.value, before)).length).toBeGreaterThan(0);

    const result = await runCli(['upload', '--redact', '-q', `${name}.png`], { env, cwd: dir });
    expect(result.code).toBe(0);
    // What was covered, by kind, never the text.
    expect(result.stderr).toMatch(new RegExp(`${name}\\.png: covered .+ before upload\\.`));
    for (const secret of page.secrets) expect(result.stderr).not.toContain(secret.value);

    const received = host.uploads.at(-1)!.bytes;
    const after = await independentOcr(received, dir);
    expect(page.secrets.filter((s) => readable(s.value, after)).map((s) => s.kind)).toEqual([]);
    expect(page.ordinary.filter((line) => !after.includes(ocrNormal(line)))).toEqual([]);
    const [input, output] = await Promise.all([
      sharp(shots.get(name)!).metadata(),
      sharp(received).metadata(),
    ]);
    expect([output.width, output.height]).toEqual([input.width, input.height]);
  });

  it('sends a screenshot with nothing secret in it unchanged', async () => {
    const plain = await sharp({
      create: { width: 600, height: 120, channels: 3, background: '#ffffff' },
    })
      .composite([
        {
          input: Buffer.from(
            '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="120"><text x="20" y="60" font-family="DejaVu Sans" font-size="22">The build passed on every platform</text></svg>',
          ),
        },
      ])
      .png()
      .toBuffer();
    await writeFile(join(dir, 'plain.png'), plain);
    const redacted = await runCli(['upload', '--redact', '-q', 'plain.png'], { env, cwd: dir });
    expect(redacted.stderr).toContain(
      'plain.png: no secrets or personal data found; uploading it unchanged.',
    );
    const withRedact = host.uploads.at(-1)!.bytes;
    await runCli(['upload', '-q', 'plain.png', '--tier', 'free'], {
      env: { ...env, SHOTLINK_HOME: join(dir, 'home2') },
      cwd: dir,
    });
    const without = host.uploads.at(-1)!.bytes;
    expect(Buffer.from(withRedact).equals(Buffer.from(without))).toBe(true);
  });

  it('says in --json what was covered and what may remain, never the text', async () => {
    const result = await runCli(['upload', '--redact', '--json', '-q', 'env-file@2x.png'], { env, cwd: dir });
    expect(result.code).toBe(0);
    const line = JSON.parse(result.stdout.trim()) as {
      redaction: { covered: string[]; mayRemain: string[] };
    };
    expect(line.redaction.covered).toEqual(expect.arrayContaining(['aws-access-key', 'stripe-key']));
    expect(Array.isArray(line.redaction.mayRemain)).toBe(true);
    for (const secret of pages.find((p) => p.name === 'env-file')!.secrets)
      expect(result.stdout).not.toContain(secret.value);
  });

  it('refuses an animated GIF under --redact, saying why, and the host receives nothing', async () => {
    const frame = (text: string) =>
      sharp(
        Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="500" height="60"><rect width="100%" height="100%" fill="#fff"/><text x="10" y="40" font-family="DejaVu Sans Mono" font-size="20">${text}</text></svg>`,
        ),
      )
        .png()
        .toBuffer();
    const gif = await sharp(
      [await frame('Loading the settings'), await frame('TOKEN=ghp_R8x2LmQ9vT4kP7wZ1cN5bY3hJ6dFsA2eG8iK')],
      {
        join: { animated: true },
      },
    )
      .gif()
      .toBuffer();
    await writeFile(join(dir, 'anim.gif'), gif);
    const before = host.uploads.length;
    const result = await runCli(['upload', '--redact', '-q', 'anim.gif'], { env, cwd: dir });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      // The words core uses for every shell: the app covers captures by its setting, not by --redact.
      /anim\.gif: not uploaded, because it could not be searched for secrets: .*animated GIF \(2 frames\)/,
    );
    expect(host.uploads.length).toBe(before);
  });

  it('prints the recognised text with `shotlink ocr`', async () => {
    const result = await runCli(['ocr', 'env-file@2x.png'], { env, cwd: dir });
    expect(result.code).toBe(0);
    expect(ocrNormal(result.stdout)).toContain(ocrNormal('Production settings for the shop'));
    const refused = await runCli(['ocr', 'missing.png'], { env, cwd: dir });
    expect(refused.code).toBe(3);
  });
});
