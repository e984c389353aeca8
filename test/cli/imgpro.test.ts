// img.pro as its documentation describes it, through the real `shotlink` command: re-hosting a link
// (img.pro imports it itself; other hosts get it downloaded under intake's rules from a hostile remote),
// the CDN's size and format links, per-upload tags and namespace, the `upgrade` offer told once, and a
// new API key in one request kept in the real keychain and never shown.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createKeytarStore } from '../../src-main/core/secrets/keytar-store.ts';
import { startFakeImg402, type FakeImg402 } from '../support/fake-img402.ts';
import { startFakeImgpro, type FakeImgpro } from '../support/fake-imgpro.ts';
import { startHostileRemote, type HostileRemote } from '../support/hostile-remote.ts';
import { screenshotPng } from './fixtures.ts';
import { runCli } from './run-cli.ts';

let imgpro: FakeImgpro;
let img402: FakeImg402;
let remote: HostileRemote;
let shot: Buffer;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  shot = await screenshotPng(1600, 1000);
  [imgpro, img402, remote] = await Promise.all([
    startFakeImgpro(),
    startFakeImg402(),
    startHostileRemote({ 'shot.png': shot, 'small.png': await screenshotPng(400, 300) }),
  ]);
});
afterAll(() => Promise.all([imgpro.close(), img402.close(), remote.close()]));
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shotlink-imgpro-'));
  env = {
    SHOTLINK_HOME: join(dir, 'data'),
    SHOTLINK_IMGPRO_URL: imgpro.url,
    SHOTLINK_IMG402_URL: img402.url,
  };
  imgpro.uploads.length = 0;
  imgpro.requests.length = 0;
  img402.uploads.length = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const shotlink = (...args: string[]) => runCli(args, { env, cwd: dir });
const posts = (path: string) =>
  imgpro.requests.filter((request) => request.method === 'POST' && request.path === path);
const OFFER = /shotlink: img\.pro: Get a free API key for permanent storage: http:\/\/127\.0\.0\.1:\d+\/keys/;

describe('shotlink upload <link>', { timeout: 180_000 }, () => {
  it('img.pro imports the link itself (through a redirect); the offer in its answer is told once', async () => {
    const link = `${remote.url}/redirect/shot.png`;
    const first = await shotlink('upload', link, '-p', 'imgpro', '--json', '--no-copy');
    expect(first.code, first.stderr).toBe(0);
    expect(posts('/v1/import')).toHaveLength(1);
    expect(posts('/v1/upload')).toHaveLength(0); // nothing downloaded and sent by Shotlink
    expect(imgpro.uploads[0]!.importedFrom).toBe(link);
    expect(imgpro.uploads[0]!.bytes.equals(shot)).toBe(true);
    const line = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(line).toMatchObject({
      url: imgpro.uploads[0]!.src,
      viewUrl: imgpro.uploads[0]!.url,
      provider: 'imgpro',
      tier: 'anonymous',
      width: 1600,
      height: 1000,
      sourceUrl: link,
      offer: { message: 'Get a free API key for permanent storage.' },
    });
    expect(first.stderr).toMatch(OFFER);

    const second = await shotlink('upload', `${remote.url}/img/small.png`, '-p', 'imgpro', '--no-copy');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe(`![small.png](${imgpro.uploads[1]!.src})\n`);
    expect(second.stderr).not.toMatch(OFFER);

    const history = await shotlink('history', '--json');
    expect(history.stdout).toContain(link);
  });

  it("says what img.pro's import refused: a web page, a body that never finishes", async () => {
    const page = await shotlink('upload', `${remote.url}/page.png`, '-p', 'imgpro', '--no-copy');
    expect(page.code).toBe(3);
    expect(page.stderr).toMatch(/img\.pro does not accept .*page\.png \(unsupported_format\)/);

    const slow = await shotlink('upload', `${remote.url}/slow.png`, '-p', 'imgpro', '--no-copy');
    expect(slow.code).toBe(4);
    expect(slow.stderr).toMatch(
      /img\.pro could not import .*slow\.png \(fetch_timeout\): "The image took too long to download"/,
    );
    expect(imgpro.uploads).toHaveLength(0);
  });

  it('other hosts get the image downloaded and uploaded like a file', async () => {
    const { code, stdout, stderr } = await shotlink('upload', `${remote.url}/chain/3/small.png`, '--no-copy');
    expect(code, stderr).toBe(0);
    expect(img402.uploads).toHaveLength(1);
    const sent = await sharp(img402.uploads[0]!.bytes).metadata();
    expect([sent.width, sent.height]).toEqual([400, 300]);
    expect(stdout).toMatch(/^!\[small\.png\]\(http:\/\/127\.0\.0\.1:\d+\/\S+\)\n$/);
  });

  it('with --redact, img.pro gets the downloaded, covered image instead of the link', async () => {
    const { code, stderr } = await shotlink(
      'upload',
      `${remote.url}/img/small.png`,
      '-p',
      'imgpro',
      '--redact',
      '--no-copy',
    );
    expect(code, stderr).toBe(0);
    expect(posts('/v1/import')).toHaveLength(0);
    expect(posts('/v1/upload')).toHaveLength(1);
  });

  it('refuses hostile links with a message, uploading nothing', async () => {
    const cases: [string, number, RegExp][] = [
      ['/loop/a', 4, /redirected more than 5 times \(in a loop\)/],
      ['/to-metadata', 3, /169\.254\.169\.254 is a link-local address .* refused/],
      ['/to-private', 3, /10\.0\.0\.1 is a private address/],
      ['/page.png', 3, /is not an image Shotlink can upload/],
      ['/huge-declared.png', 3, /larger than 50 MB/],
    ];
    for (const [path, exit, message] of cases) {
      const result = await shotlink('upload', `${remote.url}${path}`, '--no-copy');
      expect([path, result.code]).toEqual([path, exit]);
      expect(result.stderr).toMatch(message);
    }
    const ftp = await shotlink('upload', 'ftp://127.0.0.1/shot.png');
    expect(ftp.code).toBe(2);
    expect(ftp.stderr).toMatch(/ftp: links cannot be fetched/);
    expect(img402.uploads).toHaveLength(0);
  });
});

describe('img.pro links, tags and namespace', { timeout: 120_000 }, () => {
  it('--size and --convert link the CDN variant, which serves that size and format', async () => {
    await writeFile(join(dir, 'shot.png'), shot);
    const { code, stdout, stderr } = await shotlink(
      'upload',
      'shot.png',
      '-p',
      'imgpro',
      '--size',
      'm',
      '--convert',
      'webp',
      '-f',
      'url',
      '--no-copy',
    );
    expect(code, stderr).toBe(0);
    const link = stdout.trim();
    expect(link).toBe(`${imgpro.uploads[0]!.src.replace(/\.\w+$/, '.webp')}?size=m`);
    const served = await sharp(Buffer.from(await (await fetch(link)).arrayBuffer())).metadata();
    expect([served.format, Math.min(served.width, served.height)]).toEqual(['webp', 640]);
  });

  it('--size is refused for a host without variants, --tag without an img.pro key', async () => {
    await writeFile(join(dir, 'shot.png'), shot);
    const size = await shotlink('upload', 'shot.png', '--size', 's');
    expect(size.code).toBe(2);
    expect(size.stderr).toMatch(/img402\.dev serves none \(img\.pro does\)/);
    const tag = await shotlink('upload', 'shot.png', '-p', 'imgpro', '--tag', 'bug');
    expect(tag.code).toBe(2);
    expect(tag.stderr).toMatch(/--tag and --namespace are sent with img\.pro API-key uploads only/);
    expect(imgpro.uploads).toHaveLength(0);
  });

  it('--tag and --namespace go with this upload, over the settings', async () => {
    await writeFile(join(dir, 'shot.png'), shot);
    imgpro.acceptKey('img_live_tags_test');
    env.SHOTLINK_IMGPRO_KEY = 'img_live_tags_test';
    await shotlink('config', 'set', 'imgpro.tags', 'from-settings');
    const { code, stderr } = await shotlink(
      'upload',
      'shot.png',
      '-p',
      'imgpro',
      '-t',
      'key',
      '--tag',
      'bug',
      '--tag',
      'login',
      '--namespace',
      'team-a',
      '--no-copy',
    );
    expect(code, stderr).toBe(0);
    expect(imgpro.uploads[0]).toMatchObject({
      tags: 'bug,login',
      namespace: 'team-a',
      key: 'img_live_tags_test',
    });
    expect(stderr).not.toMatch(OFFER); // key uploads carry no offer
    const plain = await shotlink('upload', 'shot.png', '-p', 'imgpro', '-t', 'key', '--no-copy');
    expect(plain.code).toBe(0);
    expect(imgpro.uploads[1]!.tags).toBe('from-settings');
  });
});

describe('shotlink imgpro key', { timeout: 120_000 }, () => {
  it.skipIf(process.env.SHOTLINK_KEYRING_AVAILABLE !== '1')(
    'asks for a key, keeps it in the keychain for img.pro, never shows it, and uploads with it',
    async () => {
      const service = `Shotlink-test-${randomUUID()}`;
      const store = createKeytarStore(service);
      onTestFinished(async () => {
        await store.delete('imgpro-api-key');
        await store.delete('imgpro-api-key@origin');
      });
      env = {
        ...env,
        SHOTLINK_KEYCHAIN_SERVICE: service,
        DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
        XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR,
      };
      const made = await shotlink('imgpro', 'key', '--email', 'dev@example.org');
      expect(made.code, made.stderr).toBe(0);
      const key = imgpro.createdKeys.at(-1)!;
      expect(key.email).toBe('dev@example.org');
      expect(await store.get('imgpro-api-key')).toBe(key.key);
      expect(await store.get('imgpro-api-key@origin')).toBe(new URL(imgpro.url).origin);
      expect(made.stdout).toMatch(
        /Stored a new img\.pro API key \(key_\w+\) in the OS keychain; it is not shown/,
      );
      expect(made.stdout).toMatch(
        /verified keys keep uploads permanently\. Until then the key allows 100 uploads, 5 GB of storage, images kept 30 days/,
      );
      expect(made.stdout + made.stderr).not.toContain(key.key);

      // The host's refusals follow its action objects, as uploads' do; the stored key stays.
      imgpro.failNext(
        {
          status: 429,
          body: imgpro.errorBody('rate_limited', 'Too many keys.', { type: 'wait', seconds: 90 }),
        },
        { path: '/v1/keys' },
      );
      const limited = await shotlink('imgpro', 'key', '--email', 'dev@example.org');
      expect(limited.code).toBe(4);
      expect(limited.stderr).toMatch(
        /img\.pro is limiting key requests \(rate_limited\): "Too many keys"\. Try again in 2 minutes\./,
      );
      imgpro.failNext(
        {
          status: 403,
          body: imgpro.errorBody('quota_exceeded', 'Verify first.', {
            type: 'verify',
            url: `${imgpro.url}/verify`,
            label: 'Verify email',
          }),
        },
        { path: '/v1/keys' },
      );
      const verify = await shotlink('imgpro', 'key', '--email', 'dev@example.org');
      expect(verify.code).toBe(4);
      expect(verify.stderr).toContain(`Open ${imgpro.url}/verify (Verify email) to verify your email.`);
      expect(await store.get('imgpro-api-key')).toBe(key.key);

      await writeFile(join(dir, 'shot.png'), shot);
      const upload = await shotlink('upload', 'shot.png', '-p', 'imgpro', '-t', 'key', '--no-copy');
      expect(upload.code, upload.stderr).toBe(0);
      expect(imgpro.uploads.at(-1)!.key).toBe(key.key);
      // Not in any file of the data folder.
      for (const name of await readdir(join(dir, 'data'), { recursive: true })) {
        const text = await readFile(join(dir, 'data', name)).catch(() => Buffer.alloc(0));
        expect(text.includes(key.key)).toBe(false);
      }
    },
  );

  it("asks nothing when the key could not be kept, or the email is wrong; follows the host's wait", async () => {
    const before = imgpro.createdKeys.length;
    // No Secret Service on this bus: the key would be shown once and lost.
    const noKeychain = await shotlink('imgpro', 'key', '--email', 'dev@example.org');
    expect(noKeychain.code).toBe(2);
    expect(noKeychain.stderr).toMatch(/shows a new key only once .* nothing was requested/);
    const shadowed = await runCli(['imgpro', 'key', '--email', 'dev@example.org'], {
      env: { ...env, SHOTLINK_IMGPRO_KEY: 'img_live_env' },
      cwd: dir,
    });
    expect(shadowed.code).toBe(2);
    expect(shadowed.stderr).toMatch(/comes from SHOTLINK_IMGPRO_KEY/);
    const bad = await shotlink('imgpro', 'key', '--email', 'not-an-address');
    expect(bad.code).toBe(2);
    expect(imgpro.createdKeys.length).toBe(before);
    expect(posts('/v1/keys')).toHaveLength(0);
  });
});
