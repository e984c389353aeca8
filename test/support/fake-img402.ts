// A fake img402.dev on 127.0.0.1 that follows docs/host-contracts.md: the free tier, the paid upload
// with an X-Upload-Token, every documented error, and the uploaded images served back at /i/<id>.<ext>.
// The x402 token endpoints are not here: payments mounts them through `fallback` and registers the tokens
// it sells with `acceptToken`.
//
//   const host = await startFakeImg402();
//   provider = createImg402Provider({ baseUrl: host.url, timeoutMs: 5000 });
//   host.failNext({ status: 429, body: { error: 'daily_limit' } });   // or 'html', 'hang', 'reset', ...
//   host.uploads[0].bytes; await host.close();
import type http from 'node:http';
import { startHttpServer } from './http-server.ts';
import {
  FaultScript,
  parseUpload,
  randomId,
  readBody,
  requestPath,
  sendJson,
  sendNotFound,
  serveImage,
  sniffImage,
  type Fault,
} from './fake-host.ts';

export type Img402Tier = 'free' | '1y' | 'permanent';

export const IMG402_FREE_MAX_BYTES = 1024 * 1024;
export const IMG402_PAID_MAX_BYTES = 5 * 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;
const RETENTION_DAYS: Record<Img402Tier, number | null> = { free: 7, '1y': 365, permanent: null };

export interface FakeImg402Upload {
  id: string;
  tier: Img402Tier;
  bytes: Buffer;
  contentType: string;
  /** The file name the client sent in the multipart part (undefined for a JSON body). */
  fileName: string | undefined;
  /** The X-Upload-Token a paid upload used. */
  token: string | undefined;
  via: 'multipart' | 'json';
  url: string;
  expiresAt: string | null;
}

export interface FakeImg402Request {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface FakeImg402Options {
  /** Free uploads allowed before `429 daily_limit` (the real one is about 1,000 a day, service-wide). */
  freeDailyLimit?: number;
  /** Handles every route the fake does not know (e.g. payments' x402 token endpoints, an express app). */
  fallback?: http.RequestListener;
  now?: () => Date;
}

export interface FakeImg402 {
  readonly url: string;
  readonly uploads: FakeImg402Upload[];
  /** Every request received, in order (including fallback routes and image fetches). */
  readonly requests: FakeImg402Request[];
  failNext(fault: Fault, options?: { path?: string; times?: number }): void;
  delay(ms: number): void;
  /** Lets one paid upload through with this token (single use, like the real service). */
  acceptToken(token: string, tier?: Exclude<Img402Tier, 'free'>): void;
  /** Tokens accepted and not used yet. */
  readonly unusedTokens: string[];
  /** Sets how many more free uploads succeed before `daily_limit` (Infinity to lift it). */
  setFreeUploadsLeft(count: number): void;
  close(): Promise<void>;
}

export async function startFakeImg402(options: FakeImg402Options = {}): Promise<FakeImg402> {
  const now = options.now ?? (() => new Date());
  const faults = new FaultScript();
  const uploads: FakeImg402Upload[] = [];
  const requests: FakeImg402Request[] = [];
  const tokens = new Map<string, Exclude<Img402Tier, 'free'>>();
  let freeLeft = options.freeDailyLimit ?? Infinity;
  let baseUrl = '';

  const error = (res: http.ServerResponse, status: number, code: string, message: string) =>
    sendJson(res, status, { error: code, message });

  async function upload(req: http.IncomingMessage, res: http.ServerResponse, tier: Img402Tier) {
    let token: string | undefined;
    if (tier !== 'free') {
      token = header(req, 'x-upload-token');
      const paidTier = token === undefined ? undefined : tokens.get(token);
      if (!token || !paidTier) {
        req.resume();
        return token
          ? error(res, 401, 'invalid_token', 'Upload token is invalid, expired or used.')
          : error(res, 401, 'missing_token', 'X-Upload-Token header required.');
      }
      tier = paidTier;
    } else if (freeLeft <= 0) {
      req.resume();
      return error(res, 429, 'daily_limit', 'Daily free upload limit reached. Try again tomorrow.');
    }
    const maxBytes = tier === 'free' ? IMG402_FREE_MAX_BYTES : IMG402_PAID_MAX_BYTES;
    // Anything far beyond the limit is refused before reading it all, as a real server would.
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes * 2 + 64 * 1024) {
      req.resume();
      return error(res, 400, 'file_too_large', `File exceeds ${maxBytes / (1024 * 1024)} MB.`);
    }
    const body = await readBody(req);
    const parsed = await parseUpload(req, body, 'image');
    let bytes: Buffer | undefined = parsed.file?.bytes;
    const via = parsed.json === undefined ? 'multipart' : 'json';
    if (via === 'json') {
      const file = (parsed.json as { file?: unknown } | null)?.file;
      if (typeof file === 'string') bytes = Buffer.from(file, 'base64');
    }
    if (!bytes) return error(res, 400, 'no_file', 'No file provided. Send multipart field "image".');
    if (bytes.length === 0) return error(res, 400, 'empty_file', 'The file is empty.');
    if (bytes.length > maxBytes) {
      return error(res, 400, 'file_too_large', `File exceeds ${maxBytes / (1024 * 1024)} MB.`);
    }
    const format = sniffImage(bytes);
    if (!format) return error(res, 400, 'unsupported_format', 'Supported formats: PNG, JPEG, GIF, WebP.');

    if (token) tokens.delete(token);
    if (tier === 'free') freeLeft--;
    const id = randomId(10);
    const days = RETENTION_DAYS[tier];
    const record: FakeImg402Upload = {
      id,
      tier,
      bytes,
      contentType: format.contentType,
      fileName: parsed.file?.name,
      token,
      via,
      url: `${baseUrl}/i/${id}.${format.ext}`,
      expiresAt: days === null ? null : new Date(now().getTime() + days * DAY_MS).toISOString(),
    };
    uploads.push(record);
    sendJson(res, 200, {
      url: record.url,
      id,
      contentType: record.contentType,
      sizeBytes: bytes.length,
      expiresAt: record.expiresAt,
    });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const path = requestPath(req);
    requests.push({ method: req.method ?? '', path, headers: req.headers });
    if (await faults.apply(req, res, path)) return;
    if (req.method === 'POST' && path === '/api/free') return upload(req, res, 'free');
    if (req.method === 'POST' && path === '/api/upload') return upload(req, res, '1y');
    const image = /^\/i\/([A-Za-z0-9]+)\.[a-z]+$/.exec(path);
    if (image && (req.method === 'GET' || req.method === 'HEAD')) {
      if (
        serveImage(
          res,
          uploads.find((u) => u.id === image[1]),
          req.method,
        )
      )
        return;
    }
    if (options.fallback) return options.fallback(req, res);
    req.resume();
    sendNotFound(res);
  }

  const server = await startHttpServer((req, res) => {
    handle(req, res).catch((cause: unknown) => {
      if (!res.headersSent) error(res, 500, 'upload_failed', `Fake host failure: ${String(cause)}`);
      else res.destroy();
    });
  });
  baseUrl = server.url;

  return {
    url: server.url,
    uploads,
    requests,
    failNext: (fault, faultOptions) => faults.failNext(fault, faultOptions),
    delay: (ms) => faults.delay(ms),
    acceptToken: (token, tier = '1y') => void tokens.set(token, tier),
    get unusedTokens() {
      return [...tokens.keys()];
    },
    setFreeUploadsLeft: (count) => void (freeLeft = count),
    close: () => server.close(),
  };
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
