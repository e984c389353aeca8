// The loopback HTTP bridge: 127.0.0.1 only, its token required, foreign origins refused, the same
// dispatch and events as the preload.
import { request } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { distinctPng } from '../support/test-images.ts';

let t: TestService | undefined;
let rendererDir: string | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  if (rendererDir) await rm(rendererDir, { recursive: true, force: true });
  rendererDir = undefined;
});

const callUrl = (method: string) => `${t!.url}/api/call/${method}`;
const post = (method: string, headers: Record<string, string>, body: unknown = { args: [] }) =>
  fetch(callUrl(method), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const bearer = () => ({ authorization: `Bearer ${t!.token}` });

/** A raw request, to send a Host header fetch would not let us forge. */
function rawGet(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${t!.url}${path}`, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('bridge', () => {
  it('listens on 127.0.0.1 with a long random token', async () => {
    t = await startTestService();
    expect(t.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(t.token.length).toBeGreaterThanOrEqual(40);
    expect(t.pageUrl).toBe(`${t.url}/?token=${t.token}`);
  });

  it('refuses calls, events and the page without the token (401)', async () => {
    t = await startTestService();
    expect((await post('listJobs', {})).status).toBe(401);
    expect((await post('listJobs', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post('listJobs', { authorization: `Bearer ${t.token.slice(0, -1)}` })).status).toBe(401);
    expect((await fetch(`${t.url}/api/events`)).status).toBe(401);
    expect((await fetch(`${t.url}/`)).status).toBe(401);
    const ok = await post('listJobs', bearer());
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, value: [] });
    expect((await fetch(`${t.url}/?token=${t.token}`)).status).toBe(200);
  });

  it('refuses a call with the token in its URL: only the page and the event stream take ?token=', async () => {
    t = await startTestService();
    const inUrl = await fetch(`${callUrl('listJobs')}?token=${t.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ args: [] }),
    });
    expect(inUrl.status).toBe(401);
    expect(await inUrl.text()).toMatch(/Authorization header.*never in the URL/);
    const controller = new AbortController();
    const stream = await fetch(`${t.url}/api/events?token=${t.token}`, { signal: controller.signal });
    expect(stream.status).toBe(200);
    controller.abort();
    expect((await fetch(`${t.url}/?token=${t.token}`)).status).toBe(200);
  });

  it('refuses other origins, cross-site requests and rebound host names even with the token (403)', async () => {
    t = await startTestService();
    expect((await post('listJobs', { ...bearer(), origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('listJobs', { ...bearer(), origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await post('listJobs', { ...bearer(), 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(await rawGet(`/?token=${t.token}`, { host: 'evil.example' })).toBe(403);
    expect((await post('listJobs', { ...bearer(), origin: t.url })).status).toBe(200);
  });

  it('runs the same dispatch: validation errors come back as ApiResponse errors', async () => {
    t = await startTestService();
    expect(await (await post('retryJob', bearer(), { args: [] })).json()).toMatchObject({
      ok: false,
      error: { kind: 'usage', message: expect.stringMatching(/Invalid arguments for retryJob/) },
    });
    expect(await (await post('listJobs', bearer(), 'not an object')).json()).toMatchObject({ ok: false });
    expect(await (await post('nope', bearer())).json()).toMatchObject({
      ok: false,
      error: { kind: 'usage' },
    });
    expect((await fetch(callUrl('listJobs'), { headers: bearer() })).status).toBe(405);
  });

  it('answers an oversized call with a message and closes, without reading it all', async () => {
    t = await startTestService();
    const answer = await new Promise<string>((resolve, reject) => {
      const req = request(`${t!.url}/api/call/uploadBytes`, {
        method: 'POST',
        headers: {
          ...bearer(),
          'content-type': 'application/json',
          'content-length': String(64 * 1024 * 1024),
        },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk) => (body += String(chunk)));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.write('{"args":["a.png","');
    });
    expect(JSON.parse(answer)).toMatchObject({
      ok: false,
      error: { kind: 'usage', message: expect.stringMatching(/larger than 32 MB/) },
    });
  });

  it('streams events over server-sent events as an upload goes through', async () => {
    t = await startTestService();
    const controller = new AbortController();
    const stream = await fetch(`${t.url}/api/events?token=${t.token}`, { signal: controller.signal });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    const file = join(t.home, 'over-the-bridge.png');
    await writeFile(file, await distinctPng(7));
    const response = await t.call('uploadFiles', [file]);
    expect(response.ok).toBe(true);

    let text = '';
    while (!/event: history\n/.test(text) || !/event: job\ndata: .*"state":"done"/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    controller.abort();
    const events = [...text.matchAll(/event: (\S+)\ndata: (.*)\n\n/g)].map(([, name, data]) => ({
      name,
      data: JSON.parse(data!),
    }));
    expect(events.some((e) => e.name === 'job' && e.data.state === 'running')).toBe(true);
    expect(events.some((e) => e.name === 'job' && e.data.state === 'done')).toBe(true);
    expect(events.find((e) => e.name === 'history')!.data[0]).toMatchObject({
      fileName: 'over-the-bridge.png',
    });
  });

  it('serves the built window with a strict CSP, its assets, and nothing outside it', async () => {
    rendererDir = await mkdtemp(join(tmpdir(), 'shotlink-renderer-'));
    const built = join(rendererDir, 'dist');
    await mkdir(join(built, 'assets'), { recursive: true });
    await writeFile(
      join(built, 'index.html'),
      '<!doctype html><script type="module" src="./assets/app.js"></script>',
    );
    await writeFile(join(built, 'assets', 'app.js'), 'console.log("hi")');
    await writeFile(join(rendererDir, 'secret.txt'), 'secret');
    t = await startTestService({ rendererDir: built });
    const page = await fetch(t.pageUrl);
    expect(await page.text()).toContain('assets/app.js');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const asset = await fetch(`${t.url}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    for (const path of [
      '/assets/../../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
    ]) {
      expect([401, 404], path).toContain(await rawGet(path, {}));
    }
    expect(await rawGet('/assets/missing.js', {})).toBe(404);
  });
});

describe('the bridge keeps secrets', () => {
  it('trades a one-time ticket for the token once; the ticket URL holds no token', async () => {
    t = await startTestService();
    const url = new URL(t.bridge!.ticketUrl());
    expect(url.href).not.toContain(t.token);
    const ticket = url.searchParams.get('ticket')!;
    const trade = () =>
      fetch(`${t!.url}/api/ticket`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ticket }),
      });
    const first = await trade();
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ token: t.token });
    expect((await trade()).status).toBe(401); // used
    // A page from another site cannot trade one either.
    const foreign = await fetch(`${t.url}/api/ticket`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ ticket: new URL(t.bridge!.ticketUrl()).searchParams.get('ticket') }),
    });
    expect(foreign.status).toBe(403);
  });

  it('never returns a wallet key that came from the environment', async () => {
    const key = `0x${'cd'.repeat(32)}`;
    t = await startTestService({ env: { SHOTLINK_WALLET_KEY: key } });
    const answer = await t.call('walletExport');
    expect(answer).toMatchObject({ ok: false, error: { kind: 'usage' } });
    expect(JSON.stringify(answer)).not.toContain('cd'.repeat(32));
    expect(answer.error!.message).toMatch(/comes from SHOTLINK_WALLET_KEY, so it is not shown here/);
  });

  it('answers a malformed address with 400, not 500', async () => {
    t = await startTestService();
    expect(await rawGet('/assets/%E0%A4%A', { host: new URL(t.url).host })).toBe(400);
  });
});
