// Shared by the server tests: a server on 127.0.0.1 in a fresh data folder (in this process, or
// `shotlink serve` as a child to kill), real images made with sharp, a burst of uploads cut off by a
// SIGKILL, and a raw HTTP client for URLs that fetch() would normalise before sending.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
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

const BIN = fileURLToPath(new URL('../../src-main/cli/bin.js', import.meta.url));

/** `shotlink serve …` as a child process; resolves with its URL once it prints it. */
export function serveChild(
  args: string[],
  env: NodeJS.ProcessEnv,
  children: ChildProcess[],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /at (http:\/\/\S+)\n/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code})`)));
  });
}

/**
 * A burst of uploads from `clients` clients in turn, and SIGKILL to the server as soon as the first is
 * acknowledged: some uploads are then in flight and the rest never started, whatever the machine's
 * load. Resolves, once the server is gone, with what was acknowledged (all that is owed).
 */
export async function uploadUntilKilled(
  server: { child: ChildProcess; url: string },
  token: string,
  images: Buffer[],
  clients: number,
): Promise<{ id: string; bytes: Buffer }[]> {
  const acknowledged: { id: string; bytes: Buffer }[] = [];
  const exited = new Promise((resolve) => server.child.on('exit', resolve));
  let next = 0;
  let killed = false;
  const client = async () => {
    while (!killed && next < images.length) {
      const bytes = images[next++]!;
      try {
        const response = await fetch(`${server.url}/api/upload`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
          body: uploadForm(bytes),
        });
        if (response.status !== 201) continue;
        acknowledged.push({ id: ((await response.json()) as { id: string }).id, bytes });
        if (!killed) server.child.kill('SIGKILL');
        killed = true;
      } catch {
        // cut off by the crash: never acknowledged, so nothing is owed
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  await exited;
  return acknowledged;
}
