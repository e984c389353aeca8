// The server under hostile traffic: the cache accounts bytes exactly and shares cold reads, a large
// image is streamed so slow readers cost bounded memory, a body sent a byte at a time is cut off, and
// the upload rate limit follows its setting.
import { connect, type Socket } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ImageFiles } from '../../src-main/core/server/image-files.ts';
import type { RunningShotlinkServer } from '../../src-main/core/server/start.ts';
import { makeNoisePng, startTestServer, tempHome, uploadForm } from './helpers.ts';

let server: RunningShotlinkServer | undefined;
let home: { home: string; cleanup: () => Promise<void> } | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  await home?.cleanup();
  home = undefined;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('the memory cache', () => {
  it('holds one copy per image however many cold requests race for it, and counts it once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shotlink-cache-'));
    dirs.push(dir);
    const files = new ImageFiles(dir);
    const record = { id: 'abc', ext: 'png' as const, sizeBytes: 430_000 };
    await writeFile(files.pathOf(record), Buffer.alloc(430_000, 7));
    // Three cold bursts of 50, as the phantom-total bug needed to switch the cache off.
    for (let burst = 0; burst < 3; burst++) {
      const reads = await Promise.all(Array.from({ length: 50 }, () => files.read(record)));
      expect(new Set(reads).size).toBe(1); // one read shared by all fifty
      expect(files.cacheSize).toBe(430_000);
    }
  });
});

async function upload(url: string, token: string, bytes: Buffer): Promise<{ url: string }> {
  const response = await fetch(`${url}/api/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: uploadForm(bytes),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { url: string };
}

describe('large images and slow readers', { timeout: 120_000 }, () => {
  it('streams an image over the cache limit: 150 readers that do not read cost bounded memory', async () => {
    home = await tempHome();
    server = await startTestServer(home.home, { maxUploadBytes: 30 * 1024 * 1024 });
    const big = await makeNoisePng(2400, 1800); // ~13 MB of noise: over the 4 MB cache entry limit
    expect(big.length).toBeGreaterThan(12 * 1024 * 1024);
    const { url } = await upload(server.url, server.token, big);
    const path = new URL(url).pathname;
    const { port } = new URL(server.url);

    global.gc?.();
    const before = process.memoryUsage().rss;
    const sockets = await Promise.all(
      Array.from(
        { length: 150 },
        () =>
          new Promise<Socket>((resolve, reject) => {
            const socket = connect(Number(port), '127.0.0.1', () => {
              socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
              socket.pause(); // a reader that never reads
              resolve(socket);
            });
            socket.on('error', reject);
          }),
      ),
    );
    // Give the server time to fill every socket's buffers (it stops at the socket's high-water mark).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const grown = process.memoryUsage().rss - before;
    for (const socket of sockets) socket.destroy();
    // Reading the whole file per request (the old way) would be 150 × 13 MB ≈ 1.9 GB.
    expect(grown).toBeLessThan(200 * 1024 * 1024);

    // And the image is still served whole, with ranges.
    const whole = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(whole.equals(big)).toBe(true);
    const part = await fetch(url, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(big.subarray(100, 200))).toBe(true);
  });

  it('cuts off a body sent a byte at a time when the request time runs out', async () => {
    home = await tempHome();
    server = await startTestServer(home.home, { limits: { requestTimeoutMs: 1500, headersTimeoutMs: 1000 } });
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    const closed = new Promise<string>((resolve) => {
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('close', () => resolve(answer));
      socket.on('error', () => {});
    });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /api/upload HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${server.token}\r\n` +
        'Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 1000000\r\n\r\n',
    );
    const drip = setInterval(() => socket.writable && socket.write('a'), 300);
    const answer = await closed;
    clearInterval(drip);
    // Node answers 408 Request Timeout as it closes; either way the connection is gone.
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });
});

describe('the upload rate limit', { timeout: 60_000 }, () => {
  it('follows its setting: a bounded parallel client within the limit gets no 429', async () => {
    home = await tempHome();
    server = await startTestServer(home.home, { requestsPerMinute: 200 });
    const images = await Promise.all(Array.from({ length: 100 }, (_, i) => makeNoisePng(40 + i, 40)));
    const statuses = await Promise.all(
      images.map(async (bytes) => {
        const response = await fetch(`${server!.url}/api/upload`, {
          method: 'POST',
          headers: { authorization: `Bearer ${server!.token}` },
          body: uploadForm(bytes),
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(statuses.filter((status) => status === 429)).toEqual([]);
  });
});

describe('a client that hangs up', () => {
  it('is not logged as a server error', async () => {
    home = await tempHome();
    const lines: string[] = [];
    server = await startTestServer(home.home, { log: (line) => lines.push(line) });
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /api/upload HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${server.token}\r\n` +
        'Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 100000\r\n\r\n--x\r\n' +
        'Content-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy(); // gone mid-body
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The server is fine and said nothing about it.
    expect((await fetch(`${server.url}/`)).status).toBe(200);
    expect(lines.filter((line) => /error/i.test(line))).toEqual([]);
  });
});
