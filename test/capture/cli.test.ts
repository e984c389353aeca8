// `shotlink capture` as a real child process: a stand-in capture tool on PATH (flameshot printing a real
// PNG, as `flameshot gui --raw` does), the fake img402 on loopback, a temporary data folder.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeImg402, type FakeImg402 } from '../support/fake-img402.ts';
import { screenshotPng } from '../cli/fixtures.ts';
import { runCli } from '../cli/run-cli.ts';

let img402: FakeImg402;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  img402 = await startFakeImg402();
});
afterAll(async () => {
  await img402.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shotlink-capture-cli-'));
  await writeFile(join(dir, 'shot.png'), await screenshotPng(640, 400));
  env = {
    SHOTLINK_HOME: join(dir, 'data'),
    SHOTLINK_IMG402_URL: img402.url,
    PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
    XDG_SESSION_TYPE: 'x11',
  };
  img402.uploads.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function installFlameshot(body: string): Promise<void> {
  await mkdir(join(dir, 'bin'), { recursive: true });
  await writeFile(join(dir, 'bin', 'flameshot'), `#!/bin/sh\n${body}\n`);
  await chmod(join(dir, 'bin', 'flameshot'), 0o755);
}

const shotlink = (...args: string[]) => runCli(args, { env, cwd: dir });

describe('shotlink capture', { timeout: 120_000 }, () => {
  it('captures a region with the detected tool and prints the uploaded link', async () => {
    await installFlameshot(`cat "${join(dir, 'shot.png')}"`);
    const { code, stdout, stderr } = await shotlink('capture', '--quiet');
    expect(code).toBe(0);
    // Uploaded through `shotlink upload` itself: its one-time notice about public links, and nothing else.
    expect(stderr).toMatch(/^shotlink: Note: uploads to this host are public\. .*\(Shown once\.\)\n$/);
    const match = /^!\[capture-\d{4}-\d{2}-\d{2}-\d{6}\.png\]\((http:\/\/127\.0\.0\.1:\d+\/\S+)\)\n$/.exec(
      stdout,
    );
    expect(match).not.toBeNull();
    expect(img402.uploads).toHaveLength(1);
    const uploaded = await sharp(img402.uploads[0]!.bytes).metadata();
    expect([uploaded.width, uploaded.height]).toEqual([640, 400]);
  });

  it('exits quietly with nothing uploaded when the selection is cancelled', async () => {
    await installFlameshot('echo "flameshot: Screenshot aborted." >&2; exit 1');
    const { code, stdout, stderr } = await shotlink('capture');
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe('shotlink: capture cancelled.\n');
    expect(img402.uploads).toHaveLength(0);
  });

  it('keeps the capture when the upload fails, and says where', async () => {
    await installFlameshot(`cat "${join(dir, 'shot.png')}"`);
    img402.failNext({ status: 400, body: { error: 'bad request' } }, { times: 5 });
    const { code, stderr } = await shotlink('capture', '--quiet');
    expect(code).toBe(4);
    const kept = /the capture is kept at (\S+);/.exec(stderr)?.[1];
    expect(kept).toBeDefined();
    expect(await readdir(join(dir, 'data', 'captures'))).toHaveLength(1);
    expect((await readFile(kept!)).equals(await readFile(join(dir, 'shot.png')))).toBe(true);
  });

  it('saves to --output without uploading when asked', async () => {
    await installFlameshot(`cat "${join(dir, 'shot.png')}"`);
    const { code } = await shotlink('capture', '--no-upload', '--output', 'saved.png');
    expect(code).toBe(0);
    expect((await readFile(join(dir, 'saved.png'))).equals(await readFile(join(dir, 'shot.png')))).toBe(true);
    expect(img402.uploads).toHaveLength(0);
    expect((await shotlink('capture', '--no-upload')).code).toBe(2);
  });

  it('names the tool it would use', async () => {
    await installFlameshot('exit 0');
    const { code, stdout } = await shotlink('capture', '--tool');
    expect(code).toBe(0);
    expect(stdout).toBe('flameshot: flameshot gui --raw\n');
  });

  it('says what to install when no capture tool exists (exit code 3)', async () => {
    const { code, stderr } = await runCli(['capture'], {
      env: { ...env, PATH: `/nonexistent:${process.execPath.replace(/\/node$/, '')}` },
      cwd: dir,
    });
    expect(code).toBe(3);
    expect(stderr).toMatch(/No region-capture tool was found\. Install one of: gnome-screenshot/);
  });
});
