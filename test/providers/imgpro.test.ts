// img.pro over real loopback HTTP against the fake host (test/support/fake-imgpro.ts), in both error shapes.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createImgproProvider, readImgproError } from '../../src-main/core/providers/imgpro.ts';
import { startFakeImgpro, type FakeImgpro, type ImgproErrorShape } from '../support/fake-imgpro.ts';
import { failure, makePng, pngInput, tier } from './images.ts';

const ANONYMOUS = tier('imgpro', 'anonymous');
const KEY = tier('imgpro', 'key');
const DAY_MS = 86_400_000;

let host: FakeImgpro;
let png: Buffer;

beforeEach(async () => {
  host = await startFakeImgpro();
  png = await makePng(64, 32);
});

afterEach(() => host.close());

const anonymous = () => createImgproProvider({ baseUrl: host.url, timeoutMs: 5_000 });
const keyed = (apiKey = 'img_live_good', extra: { tags?: string; namespace?: string } = {}) =>
  createImgproProvider({ baseUrl: `${host.url}/`, timeoutMs: 5_000, apiKey, ...extra });

describe('img.pro uploads', () => {
  it('uploads anonymously as multipart "file": the link is src, the viewer page is url', async () => {
    const before = Date.now();
    const outcome = await anonymous().upload(pngInput(png, ANONYMOUS));

    const [upload] = host.uploads;
    expect(upload).toMatchObject({ key: undefined, width: 64, height: 32, fileName: 'shot.png' });
    expect(host.requests[0]!.headers.authorization).toBeUndefined();
    expect(outcome).toMatchObject({ url: upload!.src, viewUrl: upload!.url, hostId: upload!.id });
    const image = await fetch(outcome.url);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);
    expect(await (await fetch(outcome.viewUrl!)).text()).toContain(outcome.url);
    expect(outcome.thumbnailUrl).toBe(`${outcome.url}?size=s`);
    // Anonymous uploads last 30 days; expires_at (unix seconds) becomes an ISO time.
    const expires = Date.parse(outcome.expiresAt!);
    expect(expires - before).toBeGreaterThan(29.9 * DAY_MS);
    expect(expires - before).toBeLessThan(30.1 * DAY_MS);
  });

  it('sends the API key as a bearer token with tags and namespace; a verified key is permanent', async () => {
    host.acceptKey('img_live_good', { verified: true });
    const outcome = await keyed('img_live_good', { tags: 'shots,work', namespace: 'team' }).upload(
      pngInput(png, KEY),
    );
    expect(host.requests[0]!.headers.authorization).toBe('Bearer img_live_good');
    expect(host.requests[0]!.path).toBe('/v1/upload');
    expect(host.uploads[0]).toMatchObject({ key: 'img_live_good', tags: 'shots,work', namespace: 'team' });
    expect(outcome.expiresAt).toBeNull();
  });

  it('leaves out empty tags and namespace', async () => {
    host.acceptKey('img_live_good');
    await keyed('img_live_good', { tags: '', namespace: '' }).upload(pngInput(png, KEY));
    expect(host.uploads[0]).toMatchObject({ tags: undefined, namespace: undefined });
  });

  it('uses a key created through /v1/keys (unverified: still expires)', async () => {
    const created = (await (
      await fetch(`${host.url}/v1/keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'me@example.org' }),
      })
    ).json()) as { key: string; verified: boolean };
    expect(created.verified).toBe(false);
    const outcome = await keyed(created.key).upload(pngInput(png, KEY));
    expect(typeof outcome.expiresAt).toBe('string');
  });

  it('refuses an image over 20 MB as an input error', async () => {
    const huge = Buffer.concat([png, randomBytes(20 * 1024 * 1024)]);
    const error = await failure(anonymous().upload(pngInput(huge, ANONYMOUS)));
    expect(error).toMatchObject({ kind: 'input', code: 'file_too_large', retryable: false });
    expect(error.message).toContain('up to 20 MB');
  });

  it('refuses bytes that are not an image as an input error', async () => {
    const error = await failure(anonymous().upload(pngInput(new TextEncoder().encode('<svg/>'), ANONYMOUS)));
    expect(error).toMatchObject({ kind: 'input', hostCode: 'unsupported_format' });
    expect(error.message).toContain('PNG, JPEG, GIF and WebP');
  });
});

describe.each<ImgproErrorShape>(['flat', 'nested'])('img.pro errors, %s shape', (shape) => {
  beforeEach(() => host.setErrorShape(shape));

  it('turns the anonymous hourly limit (action wait) into a retry after the seconds given', async () => {
    host.setAnonymousUploadsLeft(0);
    const error = await failure(anonymous().upload(pngInput(png, ANONYMOUS)));
    expect(error).toMatchObject({ kind: 'host', code: 'rate_limited', retryable: true });
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect(error.message).toContain('20 an hour per IP address');
    expect(error.message).toContain('--tier key');
  });

  it('reads the exact wait from action.seconds / action.retry_after', async () => {
    host.failNext({
      status: 429,
      body: host.errorBody('rate_limited', 'Too many uploads.', { type: 'wait', seconds: 42 }),
    });
    const error = await failure(anonymous().upload(pngInput(png, ANONYMOUS)));
    expect(error).toMatchObject({ retryable: true, retryAfterSeconds: 42 });
    expect(error.message).toBe(
      'img.pro is limiting uploads (rate_limited): "Too many uploads". Try again in 42 seconds. ' +
        'Anonymous uploads are limited to 20 an hour per IP address; an API key (--tier key) raises the limit.',
    );
  });

  it('refuses an invalid API key, saying how to fix it', async () => {
    const error = await failure(keyed('img_live_wrong').upload(pngInput(png, KEY)));
    expect(error).toMatchObject({ kind: 'host', hostCode: 'invalid_key', retryable: false });
    expect(error.message).toContain('refused the API key');
    expect(error.message).toContain('shotlink config set-secret imgpro-api-key');
    expect(error.actionUrl).toBe(`${host.url}/keys`);
  });

  it('shows the upgrade link when a verified key has used its quota', async () => {
    host.acceptKey('img_live_full', { verified: true, uploads: 0 });
    const error = await failure(keyed('img_live_full').upload(pngInput(png, KEY)));
    expect(error).toMatchObject({ kind: 'host', hostCode: 'quota_exceeded', retryable: false });
    expect(error.actionUrl).toBe(`${host.url}/upgrade`);
    expect(error.message).toContain(`Open ${host.url}/upgrade (Upgrade plan) to upgrade your plan.`);
  });

  it('shows the verify link when an unverified key has used its quota', async () => {
    host.acceptKey('img_live_new', { verified: false, uploads: 1 });
    await keyed('img_live_new').upload(pngInput(png, KEY));
    const error = await failure(keyed('img_live_new').upload(pngInput(png, KEY)));
    expect(error).toMatchObject({ hostCode: 'quota_exceeded', actionUrl: `${host.url}/verify` });
    expect(error.message).toContain('to verify your email');
  });

  it('shows the link of an action on an error code it does not know', async () => {
    host.failNext({
      status: 402,
      body: host.errorBody('plan_required', 'This needs a plan.', {
        type: 'upgrade',
        url: 'https://img.pro/pricing',
      }),
    });
    const error = await failure(anonymous().upload(pngInput(png, ANONYMOUS)));
    expect(error).toMatchObject({
      kind: 'host',
      hostCode: 'plan_required',
      actionUrl: 'https://img.pro/pricing',
    });
    expect(error.message).toContain('Open https://img.pro/pricing to upgrade your plan.');
  });

  it('treats a server error as retryable', async () => {
    host.failNext({ status: 500, body: host.errorBody('internal_error', 'Something broke.') });
    const error = await failure(anonymous().upload(pngInput(png, ANONYMOUS)));
    expect(error).toMatchObject({ kind: 'host', hostCode: 'http_500', retryable: true });
    expect(error.message).toContain('"Something broke"');
  });
});

describe('img.pro when the host misbehaves', () => {
  it('takes the wait from Retry-After on a bare 429', async () => {
    host.failNext({ status: 429, body: 'slow down', headers: { 'retry-after': '7' } });
    const error = await failure(anonymous().upload(pngInput(png, ANONYMOUS)));
    expect(error).toMatchObject({ retryable: true, retryAfterSeconds: 7 });
  });

  it('says an HTML page came back instead of JSON', async () => {
    host.failNext('html-200');
    const error = await failure(anonymous().upload(pngInput(png, ANONYMOUS)));
    expect(error).toMatchObject({ code: 'html_response' });
    expect(error.message).toMatch(/^img\.pro answered with an HTML page instead of JSON/);
  });

  it('reports an answer without src as unexpected', async () => {
    host.failNext({ status: 201, body: { id: 'abc', url: `${host.url}/v/abc`, expires_at: null } });
    const error = await failure(anonymous().upload(pngInput(png, ANONYMOUS)));
    expect(error).toMatchObject({ code: 'unexpected_response' });
    expect(error.message).toContain('src:');
  });
});

describe('readImgproError', () => {
  it('reads both generations of the error body', () => {
    expect(
      readImgproError({ error: 'rate_limited', message: 'm', action: { type: 'wait', seconds: 5 } }),
    ).toEqual({
      code: 'rate_limited',
      message: 'm',
      action: { type: 'wait', seconds: 5 },
    });
    expect(
      readImgproError({
        error: { type: 'rate_limit_error', code: 'rate_limited', action: { type: 'wait', retry_after: 5 } },
      }),
    ).toEqual({ code: 'rate_limited', message: undefined, action: { type: 'wait', retry_after: 5 } });
    expect(readImgproError('<html>')).toBeUndefined();
  });
});
