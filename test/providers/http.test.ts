// The shared HTTP layer, against one-off loopback servers: what is sent, and how generic failures read.
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  multipartForm,
  parseRetryAfter,
  requestJson,
  sendHttpRequest,
  type HostTarget,
} from '../../src-main/core/providers/http.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { readBody } from '../support/fake-host.ts';
import { closedPortUrl, startHttpServer, type LoopbackServer } from '../support/http-server.ts';
import { failure } from './images.ts';

const TARGET: HostTarget = { name: 'Example host', addressSetting: 'hosts.exampleUrl' };
const servers: LoopbackServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A server that answers every request with `status`, `body` and headers, recording what it received. */
async function answering(status: number, body: string, headers: Record<string, string> = {}) {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = await startHttpServer(async (req, res) => {
    received.push({ headers: req.headers, body: (await readBody(req)).toString('utf8') });
    res.writeHead(status, headers);
    res.end(body);
  });
  servers.push(server);
  return { url: server.url, received };
}

const ok = z.object({ ok: z.literal(true) });

describe('requestJson', () => {
  it('sends a JSON body with its content type and validates the answer', async () => {
    const server = await answering(200, '{"ok":true}', { 'content-type': 'application/json' });
    const answer = await requestJson({
      target: TARGET,
      url: server.url,
      json: { a: 1 },
      timeoutMs: 5_000,
      schema: ok,
    });
    expect(answer).toEqual({ ok: true });
    expect(server.received[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(server.received[0]!.body)).toEqual({ a: 1 });
  });

  it('recognises an HTML page by its content even when it claims to be JSON', async () => {
    const server = await answering(200, '\n<!doctype html><title>Login to Wi-Fi</title>', {
      'content-type': 'application/json',
    });
    const error = await failure(
      requestJson({ target: TARGET, url: server.url, timeoutMs: 5_000, schema: ok }),
    );
    expect(error).toMatchObject({ code: 'html_response' });
    expect(error.message).toContain('Example host answered with an HTML page instead of JSON');
  });

  it('reads 511 Network Authentication Required as a captive portal', async () => {
    const server = await answering(511, 'login first');
    const error = await failure(
      requestJson({ target: TARGET, url: server.url, timeoutMs: 5_000, schema: ok }),
    );
    expect(error.message).toContain('captive portal');
  });

  it('maps a generic 429 with Retry-After to a retryable rate limit', async () => {
    const server = await answering(429, '{"message":"Too many requests."}', { 'retry-after': '12' });
    const error = await failure(
      requestJson({ target: TARGET, url: server.url, timeoutMs: 5_000, schema: ok }),
    );
    expect(error).toMatchObject({
      kind: 'host',
      code: 'rate_limited',
      retryable: true,
      retryAfterSeconds: 12,
    });
    expect(error.message).toBe(
      'Example host is limiting requests (HTTP 429): "Too many requests". Try again in 12 seconds.',
    );
  });

  it('maps 401 to a credentials hint and 413 to an input error', async () => {
    const denied = await answering(401, '{"error":"unauthorized"}');
    const error = await failure(
      requestJson({ target: TARGET, url: denied.url, timeoutMs: 5_000, schema: ok }),
    );
    expect(error).toMatchObject({ kind: 'host', hostCode: 'http_401', retryable: false });
    expect(error.message).toContain('Check the credentials');
    const tooBig = await answering(413, '');
    expect(
      await failure(requestJson({ target: TARGET, url: tooBig.url, timeoutMs: 5_000, schema: ok })),
    ).toMatchObject({ kind: 'input', code: 'file_too_large' });
  });

  it('lets the caller claim an error before the generic mapping', async () => {
    const server = await answering(400, '{"error":"special"}');
    const error = await failure(
      requestJson({
        target: TARGET,
        url: server.url,
        timeoutMs: 5_000,
        schema: ok,
        mapError: (_response, json) =>
          (json as { error?: string }).error === 'special'
            ? new ShotlinkError('host', 'claimed by the provider', { hostCode: 'claimed' })
            : undefined,
      }),
    );
    expect(error.hostCode).toBe('claimed');
  });

  it('times out when the host stalls halfway through its answer', async () => {
    const stalling = await startHttpServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ok":');
    });
    servers.push(stalling);
    const error = await failure(
      requestJson({ target: TARGET, url: stalling.url, timeoutMs: 200, schema: ok }),
    );
    expect(error).toMatchObject({ kind: 'host', code: 'timeout', retryable: true });
  });

  it('refuses an address that is not an http(s) URL, naming the setting', async () => {
    const error = await failure(sendHttpRequest({ target: TARGET, url: 'ftp://example', timeoutMs: 1_000 }));
    expect(error).toMatchObject({ kind: 'usage', code: 'bad_url' });
    expect(error.message).toContain('hosts.exampleUrl');
  });
});

describe('sendHttpRequest', () => {
  it('follows a 303 after a POST as a GET without the body, and keeps credentials on their own origin', async () => {
    const elsewhere = await answering(200, '{"ok":true}');
    const seen: { method: unknown; authorization: unknown; length: unknown }[] = [];
    const redirecting = await startHttpServer(async (req, res) => {
      await readBody(req);
      seen.push({
        method: req.method,
        authorization: req.headers.authorization,
        length: req.headers['content-length'],
      });
      if (req.url === '/upload') res.writeHead(303, { location: '/done' }).end();
      else res.writeHead(302, { location: `${elsewhere.url}/final` }).end();
    });
    servers.push(redirecting);
    const response = await sendHttpRequest({
      target: TARGET,
      url: `${redirecting.url}/upload`,
      headers: { authorization: 'Bearer secret' },
      body: 'payload',
      timeoutMs: 5_000,
    });
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${elsewhere.url}/final`);
    expect(seen).toEqual([
      { method: 'POST', authorization: 'Bearer secret', length: '7' },
      { method: 'GET', authorization: 'Bearer secret', length: undefined },
    ]);
    // The other origin gets neither the body nor the token.
    expect(elsewhere.received).toEqual([
      { headers: expect.not.objectContaining({ authorization: expect.anything() }), body: '' },
    ]);
  });

  it('returns a redirect as it is when asked to', async () => {
    const server = await answering(302, '', { location: 'http://127.0.0.1:9/elsewhere' });
    const response = await sendHttpRequest({
      target: TARGET,
      url: server.url,
      redirect: 'manual',
      timeoutMs: 5_000,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('http://127.0.0.1:9/elsewhere');
  });

  it('reads the answer a host gives before it has read the whole upload (413)', async () => {
    const refusing = await startHttpServer((_req, res) => {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end('{"error":"file_too_large"}');
    });
    servers.push(refusing);
    const error = await failure(
      requestJson({
        target: TARGET,
        url: refusing.url,
        body: new Uint8Array(8 * 1024 * 1024),
        timeoutMs: 5_000,
        schema: ok,
      }),
    );
    expect(error).toMatchObject({ kind: 'input', code: 'file_too_large' });
  });

  it('reports an answer cut off halfway as a dropped connection, and one over the cap as too large', async () => {
    const cutting = await startHttpServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"ok":', () => res.socket?.destroy());
    });
    const flooding = await startHttpServer((req, res) => {
      req.resume();
      res.end('x'.repeat(2048));
    });
    servers.push(cutting, flooding);
    expect(
      await failure(requestJson({ target: TARGET, url: cutting.url, timeoutMs: 5_000, schema: ok })),
    ).toMatchObject({ kind: 'host', code: 'unreachable', retryable: true });
    expect(
      await failure(
        sendHttpRequest({ target: TARGET, url: flooding.url, maxResponseBytes: 1024, timeoutMs: 5_000 }),
      ),
    ).toMatchObject({ kind: 'host', code: 'response_too_large' });
  });

  it("names a refused connection, and the caller's cancel as a cancel", async () => {
    const refused = await failure(
      sendHttpRequest({ target: TARGET, url: await closedPortUrl(), timeoutMs: 5_000 }),
    );
    expect(refused.message).toContain('the connection was refused');
    const hanging = await startHttpServer(() => {});
    servers.push(hanging);
    const cancel = new AbortController();
    const pending = failure(
      sendHttpRequest({ target: TARGET, url: hanging.url, signal: cancel.signal, timeoutMs: 5_000 }),
    );
    setTimeout(() => cancel.abort(), 50);
    expect(await pending).toMatchObject({ code: 'cancelled' });
  });
});

describe('multipartForm', () => {
  it('sends the file with its name and type and leaves out empty fields', async () => {
    const server = await answering(200, '{"ok":true}');
    const form = multipartForm({
      file: { bytes: new Uint8Array([1, 2, 3]), fileName: 'a.png', contentType: 'image/png' },
      tags: 'x',
      namespace: '',
      other: undefined,
    });
    await sendHttpRequest({ target: TARGET, url: server.url, body: form, timeoutMs: 5_000 });
    const { headers, body } = server.received[0]!;
    const parsed = await new Request('http://x/', {
      method: 'POST',
      headers: { 'content-type': String(headers['content-type']) },
      body,
    }).formData();
    expect([...parsed.keys()]).toEqual(['file', 'tags']);
    const file = parsed.get('file') as File;
    expect(file.name).toBe('a.png');
    expect(file.type).toBe('image/png');
  });

  it('encodes names as browsers do: quotes and line breaks escaped, text line breaks as CRLF', async () => {
    const server = await answering(200, '{"ok":true}');
    const form = multipartForm({
      'a"b': 'one\ntwo',
      file: { bytes: new Uint8Array([0, 255]), fileName: 'x"\ny.png', contentType: 'image/png' },
    });
    await sendHttpRequest({ target: TARGET, url: server.url, body: form, timeoutMs: 5_000 });
    const { headers, body } = server.received[0]!;
    expect(headers['content-length']).toBe(String(Buffer.concat(form.parts).length));
    expect(body).toContain('name="a%22b"\r\n\r\none\r\ntwo\r\n');
    expect(body).toContain('name="file"; filename="x%22%0Ay.png"\r\nContent-Type: image/png\r\n');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
