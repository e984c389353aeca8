// The parts the fake image hosts share: scripted faults (failNext / delay), reading and parsing real
// multipart bodies, sniffing image formats, and answering. The fakes do NOT reuse Shotlink's own code
// (sniffer, providers): a fake that shares the code under test could not catch its bugs.
import { randomBytes } from 'node:crypto';
import type http from 'node:http';

/**
 * A scripted failure for the next matching POST.
 * - `{ status, body?, headers? }`: answer with this status and JSON body (a string body is sent as is).
 * - `'html'`: a 502 HTML error page, like a proxy or captive portal.
 * - `'html-200'`: a 200 HTML page (captive portal answering for the host).
 * - `'malformed-json'`: a 200 whose body claims JSON but does not parse.
 * - `'hang'`: never answer (timeout tests); the server's close() drops the connection.
 * - `'reset'`: destroy the socket without an answer.
 */
export type Fault =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | 'html'
  | 'html-200'
  | 'malformed-json'
  | 'hang'
  | 'reset';

interface ScheduledFault {
  fault: Fault;
  path: string | undefined;
}

export class FaultScript {
  private readonly queue: ScheduledFault[] = [];
  private delayMs = 0;

  /** Queues faults for the next POSTs (in order); `path` limits them to one endpoint. */
  failNext(fault: Fault, options: { path?: string; times?: number } = {}): void {
    for (let i = 0; i < (options.times ?? 1); i++) this.queue.push({ fault, path: options.path });
  }

  /** Delays every later answer by `ms` (0 turns it off). */
  delay(ms: number): void {
    this.delayMs = ms;
  }

  /** Faults still waiting for a request. */
  get pending(): number {
    return this.queue.length;
  }

  /** Applies the delay, then the next fault for this request if any. Returns true when it answered. */
  async apply(req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<boolean> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (req.method !== 'POST') return false;
    const index = this.queue.findIndex((item) => item.path === undefined || item.path === path);
    if (index < 0) return false;
    const [{ fault }] = this.queue.splice(index, 1) as [ScheduledFault];
    await sendFault(req, res, fault);
    return true;
  }
}

async function sendFault(req: http.IncomingMessage, res: http.ServerResponse, fault: Fault): Promise<void> {
  if (fault === 'hang') {
    req.resume();
    return;
  }
  if (fault === 'reset') {
    req.socket.destroy();
    return;
  }
  await readBody(req).catch(() => undefined);
  if (fault === 'html' || fault === 'html-200') {
    res.writeHead(fault === 'html' ? 502 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>');
  } else if (fault === 'malformed-json') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"url": "http://127.0.0.1/i/x.png", "id": ');
  } else if (typeof fault.body === 'string') {
    res.writeHead(fault.status, { 'content-type': 'text/plain', ...fault.headers });
    res.end(fault.body);
  } else {
    sendJson(res, fault.status, fault.body ?? {}, fault.headers);
  }
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Reads the whole body; `limit` protects the test process from a runaway client. */
export async function readBody(req: http.IncomingMessage, limit = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error(`request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export interface ReceivedFile {
  bytes: Buffer;
  name: string;
  type: string;
}

export interface ParsedUpload {
  /** The file under the expected field; undefined when missing (or sent as a plain text field). */
  file: ReceivedFile | undefined;
  /** Text fields of the form. */
  fields: Record<string, string>;
  /** A JSON body, when the client sent one instead of a form. */
  json: unknown;
}

/** Parses a multipart form (with undici's own parser, as `fetch` implements it) or a JSON body. */
export async function parseUpload(
  req: http.IncomingMessage,
  body: Buffer,
  fileField: string,
): Promise<ParsedUpload> {
  const contentType = String(req.headers['content-type'] ?? '');
  if (contentType.startsWith('application/json')) {
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      json = undefined;
    }
    return { file: undefined, fields: {}, json };
  }
  const fields: Record<string, string> = {};
  let file: ReceivedFile | undefined;
  if (!contentType.startsWith('multipart/form-data')) return { file, fields, json: undefined };
  const form = await new Request('http://fake.invalid/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(body),
  }).formData();
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') fields[key] = value;
    else if (key === fileField && !file) {
      file = { bytes: Buffer.from(await value.arrayBuffer()), name: value.name, type: value.type };
    }
  }
  return { file, fields, json: undefined };
}

export interface SniffedImage {
  ext: 'png' | 'jpg' | 'gif' | 'webp';
  contentType: string;
}

/** Recognises the four formats both hosts accept, by their magic bytes. */
export function sniffImage(bytes: Uint8Array): SniffedImage | undefined {
  const starts = (signature: number[], offset = 0) => signature.every((b, i) => bytes[offset + i] === b);
  const ascii = (text: string, offset = 0) => starts([...Buffer.from(text, 'latin1')], offset);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { ext: 'png', contentType: 'image/png' };
  if (starts([0xff, 0xd8, 0xff])) return { ext: 'jpg', contentType: 'image/jpeg' };
  if (ascii('GIF87a') || ascii('GIF89a')) return { ext: 'gif', contentType: 'image/gif' };
  if (ascii('RIFF') && ascii('WEBP', 8)) return { ext: 'webp', contentType: 'image/webp' };
  return undefined;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomId(length = 10): string {
  return [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

export function requestPath(req: http.IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://fake.invalid').pathname;
}

/** Serves a stored image at GET /i/<id>.<ext>, like the hosts' CDNs. Returns false when not found. */
export function serveImage(
  res: http.ServerResponse,
  image: { bytes: Buffer; contentType: string } | undefined,
  method = 'GET',
): boolean {
  if (!image) return false;
  res.writeHead(200, {
    'content-type': image.contentType,
    'content-length': image.bytes.length,
    'cache-control': 'public, max-age=31536000, immutable',
  });
  res.end(method === 'HEAD' ? undefined : image.bytes);
  return true;
}

export function sendNotFound(res: http.ServerResponse): void {
  sendJson(res, 404, { error: 'not_found', message: 'No such route.' });
}
