// Downloading an image the user gave by URL (images/download.ts) from a hostile remote server on
// 127.0.0.1: redirects bounded and never into another network, bodies capped while they arrive,
// web pages refused by their bytes, a stalled body cut off by the time limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { classifyAddress, downloadImage, MAX_REDIRECTS } from '../../src-main/core/images/download.ts';
import { looksLikeUrl } from '../../src-main/core/images/image-url.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { screenshotPng } from '../cli/fixtures.ts';
import { startHostileRemote, type HostileRemote } from '../support/hostile-remote.ts';

let remote: HostileRemote;
let shot: Buffer;
beforeAll(async () => {
  shot = await screenshotPng(640, 400);
  remote = await startHostileRemote({ 'shot.png': shot, 'Screen Shot 1.png': shot });
});
afterAll(() => remote.close());

const options = { maxInputPixels: 100_000_000, timeoutMs: 5_000 };
const refusal = async (url: string, extra: Partial<typeof options & { maxBytes: number }> = {}) => {
  const error = await downloadImage(url, { ...options, ...extra }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ShotlinkError);
  return error as ShotlinkError;
};

describe('downloading an image by URL', { timeout: 30_000 }, () => {
  it('fetches the image, named after the link, through a redirect and through localhost', async () => {
    const direct = await downloadImage(`${remote.url}/img/shot.png`, options);
    expect(Buffer.from(direct.bytes).equals(shot)).toBe(true);
    expect(direct.fileName).toBe('shot.png');

    const redirected = await downloadImage(`${remote.url}/redirect/Screen%20Shot%201.png`, options);
    expect(redirected.fileName).toBe('Screen Shot 1.png');
    expect(redirected.finalUrl).toBe(`${remote.url}/img/Screen%20Shot%201.png`);

    // A name, not an address: resolved through the guarded lookup.
    const byName = await downloadImage(
      `${remote.url.replace('127.0.0.1', 'localhost')}/img/shot.png`,
      options,
    );
    expect(byName.bytes.length).toBe(shot.length);
  });

  it(`follows up to ${MAX_REDIRECTS} redirects, refuses more, and says when they loop`, async () => {
    await expect(
      downloadImage(`${remote.url}/chain/${MAX_REDIRECTS}/shot.png`, options),
    ).resolves.toBeTruthy();
    const tooMany = await refusal(`${remote.url}/chain/${MAX_REDIRECTS + 1}/shot.png`);
    expect(tooMany.kind).toBe('host');
    expect(tooMany.message).toMatch(/redirected more than 5 times; nothing was downloaded/);

    const before = remote.hits.length;
    const loop = await refusal(`${remote.url}/loop/a`);
    expect(loop.message).toMatch(/in a loop/);
    expect(remote.hits.length - before).toBe(MAX_REDIRECTS + 1); // bounded, not endless
  });

  it('never follows a redirect into a private or link-local network, or out of http(s)', async () => {
    for (const path of ['/to-private', '/to-metadata', '/to-lan-name']) {
      const error = await refusal(`${remote.url}${path}`);
      expect(error.kind).toBe('input');
      expect(error.message).toMatch(/is a (private|link-local) address .* a redirect to it was refused/);
    }
    const file = await refusal(`${remote.url}/to-file`);
    expect(file.message).toMatch(/redirected to a file: link, which Shotlink does not follow/);
  });

  it('takes only http(s) links, without credentials in them', async () => {
    expect((await refusal('ftp://127.0.0.1/shot.png')).kind).toBe('usage');
    expect((await refusal('file:///etc/passwd')).message).toMatch(/file: links cannot be fetched/);
    expect((await refusal(`http://user:pw@127.0.0.1/x.png`)).message).toMatch(/user name or password/);
    expect(looksLikeUrl('https://example.org/a.png')).toBe(true);
    expect(looksLikeUrl('shot.png')).toBe(false);
    expect(looksLikeUrl('C:\\shots\\a.png')).toBe(false);
  });

  it('refuses bodies larger than the limit, declared or streamed, without reading them', async () => {
    const declared = await refusal(`${remote.url}/huge-declared.png`);
    expect(declared.kind).toBe('input');
    expect(declared.message).toMatch(/larger than 50 MB/);

    const rss = process.memoryUsage().rss;
    const endless = await refusal(`${remote.url}/endless.png`, { maxBytes: 4 * 1024 * 1024 });
    expect(endless.message).toMatch(/larger than 4 MB: too large to be an image to re-host/);
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses a web page served as an image by its bytes, and a missing image by its status', async () => {
    const page = await refusal(`${remote.url}/page.png`);
    expect(page.kind).toBe('input');
    expect(page.message).toMatch(/is not an image Shotlink can upload: it looks like .*\(image\/png\)/);

    const gone = await refusal(`${remote.url}/gone.png`);
    expect([gone.kind, gone.message]).toEqual([
      'host',
      expect.stringMatching(/answered 404 Not Found: the image may have moved/),
    ]);
  });

  it('cuts off a body that stalls, at the time limit', async () => {
    const slow = await refusal(`${remote.url}/slow.png`, { timeoutMs: 800 });
    expect([slow.kind, slow.code]).toEqual(['host', 'timeout']);
    expect(slow.message).toMatch(/did not deliver the image within 1 s/);
  });

  it('refuses an image above the pixel limit, as a file is', async () => {
    const error = await refusal(`${remote.url}/img/shot.png`, { maxInputPixels: 1000 });
    expect(error.code).toBe('too_many_pixels');
    expect((await sharp(shot).metadata()).width).toBe(640);
  });

  it('classes addresses as an SSRF guard must', () => {
    expect(
      Object.fromEntries(
        [
          '127.0.0.1',
          '::1',
          '10.1.2.3',
          '172.20.0.1',
          '192.168.1.1',
          '100.64.0.1',
          'fd12::1',
          '169.254.169.254',
          'fe80::1',
          '0.0.0.0',
          '::ffff:192.168.0.1',
          '::ffff:127.0.0.1',
          '93.184.216.34',
          '2606:4700::1111',
        ].map((address) => [address, classifyAddress(address)]),
      ),
    ).toEqual({
      '127.0.0.1': 'loopback',
      '::1': 'loopback',
      '10.1.2.3': 'private',
      '172.20.0.1': 'private',
      '192.168.1.1': 'private',
      '100.64.0.1': 'private',
      'fd12::1': 'private',
      '169.254.169.254': 'link-local',
      'fe80::1': 'link-local',
      '0.0.0.0': 'reserved',
      '::ffff:192.168.0.1': 'private',
      '::ffff:127.0.0.1': 'loopback',
      '93.184.216.34': 'public',
      '2606:4700::1111': 'public',
    });
  });
});
