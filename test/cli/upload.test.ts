// `shotlink upload` as a real child process against the fake img402 / img.pro on loopback, with a
// temporary data folder: links printed, JSON fields, exit codes, the one-time public notice.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { startFakeImg402, type FakeImg402 } from '../support/fake-img402.ts';
import { startFakeImgpro, type FakeImgpro } from '../support/fake-imgpro.ts';
import { makeNoisePng } from '../server/helpers.ts';
import { screenshotPng } from './fixtures.ts';
import { BIN, runCli, runIn } from './run-cli.ts';

let img402: FakeImg402;
let imgpro: FakeImgpro;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  [img402, imgpro] = await Promise.all([startFakeImg402(), startFakeImgpro()]);
});
afterAll(async () => {
  await Promise.all([img402.close(), imgpro.close()]);
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shotlink-cli-'));
  env = {
    SHOTLINK_HOME: join(dir, 'data'),
    SHOTLINK_IMG402_URL: img402.url,
    SHOTLINK_IMGPRO_URL: imgpro.url,
  };
  await writeFile(join(dir, 'shot.png'), await screenshotPng());
  await writeFile(join(dir, 'notes.txt'), 'Meeting notes: not a picture.\n');
  img402.uploads.length = 0;
  img402.requests.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const shotlink = (...args: string[]) => runCli(args, { env, cwd: dir });
const NOTICE = /Anyone who has the link can see the image/;
const uploadPosts = () => img402.requests.filter((request) => request.method === 'POST');

describe('shotlink upload', { timeout: 120_000 }, () => {
  it('prints a Markdown link that serves the uploaded image', async () => {
    const { code, stdout } = await shotlink('upload', 'shot.png');
    expect(code).toBe(0);
    const match = /^!\[shot\.png\]\((http:\/\/127\.0\.0\.1:\d+\/\S+)\)\n$/.exec(stdout);
    expect(match).not.toBeNull();

    const response = await fetch(match![1]!);
    expect(response.status).toBe(200);
    const served = Buffer.from(await response.arrayBuffer());
    expect(served.equals(img402.uploads[0]!.bytes)).toBe(true);
    const image = await sharp(served).metadata();
    expect([image.width, image.height]).toEqual([800, 500]);
  });

  it('says on stderr when an image was downscaled to fit the tier, and how big it was', async () => {
    await writeFile(join(dir, 'big.png'), await makeNoisePng(2200, 1800));
    const { code, stderr } = await shotlink('upload', 'big.png');
    expect(code).toBe(0);
    const sent = await sharp(img402.uploads[0]!.bytes).metadata();
    expect(stderr).toContain(
      `shotlink: big.png: downscaled 2200×1800 → ${sent.width}×${sent.height} and saved as WebP q`,
    );
    expect(stderr).toContain('to fit 1.00 MB; a tier with a larger limit keeps it as it is');
    expect(img402.uploads[0]!.bytes.length).toBeGreaterThan(0.6 * 1024 * 1024); // the budget is used
  });

  it('a run killed right after the host answered loses nothing: the next run records it, sending nothing', async () => {
    const killed = await runCli(['upload', 'shot.png'], {
      env: { ...env, SHOTLINK_FAILPOINT: 'after-answer' },
      cwd: dir,
    }).catch((error: { signal?: string }) => error);
    expect(killed).toMatchObject({ signal: 'SIGKILL' });
    expect(uploadPosts()).toHaveLength(1);

    const again = await shotlink('upload', 'shot.png', '--format', 'url');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`${img402.uploads[0]!.url}\n`);
    expect(uploadPosts()).toHaveLength(1); // recorded from the saved answer, not sent again
    const history = await shotlink('history', '--json');
    expect(history.stdout.trimEnd().split('\n')).toHaveLength(1);
  });

  it('tells once, ever, that public links can be seen by anyone', async () => {
    const first = await shotlink('upload', 'shot.png');
    expect(first.stderr).toMatch(NOTICE);
    expect(first.stderr.match(new RegExp(NOTICE, 'g'))).toHaveLength(1);
    const second = await shotlink('upload', 'shot.png', '--quiet');
    expect(second.code).toBe(0);
    // Nothing else on stderr: progress is only drawn when stderr is a terminal.
    expect(second.stderr).toBe('');
    const settings = JSON.parse(await readFile(join(dir, 'data', 'settings.json'), 'utf8'));
    expect(settings.publicNoticeShown).toBe(true);
  });

  it('does not show the notice when nothing was uploaded', async () => {
    const { stderr } = await shotlink('upload', 'notes.txt');
    expect(stderr).not.toMatch(NOTICE);
  });

  it('prints one JSON object per file with the documented fields', async () => {
    await writeFile(join(dir, 'second.png'), await screenshotPng(640, 400));
    const { code, stdout } = await shotlink('upload', 'shot.png', 'second.png', '--json');
    expect(code).toBe(0);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      for (const key of [
        'file',
        'url',
        'provider',
        'tier',
        'bytes',
        'originalBytes',
        'width',
        'height',
        'format',
        'expiresAt',
      ]) {
        expect(line).toHaveProperty(key);
      }
    }
    expect(lines.map((line) => line.file)).toEqual(['shot.png', 'second.png']);
    expect(lines[1]).toMatchObject({ provider: 'img402', tier: 'free', width: 640, height: 400 });
    // Files go up in parallel, so the host may see them in any order; stdout keeps the files' order.
    const second = img402.uploads.find((upload) => upload.url === lines[1].url)!;
    expect(second).toBeDefined();
    expect(lines[1].bytes).toBe(second.bytes.length);
    expect(lines[1].originalBytes).toBe((await readFile(join(dir, 'second.png'))).length);
    expect(lines[1].expiresAt).toBe(second.expiresAt);
  });

  it('prints the link in the format asked for (--format html)', async () => {
    const { stdout } = await shotlink('upload', 'shot.png', '--format', 'html');
    expect(stdout).toMatch(/^<img src="http:\/\/127\.0\.0\.1:\d+\/\S+" alt="shot\.png">\n$/);
  });

  it('uses the link template setting with --format template', async () => {
    expect((await shotlink('config', 'set', 'linkTemplate', '{name} {width}x{height} <{url}>')).code).toBe(0);
    const { stdout } = await shotlink('upload', 'shot.png', '--format', 'template');
    expect(stdout).toMatch(/^shot\.png 800x500 <http:\/\/\S+>\n$/);
  });

  it('rejects a file that is not an image with exit code 3 and no request to the host', async () => {
    const { code, stdout, stderr } = await shotlink('upload', 'notes.txt');
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^shotlink: notes\.txt: "notes\.txt" is not an image .* plain text/m);
    expect(img402.requests).toEqual([]);
  });

  it('reports a missing file and a folder with exit code 3', async () => {
    const { code, stderr } = await shotlink('upload', 'nowhere.png', '.');
    expect(code).toBe(3);
    expect(stderr).toMatch(/^shotlink: nowhere\.png: no such file\.$/m);
    expect(stderr).toMatch(/^shotlink: \.: is a folder, not an image file\.$/m);
  });

  it('exits 4 when the host answers with an HTML error page', async () => {
    img402.failNext('html', { times: 3 });
    const { code, stdout, stderr } = await shotlink('upload', 'shot.png');
    expect(code).toBe(4);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^shotlink: shot\.png: .*img402/m);
  });

  it('retries a host 500 and succeeds when the host recovers', async () => {
    img402.failNext({ status: 500, body: { error: 'upload_failed' } });
    const { code, stdout } = await shotlink('upload', 'shot.png', '--format', 'url');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(img402.uploads[0]!.url);
    expect(uploadPosts()).toHaveLength(2);
  });

  it('exits 4 when the host keeps failing with 500, after a bounded number of tries', async () => {
    img402.failNext({ status: 500, body: { error: 'upload_failed' } }, { times: 3 });
    const { code, stderr } = await shotlink('upload', 'shot.png');
    expect(code).toBe(4);
    expect(stderr).toMatch(/^shotlink: shot\.png: /m);
    expect(uploadPosts()).toHaveLength(3);
  });

  it('uploads the good files of a mixed batch and exits with the worst code', async () => {
    const { code, stdout, stderr } = await shotlink(
      'upload',
      'notes.txt',
      'shot.png',
      'nowhere.png',
      '--format',
      'url',
    );
    expect(code).toBe(3);
    expect(stdout.trim()).toBe(img402.uploads[0]!.url);
    expect(img402.uploads).toHaveLength(1);
    expect(stderr).toMatch(/notes\.txt: /);
    expect(stderr).toMatch(/nowhere\.png: /);
  });

  it('lets a host error (4) outrank an input error (3) in a batch', async () => {
    img402.failNext('html', { times: 3 });
    const { code, stderr } = await shotlink('upload', 'notes.txt', 'shot.png');
    expect(code).toBe(4);
    expect(stderr).toMatch(/notes\.txt: .*not an image/);
  });

  it('exits 2 on an unknown provider or tier, naming the valid ones, without reading files', async () => {
    const provider = await shotlink('upload', '--provider', 'imgur', 'shot.png');
    expect(provider.code).toBe(2);
    expect(provider.stderr).toMatch(/Unknown provider "imgur". Choose one of: img402, imgpro/);
    const tier = await shotlink('upload', '--tier', 'forever', 'shot.png');
    expect(tier.code).toBe(2);
    expect(tier.stderr).toMatch(/no tier "forever". Choose one of: free, 1y, permanent/);
    const format = await shotlink('upload', '--format', 'gif', 'shot.png');
    expect(format.code).toBe(2);
    expect(img402.requests).toEqual([]);
  });

  it('exits 5 on a paid tier without a wallet, before any request', async () => {
    const { code, stderr } = await shotlink('upload', '--tier', '1y', 'shot.png');
    expect(code).toBe(5);
    expect(stderr).toMatch(/^shotlink: shot\.png: .*(wallet|keychain)/im);
    expect(img402.requests).toEqual([]);
  });

  it('uploads to img.pro with --provider imgpro (its first tier) and an API key from the environment', async () => {
    const anonymous = await shotlink('upload', '--provider', 'imgpro', 'shot.png', '--json');
    expect(anonymous.code).toBe(0);
    expect(JSON.parse(anonymous.stdout)).toMatchObject({ provider: 'imgpro', tier: 'anonymous' });
    expect(imgpro.uploads.at(-1)!.key).toBeUndefined();

    imgpro.acceptKey('img_live_cli', { verified: true });
    env.SHOTLINK_IMGPRO_KEY = 'img_live_cli';
    const keyed = await shotlink('upload', '--provider', 'imgpro', '--tier', 'key', 'shot.png', '--json');
    expect(keyed.code).toBe(0);
    expect(JSON.parse(keyed.stdout)).toMatchObject({ tier: 'key', expiresAt: null });
    expect(imgpro.uploads.at(-1)!.key).toBe('img_live_cli');
  });

  it('waits as long as img.pro asks when it is rate limited, then uploads', async () => {
    imgpro.failNext({
      status: 429,
      body: imgpro.errorBody('rate_limited', 'Slow down', { type: 'wait', seconds: 1 }),
    });
    const posts = () => imgpro.requests.filter((request) => request.method === 'POST').length;
    const before = posts();
    const { code, stdout } = await shotlink('upload', '--provider', 'imgpro', 'shot.png', '--format', 'url');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(imgpro.uploads.at(-1)!.src);
    expect(posts() - before).toBe(2);
  });

  it('does not sit out an hour-long img.pro limit: exit 4 with when to try again', async () => {
    imgpro.setAnonymousUploadsLeft(0);
    try {
      const posts = () => imgpro.requests.filter((request) => request.method === 'POST').length;
      const before = posts();
      const { code, stderr } = await shotlink('upload', '--provider', 'imgpro', 'shot.png');
      expect(code).toBe(4);
      expect(stderr).toMatch(/^shotlink: shot\.png: .*try again after \d{4}-\d\d-\d\d \d\d:\d\d UTC/m);
      expect(posts() - before).toBe(1);
    } finally {
      imgpro.setAnonymousUploadsLeft(Infinity);
    }
  });

  it('draws progress on stderr when it is a terminal', async () => {
    // `script` runs the command on a pseudo-terminal, as a person's shell would.
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} upload shot.png --format url`;
    const { code, stdout } = await runIn('script', ['-qec', command, '/dev/null'], { env, cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toMatch(/shot\.png: optimizing…/);
    expect(stdout).toMatch(/shot\.png: uploading…/);
    expect(stdout).toContain(img402.uploads.at(-1)!.url);
  });

  it('uses the provider setting, with its first tier when the tier setting belongs to another host', async () => {
    expect((await shotlink('config', 'set', 'provider', 'imgpro')).code).toBe(0);
    const { code, stdout } = await shotlink('upload', 'shot.png', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ provider: 'imgpro', tier: 'anonymous' });
  });

  it('records every upload in history', async () => {
    await shotlink('upload', 'shot.png');
    const history = JSON.parse(await readFile(join(dir, 'data', 'history.json'), 'utf8'));
    expect(history.entries).toHaveLength(1);
    expect(history.entries[0]).toMatchObject({ fileName: 'shot.png', url: img402.uploads[0]!.url });
  });

  it('adds to a history with an unreadable entry without checking each one, and keeps it; history reports it', async () => {
    const broken = { id: 'broken-1', fileName: 'broken.png', url: 42 };
    await mkdir(join(dir, 'data'), { recursive: true });
    await writeFile(join(dir, 'data', 'history.json'), JSON.stringify({ entries: [broken] }));
    const uploaded = await shotlink('upload', 'shot.png');
    expect(uploaded).toMatchObject({ code: 0, stderr: expect.not.stringMatching(/broken-1/) });
    const history = JSON.parse(await readFile(join(dir, 'data', 'history.json'), 'utf8'));
    expect(history.entries).toHaveLength(2);
    expect(history.entries[1]).toEqual(broken);
    const listed = await shotlink('history');
    expect(listed.stderr).toMatch(/History entry "broken-1" in .*history\.json could not be read/);
    expect(listed.stdout).toContain(img402.uploads[0]!.url);
  });

  it('still warns before uploading when the history file itself is damaged, and sets it aside', async () => {
    await mkdir(join(dir, 'data'), { recursive: true });
    await writeFile(join(dir, 'data', 'history.json'), '{"entries": [');
    const { code, stdout, stderr } = await shotlink('upload', 'shot.png', '--format', 'url');
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /^shotlink: warning: The history file .*history\.json was damaged \(not valid JSON/m,
    );
    expect(stdout).toBe(`${img402.uploads[0]!.url}\n`);
    const history = JSON.parse(await readFile(join(dir, 'data', 'history.json'), 'utf8'));
    expect(history.entries).toHaveLength(1);
  });
});
