// Shared by the server tests: a server on 127.0.0.1 in a fresh data folder, real images made with
// sharp, and a raw HTTP client for URLs that fetch() would normalise before sending.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import sharp from 'sharp';
import {
  startShotlinkServer,
  type ShotlinkServerOptions,
  type RunningShotlinkServer,
} from '../../src-main/core/server/start.ts';

export async function tempHome(): Promise<{ home: string; cleanup: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'shotlink-server-'));
  return { home, cleanup: () => rm(home, { recursive: true, force: true }) };
}

export async function startTestServer(
  home: string,
  options: Partial<ShotlinkServerOptions> = {},
): Promise<RunningShotlinkServer> {
  return startShotlinkServer({
    home,
    host: '127.0.0.1',
    port: 0,
    token: 'test-token-0123456789abcdef',
    requestsPerMinute: 10_000,
    log: () => {},
    ...options,
  });
}

export async function makePng(width = 64, height = 48, color = { r: 200, g: 40, b: 90 }): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();
}

export async function makeImage(
  format: 'png' | 'jpeg' | 'gif' | 'webp',
  width = 40,
  height = 30,
): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 220 } } })
    .toFormat(format)
    .toBuffer();
}

export function uploadForm(
  bytes: Uint8Array,
  fileName = 'shot.png',
  type = 'image/png',
  fields: Record<string, string> = {},
): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('image', new Blob([new Uint8Array(bytes)], { type }), fileName);
  return form;
}

export async function upload(
  server: RunningShotlinkServer,
  bytes: Uint8Array,
  options: {
    fileName?: string;
    type?: string;
    fields?: Record<string, string>;
    token?: string | null | undefined;
  } = {},
): Promise<Response> {
  const token = options.token === undefined ? server.token : options.token;
  return fetch(`${server.url}/api/upload`, {
    method: 'POST',
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    body: uploadForm(bytes, options.fileName, options.type, options.fields),
  });
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Sends the request line exactly as given (no URL normalisation), for traversal tests. */
export function rawGet(baseUrl: string, path: string, method = 'GET'): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** Random noise does not compress: about 3 bytes per pixel as PNG. */
export async function makeNoisePng(width: number, height: number): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .png()
    .toBuffer();
}
