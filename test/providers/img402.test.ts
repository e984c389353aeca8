// img402.dev over real loopback HTTP against the fake host (test/support/fake-img402.ts).
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createImg402Provider } from '../../src-main/core/providers/img402.ts';
import type { Provider } from '../../src-main/core/providers/provider.ts';
import { startFakeImg402, type FakeImg402 } from '../support/fake-img402.ts';
import {
  closedPortUrl,
  startHttpServer,
  startSilentServer,
  type LoopbackServer,
} from '../support/http-server.ts';
import { failure, makePng, pngInput, tier } from './images.ts';

const FREE = tier('img402', 'free');
const ONE_YEAR = tier('img402', '1y');
const PERMANENT = tier('img402', 'permanent');
const DAY_MS = 86_400_000;

let host: FakeImg402;
let provider: Provider;
let png: Buffer;
const extraServers: LoopbackServer[] = [];

beforeEach(async () => {
  host = await startFakeImg402();
  provider = createImg402Provider({ baseUrl: host.url, timeoutMs: 5_000 });
  png = await makePng();
});

afterEach(async () => {
  await host.close();
  await Promise.all(extraServers.splice(0).map((server) => server.close()));
});

async function fetchBytes(url: string): Promise<{ bytes: Buffer; type: string | null }> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return { bytes: Buffer.from(await response.arrayBuffer()), type: response.headers.get('content-type') };
}

describe('img402 free tier', () => {
  it('uploads the image as multipart "image" and returns a link that serves the same bytes', async () => {
    const before = Date.now();
    const outcome = await provider.upload(pngInput(png, FREE));

    expect(host.uploads).toHaveLength(1);
    const [upload] = host.uploads;
    expect(upload).toMatchObject({
      tier: 'free',
      via: 'multipart',
      fileName: 'shot.png',
      contentType: 'image/png',
    });
    expect(host.requests[0]).toMatchObject({ method: 'POST', path: '/api/free' });
    expect(outcome.hostId).toBe(upload!.id);
    expect(outcome.url).toBe(upload!.url);
    const served = await fetchBytes(outcome.url);
    expect(served.bytes.equals(png)).toBe(true);
    expect(served.type).toBe('image/png');
    // Seven days of retention, as the host reports it.
    const expires = Date.parse(outcome.expiresAt!);
    expect(expires - before).toBeGreaterThan(6.9 * DAY_MS);
    expect(expires - before).toBeLessThan(7.1 * DAY_MS);
  });

  it('accepts a base URL with a trailing slash', async () => {
    const slashed = createImg402Provider({ baseUrl: `${host.url}//`, timeoutMs: 5_000 });
    await slashed.upload(pngInput(png, FREE));
    expect(host.requests[0]!.path).toBe('/api/free');
  });

  it('refuses an empty file with empty_file, as an input error', async () => {
    const error = await failure(provider.upload(pngInput(new Uint8Array(), FREE)));
    expect(error).toMatchObject({ kind: 'input', hostCode: 'empty_file', retryable: false });
    expect(error.message).toMatch(/shot\.png is empty \(empty_file\)/);
  });

  it('refuses a file over 1 MB with file_too_large, naming the limit and the alternatives', async () => {
    const big = Buffer.concat([png, randomBytes(1024 * 1024)]);
    const error = await failure(provider.upload(pngInput(big, FREE)));
    expect(error).toMatchObject({ kind: 'input', code: 'file_too_large', retryable: false });
    expect(error.message).toContain('takes up to 1 MB');
    expect(error.message).toContain('--provider imgpro');
    expect(host.uploads).toHaveLength(0);
  });

  it('refuses bytes that are not an image with unsupported_format', async () => {
    const text = new TextEncoder().encode('hello, this is not an image');
    const error = await failure(provider.upload(pngInput(text, FREE)));
    expect(error).toMatchObject({ kind: 'input', hostCode: 'unsupported_format', retryable: false });
    expect(error.message).toMatch(/PNG, JPEG, GIF and WebP.*outputFormat/);
  });

  it('explains no_file (the host saw no image part)', async () => {
    host.failNext({ status: 400, body: { error: 'no_file', message: 'No file provided' } });
    const error = await failure(provider.upload(pngInput(png, FREE)));
    expect(error).toMatchObject({ kind: 'input', hostCode: 'no_file', retryable: false });
    expect(error.message).toContain('received no image');
  });

  it('explains the service-wide daily limit and suggests a paid tier or img.pro', async () => {
    host.setFreeUploadsLeft(1);
    await provider.upload(pngInput(png, FREE));
    const error = await failure(provider.upload(pngInput(png, FREE)));
    expect(error).toMatchObject({ kind: 'host', code: 'daily_limit', retryable: true });
    expect(error.message).toMatch(/about 1,000 uploads a day shared by everyone/);
    expect(error.message).toContain('--tier 1y');
    expect(error.message).toContain('--provider imgpro');
    // No Retry-After: the estimate is the next UTC midnight, at most a day away.
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(86_400);
  });

  it('takes the daily limit wait from Retry-After when the host sends one', async () => {
    host.failNext({ status: 429, body: { error: 'daily_limit' }, headers: { 'retry-after': '120' } });
    const error = await failure(provider.upload(pngInput(png, FREE)));
    expect(error).toMatchObject({ code: 'daily_limit', retryAfterSeconds: 120 });
    expect(error.message).toContain('Try again in 2 minutes');
  });

  it('marks upload_failed (500) as safe to retry', async () => {
    host.failNext({ status: 500, body: { error: 'upload_failed' } });
    const error = await failure(provider.upload(pngInput(png, FREE)));
    expect(error).toMatchObject({ kind: 'host', hostCode: 'upload_failed', retryable: true });
    expect(error.message).toContain('safe to retry');
  });

  it('sends the free upload to /api/free even when tokens exist', async () => {
    host.acceptToken('unused-token');
    await provider.upload(pngInput(png, FREE, { paidToken: 'unused-token' }));
    expect(host.uploads[0]!.tier).toBe('free');
    expect(host.unusedTokens).toEqual(['unused-token']);
  });

  it('(fake host) also takes the documented JSON body {"file": base64}', async () => {
    const response = await fetch(`${host.url}/api/free`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ file: png.toString('base64') }),
    });
    expect(response.status).toBe(200);
    const { url } = (await response.json()) as { url: string };
    expect(host.uploads[0]!.via).toBe('json');
    expect((await fetchBytes(url)).bytes.equals(png)).toBe(true);
  });

  it('refuses a tier img402 does not have, before any request', async () => {
    const error = await failure(provider.upload(pngInput(png, { ...FREE, id: 'gold' })));
    expect(error).toMatchObject({ kind: 'usage' });
    expect(host.requests).toHaveLength(0);
  });
});

describe('img402 paid tiers', () => {
  it('uploads a 1-year image with the X-Upload-Token header, up to 5 MB', async () => {
    host.acceptToken('tok-1y', '1y');
    const big = Buffer.concat([png, randomBytes(2 * 1024 * 1024)]);
    const before = Date.now();
    const outcome = await provider.upload(pngInput(big, ONE_YEAR, { paidToken: 'tok-1y' }));
    expect(host.requests[0]).toMatchObject({ path: '/api/upload' });
    expect(host.requests[0]!.headers['x-upload-token']).toBe('tok-1y');
    expect(host.uploads[0]).toMatchObject({ tier: '1y', token: 'tok-1y' });
    expect((await fetchBytes(outcome.url)).bytes.equals(big)).toBe(true);
    expect(Date.parse(outcome.expiresAt!) - before).toBeGreaterThan(364 * DAY_MS);
  });

  it('returns expiresAt null for a permanent upload', async () => {
    host.acceptToken('tok-perm', 'permanent');
    const outcome = await provider.upload(pngInput(png, PERMANENT, { paidToken: 'tok-perm' }));
    expect(outcome.expiresAt).toBeNull();
    expect(host.uploads[0]!.tier).toBe('permanent');
  });

  it('refuses a paid upload without a token, without contacting the host', async () => {
    const error = await failure(provider.upload(pngInput(png, ONE_YEAR)));
    expect(error).toMatchObject({ kind: 'payment', code: 'token_missing' });
    expect(host.requests).toHaveLength(0);
  });

  it('reports a used or unknown token as token_rejected, so payments can decide', async () => {
    host.acceptToken('once');
    await provider.upload(pngInput(png, ONE_YEAR, { paidToken: 'once' }));
    const reused = await failure(provider.upload(pngInput(png, ONE_YEAR, { paidToken: 'once' })));
    expect(reused).toMatchObject({ kind: 'payment', code: 'token_rejected', retryable: false });
    expect(reused.message).toMatch(/HTTP 401: "Upload token is invalid, expired or used"\).*10 minutes/);
    const unknown = await failure(provider.upload(pngInput(png, PERMANENT, { paidToken: 'never-sold' })));
    expect(unknown.code).toBe('token_rejected');
    host.failNext({ status: 403, body: { error: 'forbidden' } });
    expect((await failure(provider.upload(pngInput(png, ONE_YEAR, { paidToken: 'x' })))).code).toBe(
      'token_rejected',
    );
  });

  it('refuses a paid image over 5 MB', async () => {
    host.acceptToken('tok');
    const huge = Buffer.concat([png, randomBytes(5 * 1024 * 1024)]);
    const error = await failure(provider.upload(pngInput(huge, ONE_YEAR, { paidToken: 'tok' })));
    expect(error).toMatchObject({ kind: 'input', code: 'file_too_large' });
    expect(error.message).toContain('up to 5 MB');
    // The token was not spent on a refused upload.
    expect(host.unusedTokens).toEqual(['tok']);
  });
});

describe('img402 when the host or the network misbehaves', () => {
  it('says an HTML page came back instead of JSON (captive portal)', async () => {
    host.failNext('html-200');
    const error = await failure(provider.upload(pngInput(png, FREE)));
    expect(error).toMatchObject({ kind: 'host', code: 'html_response', retryable: true });
    expect(error.message).toContain('answered with an HTML page instead of JSON');
    expect(error.message).toContain('captive portal');
  });

  it('treats a 502 HTML error page as a temporary server error', async () => {
    host.failNext('html');
    const error = await failure(provider.upload(pngInput(png, FREE)));
    expect(error).toMatchObject({ kind: 'host', hostCode: 'http_502', retryable: true });
    expect(error.message).toMatch(/server error \(HTTP 502\) and sent an HTML error page/);
  });

  it('treats any 5xx as retryable', async () => {
    host.failNext({ status: 503, body: 'Service Unavailable', headers: { 'retry-after': '30' } });
    const error = await failure(provider.upload(pngInput(png, FREE)));
    expect(error).toMatchObject({
      kind: 'host',
      hostCode: 'http_503',
      retryable: true,
      retryAfterSeconds: 30,
    });
  });

  it('reports malformed JSON', async () => {
    host.failNext('malformed-json');
    const error = await failure(provider.upload(pngInput(png, FREE)));
    expect(error).toMatchObject({ kind: 'host', code: 'bad_response' });
    expect(error.message).toContain('not JSON');
  });

  it('reports JSON of the wrong shape as an unexpected answer naming the field', async () => {
    host.failNext({
      status: 200,
      body: { url: 'not a url', id: 'x', contentType: 'image/png', sizeBytes: 1 },
    });
    const error = await failure(provider.upload(pngInput(png, FREE)));
    expect(error).toMatchObject({ kind: 'host', code: 'unexpected_response', retryable: false });
    expect(error.message).toMatch(/unexpected answer \(url: .*expiresAt/);
  });

  it('reports an unknown error code with what the host said', async () => {
    host.failNext({ status: 418, body: { error: 'teapot', message: 'I am a teapot.' } });
    const error = await failure(provider.upload(pngInput(png, FREE)));
    expect(error).toMatchObject({ kind: 'host', hostCode: 'http_418', retryable: false });
    expect(error.message).toBe('img402.dev refused the upload (HTTP 418): "I am a teapot".');
  });

  it('points at the address setting when the endpoint does not exist', async () => {
    const wrong = createImg402Provider({ baseUrl: `${host.url}/nothing-here`, timeoutMs: 5_000 });
    const error = await failure(wrong.upload(pngInput(png, FREE)));
    expect(error).toMatchObject({ kind: 'host', hostCode: 'http_404' });
    expect(error.message).toContain('hosts.img402Url');
  });

  it('times out on a host that never answers, naming the seconds and the setting', async () => {
    const silent = await startSilentServer();
    extraServers.push(silent);
    const slow = createImg402Provider({ baseUrl: silent.url, timeoutMs: 250 });
    const error = await failure(slow.upload(pngInput(png, FREE)));
    expect(error).toMatchObject({ kind: 'host', code: 'timeout', retryable: true });
    expect(error.message).toContain('did not answer within 0.3 seconds');
    expect(error.message).toContain('requestTimeoutSeconds');
  });

  it('times out when the fake host hangs mid-exchange', async () => {
    host.failNext('hang');
    const slow = createImg402Provider({ baseUrl: host.url, timeoutMs: 200 });
    expect((await failure(slow.upload(pngInput(png, FREE)))).code).toBe('timeout');
  });

  it('says it could not reach the host when the connection is refused', async () => {
    const nowhere = await closedPortUrl();
    const down = createImg402Provider({ baseUrl: nowhere, timeoutMs: 5_000 });
    const error = await failure(down.upload(pngInput(png, FREE)));
    expect(error).toMatchObject({ kind: 'host', code: 'unreachable', retryable: true });
    expect(error.message).toBe(
      `Could not reach img402.dev at ${nowhere}/api/free: the connection was refused. Is the network up? ` +
        `If the address is wrong, change the setting hosts.img402Url.`,
    );
  });

  it('treats a connection reset as a retryable network failure', async () => {
    host.failNext('reset');
    const error = await failure(provider.upload(pngInput(png, FREE)));
    expect(error).toMatchObject({ kind: 'host', code: 'unreachable', retryable: true });
    expect(error.message).toContain('connection was cut off');
  });

  it('stops when the caller cancels', async () => {
    host.failNext('hang');
    const controller = new AbortController();
    const upload = provider.upload(pngInput(png, FREE, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const error = await failure(upload);
    expect(error).toMatchObject({ code: 'cancelled', retryable: false });
  });

  it('refuses an endless answer instead of reading it all', async () => {
    const flood = await startHttpServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"padding":"${'x'.repeat(2 * 1024 * 1024)}"}`);
    });
    extraServers.push(flood);
    const flooded = createImg402Provider({ baseUrl: flood.url, timeoutMs: 5_000 });
    expect((await failure(flooded.upload(pngInput(png, FREE)))).code).toBe('response_too_large');
  });
});
