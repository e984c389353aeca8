// The security list of the issue, each rule against the real server over loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from 'node:net';
import sharp from 'sharp';
import { tempHome, startTestServer, makePng, makeNoisePng, upload, rawGet } from './helpers.ts';
import type { RunningShotlinkServer } from '../../src-main/core/server/start.ts';

let home: { home: string; cleanup: () => Promise<void> };
let server: RunningShotlinkServer;
let id: string;
const SENTINEL = 'SENTINEL-outside-storage-7f3a';

beforeAll(async () => {
  home = await tempHome();
  server = await startTestServer(home.home, { maxUploadBytes: 200 * 1024, maxInputPixels: 1_000_000 });
  // Files beside and above the storage folder that a traversal would try to reach.
  await writeFile(join(home.home, 'secret.txt'), SENTINEL);
  await writeFile(join(home.home, 'server', 'secret.txt'), SENTINEL);
  const answer = (await (await upload(server, await makePng())).json()) as { id: string };
  id = answer.id;
});
afterAll(async () => {
  await server.close();
  await home.cleanup();
});

describe('path traversal answers 404 and reads nothing outside storage', () => {
  const cases = () => [
    '/i/../secret.txt',
    '/i/../../secret.txt',
    '/i/..%2fsecret.txt',
    '/i/..%2Fsecret.txt',
    '/i/%2e%2e%2fsecret.txt',
    '/i/%2e%2e/%2e%2e/secret.txt',
    '/i/%252e%252e%252fsecret.txt',
    '/i/%25252e%25252e%25252fsecret.txt',
    '/i/..\\secret.txt',
    '/i/..%5csecret.txt',
    '/i/..%5c..%5csecret.txt',
    '/i/%c0%ae%c0%ae%c0%afsecret.txt',
    `/i/${id}.png%00.txt`,
    `/i/${id}%00.png`,
    '/i/%00',
    '/i/secret.txt%00.png',
    '/i//etc/passwd',
    '/i/%2fetc%2fpasswd',
    '/i/%2Fetc%2Fpasswd',
    '/etc/passwd',
    '//etc/passwd',
    '/i/C:%5cWindows%5cwin.ini',
    '/i/file:%2f%2f%2fetc%2fpasswd',
    `/i/${id}.png/../../secret.txt`,
    `/i/${id}.png%2f..%2f..%2fsecret.txt`,
    '/i/token',
    '/i/index.json',
    '/secret.txt',
    '/server/secret.txt',
    '/server/token',
    '/server/index.json',
    `/server/images/${id}.png`,
    `/images/${id}.png`,
    '/v/..%2f..%2fsecret.txt',
    '/v/%2e%2e',
    `/d/${id}/..%2f..%2fsecret.txt`,
    '/i/%zz',
    '/i/%',
  ];

  it('every form', async () => {
    const token = (await readFile(join(home.home, 'server', 'token'), 'utf8').catch(() => '')).trim();
    for (const path of cases()) {
      const answer = await rawGet(server.url, path);
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      const body = answer.body.toString('latin1');
      expect(body).not.toContain(SENTINEL);
      expect(body).not.toContain('root:');
      expect(body).not.toContain('"images"');
      if (token) expect(body).not.toContain(token);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('an absolute-form request line is a 404 too', async () => {
    const answer = await rawGet(server.url, `${server.url}/i/..%2f..%2fsecret.txt`);
    expect(answer.status).toBe(404);
    expect(answer.body.toString()).not.toContain(SENTINEL);
  });

  it('the image itself is still served', async () => {
    expect((await rawGet(server.url, `/i/${id}.png`)).status).toBe(200);
  });
});

describe('only PNG, JPEG, GIF and WebP, by their bytes', () => {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
  const html = '<!doctype html><html><body><script>alert(1)</script></body></html>';
  it.each([
    ['an SVG named .png', Buffer.from(svg), 'evil.png', 'image/png', 415, 'unsupported_format'],
    ['an SVG with its own type', Buffer.from(svg), 'evil.svg', 'image/svg+xml', 415, 'unsupported_format'],
    ['an HTML page named .png', Buffer.from(html), 'page.png', 'image/png', 415, 'unsupported_format'],
    ['plain text', Buffer.from('hello'), 'a.png', 'image/png', 415, 'unsupported_format'],
    ['a BMP', Buffer.from('BM\x00\x00\x00\x00'), 'a.bmp', 'image/bmp', 415, 'unsupported_format'],
    ['an empty file', Buffer.alloc(0), 'empty.png', 'image/png', 400, 'empty_file'],
  ])('refuses %s', async (_label, bytes, name, type, status, code) => {
    const response = await upload(server, bytes, { fileName: name, type });
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe(code);
    expect(body.message.length).toBeGreaterThan(20);
  });

  it('refuses a truncated PNG', async () => {
    const png = await makePng(200, 200);
    const response = await upload(server, png.subarray(0, Math.floor(png.length / 2)));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('corrupt_image');
  });
});

describe('pixel bombs and oversize bodies', () => {
  it('refuses an image with more pixels than allowed (413 too_many_pixels)', async () => {
    const big = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(big.length).toBeLessThan(200 * 1024);
    const response = await upload(server, big);
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe('too_many_pixels');
    expect(body.message).toContain('2000 × 1000');
  });

  it('refuses a forged header claiming 100000 × 100000 pixels from the header alone', async () => {
    const png = Buffer.from(await makePng());
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    const response = await upload(server, png);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toBe('too_many_pixels');
  });

  it('refuses a declared oversize body before reading it', async () => {
    // Declares 50 MB, sends 1 KB and waits: the answer must come without the rest of the body.
    const { hostname, port } = new URL(server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(
          `POST /api/upload HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${server.token}\r\n` +
            `Content-Type: multipart/form-data; boundary=x\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n` +
            '--x\r\n' +
            'a'.repeat(1024),
        );
      });
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
        if (text.includes('\r\n\r\n') && text.includes('}')) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toContain('file_too_large');
  });

  it('refuses an oversize image sent without a length (chunked) with 413', async () => {
    const sharpNoise = await makeNoisePng(400, 400);
    expect(sharpNoise.length).toBeGreaterThan(200 * 1024);
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(sharpNoise)], { type: 'image/png' }), 'noise.png');
    const body = new Response(form);
    const response = await fetch(`${server.url}/api/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': body.headers.get('content-type')! },
      body: body.body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toBe('file_too_large');
  });
});

describe('the upload request itself', () => {
  it('needs the token (401 with WWW-Authenticate), and a wrong one is refused', async () => {
    const png = await makePng();
    const none = await upload(server, png, { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await none.json()) as { message: string }).message).toContain('shotlink server token');
    expect((await upload(server, png, { token: 'wrong-token-0123456789' })).status).toBe(401);
  });

  it('refuses a body that is not multipart (415)', async () => {
    const response = await fetch(`${server.url}/api/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ file: (await makePng()).toString('base64') }),
    });
    expect(response.status).toBe(415);
  });

  it('names the field when the image comes in another one', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await makePng())], { type: 'image/png' }), 'a.png');
    const response = await fetch(`${server.url}/api/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}` },
      body: form,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe('no_file');
    expect(body.message).toContain('`image`');
  });

  it('takes one image per upload', async () => {
    const form = new FormData();
    const png = new Blob([new Uint8Array(await makePng())], { type: 'image/png' });
    form.append('image', png, 'a.png');
    form.append('image', png, 'b.png');
    const response = await fetch(`${server.url}/api/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}` },
      body: form,
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toBe('too_many_files');
  });
});

describe('ids', () => {
  it('are 22 base64url characters (128 random bits) and never repeat', async () => {
    const png = await makePng();
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add(((await (await upload(server, png)).json()) as { id: string }).id);
    expect(ids.size).toBe(20);
    for (const each of ids) expect(each).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
