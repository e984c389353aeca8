// A fake img.pro API on 127.0.0.1 that follows docs/host-contracts.md: anonymous and API-key uploads
// (`POST /v1/upload`, multipart `file`, tags, namespace), imports by URL (`POST /v1/import`: the host
// fetches the image itself, following redirects, with its own size and time limits), key creation
// (`POST /v1/keys`), the images at `src` (/i/<id>.<ext>, with the CDN's `?size=s|m|l` and conversion by
// extension) and the viewer page at `url` (/v/<id>), the `upgrade` offer of anonymous answers, and
// errors in both shapes the API has used: flat `{error, message, action}` and nested
// `{error: {type, code, message, action}}`.
//
//   const host = await startFakeImgpro();
//   host.acceptKey('img_live_test', { verified: true });
//   host.failNext({ status: 429, body: imgproError('flat', 'rate_limited', 'Slow down', { type: 'wait', seconds: 2 }) });
//   host.setErrorShape('nested');
import type http from 'node:http';
import sharp from 'sharp';
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

export type ImgproErrorShape = 'flat' | 'nested';

export interface ImgproAction {
  type: 'upgrade' | 'verify' | 'wait' | 'redirect';
  url?: string;
  label?: string;
  seconds?: number;
}

export const IMGPRO_MAX_BYTES = 20 * 1024 * 1024;
const IMPORT_MAX_BYTES = IMGPRO_MAX_BYTES;
const DAY_SECONDS = 24 * 60 * 60;
const ERROR_TYPES: Record<string, string> = {
  rate_limited: 'rate_limit_error',
  quota_exceeded: 'quota_error',
  invalid_key: 'authentication_error',
};

/**
 * An img.pro error body in either shape. The nested generation names the wait `retry_after`, the flat
 * one `seconds`; both are produced here so tests cover what the client must accept.
 */
export function imgproError(
  shape: ImgproErrorShape,
  code: string,
  message: string,
  action?: ImgproAction,
): Record<string, unknown> {
  if (shape === 'flat') return { error: code, message, ...(action && { action }) };
  const nestedAction = action && {
    type: action.type,
    ...(action.url !== undefined && { url: action.url }),
    ...(action.label !== undefined && { label: action.label }),
    ...(action.seconds !== undefined && { retry_after: action.seconds }),
  };
  return {
    error: {
      type: ERROR_TYPES[code] ?? 'invalid_request_error',
      code,
      message,
      ...(nestedAction && { action: nestedAction }),
    },
  };
}

export interface FakeImgproUpload {
  id: string;
  bytes: Buffer;
  contentType: string;
  width: number;
  height: number;
  fileName: string;
  /** The bearer key used, undefined for anonymous uploads. */
  key: string | undefined;
  tags: string | undefined;
  namespace: string | undefined;
  /** The image link (CDN). */
  src: string;
  /** The viewer page. */
  url: string;
  /** Unix seconds; null = permanent. */
  expiresAt: number | null;
  /** The URL it was imported from (`POST /v1/import`). */
  importedFrom?: string;
}

/** The CDN's sizes: the short edge in pixels, never upscaled. */
const CDN_SIZES: Record<string, number> = { s: 320, m: 640, l: 1080 };
const CDN_FORMATS: Record<string, { format: 'png' | 'webp' | 'jpeg' | 'gif'; type: string }> = {
  png: { format: 'png', type: 'image/png' },
  webp: { format: 'webp', type: 'image/webp' },
  jpg: { format: 'jpeg', type: 'image/jpeg' },
  jpeg: { format: 'jpeg', type: 'image/jpeg' },
  gif: { format: 'gif', type: 'image/gif' },
};
/** How long the host waits for an image it imports. */
const IMPORT_TIMEOUT_MS = 5_000;

interface KeyState {
  verified: boolean;
  uploadsLeft: number;
  email: string | undefined;
}

export interface FakeImgproOptions {
  errorShape?: ImgproErrorShape;
  /** Anonymous uploads allowed per hour (per IP on the real host; everything is one IP here). */
  anonymousPerHour?: number;
  fallback?: http.RequestListener;
  now?: () => Date;
}

export interface FakeImgpro {
  readonly url: string;
  readonly uploads: FakeImgproUpload[];
  readonly requests: { method: string; path: string; headers: http.IncomingHttpHeaders }[];
  failNext(fault: Fault, options?: { path?: string; times?: number }): void;
  delay(ms: number): void;
  /** Registers an API key; `uploads` is its quota (then 403 quota_exceeded). */
  acceptKey(key: string, options?: { verified?: boolean; uploads?: number }): void;
  setErrorShape(shape: ImgproErrorShape): void;
  /** Sets how many more anonymous uploads succeed this hour. */
  setAnonymousUploadsLeft(count: number): void;
  /** The keys made by `POST /v1/keys`, with the email each was made for. */
  readonly createdKeys: { key: string; email: string }[];
  /** Builds an error body in the fake's current shape (for failNext). */
  errorBody(code: string, message: string, action?: ImgproAction): Record<string, unknown>;
  close(): Promise<void>;
}

export async function startFakeImgpro(options: FakeImgproOptions = {}): Promise<FakeImgpro> {
  const now = options.now ?? (() => new Date());
  const faults = new FaultScript();
  const uploads: FakeImgproUpload[] = [];
  const requests: FakeImgpro['requests'] = [];
  const createdKeys: FakeImgpro['createdKeys'] = [];
  const keys = new Map<string, KeyState>();
  let shape: ImgproErrorShape = options.errorShape ?? 'flat';
  const perHour = options.anonymousPerHour ?? 20;
  let anonymousLeft = perHour;
  let windowStart = now().getTime();
  let baseUrl = '';

  const fail = (
    res: http.ServerResponse,
    status: number,
    code: string,
    message: string,
    action?: ImgproAction,
  ) => {
    const headers: Record<string, string> =
      action?.type === 'wait' && action.seconds !== undefined
        ? { 'retry-after': String(action.seconds) }
        : {};
    sendJson(res, status, imgproError(shape, code, message, action), headers);
  };

  function anonymousAllowed(): { ok: true } | { ok: false; waitSeconds: number } {
    const elapsed = now().getTime() - windowStart;
    if (elapsed >= 3_600_000) {
      windowStart = now().getTime();
      anonymousLeft = perHour;
    }
    if (anonymousLeft > 0) return { ok: true };
    return { ok: false, waitSeconds: Math.max(1, Math.ceil((3_600_000 - elapsed) / 1000)) };
  }

  /** The key a request carries: undefined when anonymous, null when unknown (already answered 401). */
  function keyOf(req: http.IncomingMessage, res: http.ServerResponse): KeyState | undefined | null {
    const authorization = String(req.headers.authorization ?? '');
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const keyState = bearer === undefined ? undefined : keys.get(bearer);
    if (authorization && !keyState) {
      req.resume();
      fail(res, 401, 'invalid_key', 'The API key is invalid or revoked.', {
        type: 'redirect',
        url: `${baseUrl}/keys`,
        label: 'Get a new key',
      });
      return null;
    }
    return keyState;
  }

  /** Stores an image as an upload and answers as `/v1/upload` does. */
  async function store(
    res: http.ServerResponse,
    bytes: Buffer,
    fields: { name: string; key: string | undefined; tags?: string; namespace?: string; from?: string },
  ) {
    const keyState = fields.key === undefined ? undefined : keys.get(fields.key);
    const format = sniffImage(bytes);
    const metadata =
      format &&
      (await sharp(bytes)
        .metadata()
        .catch(() => undefined));
    if (!format || !metadata?.width || !metadata.height) {
      return fail(res, 415, 'unsupported_format', 'Supported formats: PNG, JPEG, GIF, WebP.');
    }
    if (keyState) keyState.uploadsLeft--;
    else anonymousLeft--;
    const id = randomId(12);
    const createdAt = Math.floor(now().getTime() / 1000);
    const permanent = keyState?.verified === true;
    const record: FakeImgproUpload = {
      id,
      bytes,
      contentType: format.contentType,
      width: metadata.width,
      height: metadata.pageHeight ?? metadata.height,
      fileName: fields.name,
      key: fields.key,
      tags: fields.tags,
      namespace: fields.namespace,
      src: `${baseUrl}/i/${id}.${format.ext}`,
      url: `${baseUrl}/v/${id}`,
      expiresAt: permanent ? null : createdAt + 30 * DAY_SECONDS,
      ...(fields.from && { importedFrom: fields.from }),
    };
    uploads.push(record);
    sendJson(res, 201, {
      id,
      url: record.url,
      src: record.src,
      width: record.width,
      height: record.height,
      filesize: bytes.length,
      name: fields.name,
      created_at: createdAt,
      expires_at: record.expiresAt,
      ...(keyState
        ? {}
        : { upgrade: { message: 'Get a free API key for permanent storage.', url: `${baseUrl}/keys` } }),
    });
  }

  /** Refuses what the quota does not allow; true when it answered. */
  function overQuota(req: http.IncomingMessage, res: http.ServerResponse, keyState: KeyState | undefined) {
    if (keyState && keyState.uploadsLeft <= 0) {
      req.resume();
      if (keyState.verified)
        fail(res, 403, 'quota_exceeded', 'Upload quota exceeded for this plan.', {
          type: 'upgrade',
          url: `${baseUrl}/upgrade`,
          label: 'Upgrade plan',
        });
      else
        fail(res, 403, 'quota_exceeded', 'Verify your email to lift the unverified quota.', {
          type: 'verify',
          url: `${baseUrl}/verify`,
          label: 'Verify email',
        });
      return true;
    }
    if (!keyState) {
      const allowed = anonymousAllowed();
      if (!allowed.ok) {
        req.resume();
        fail(res, 429, 'rate_limited', 'Anonymous upload limit reached (20 per hour).', {
          type: 'wait',
          seconds: allowed.waitSeconds,
        });
        return true;
      }
    }
    return false;
  }

  /** `POST /v1/import {url}`: the host fetches the image itself, as the real one does. */
  async function importUrl(req: http.IncomingMessage, res: http.ServerResponse) {
    const keyState = keyOf(req, res);
    if (keyState === null) return;
    if (overQuota(req, res, keyState)) return;
    let asked: { url?: unknown; tags?: unknown; namespace?: unknown } = {};
    try {
      asked = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8')) as typeof asked;
    } catch {
      // answered below
    }
    if (typeof asked.url !== 'string' || !/^https?:\/\//.test(asked.url)) {
      return fail(res, 400, 'invalid_url', 'A JSON body {"url": "https://..."} is required.');
    }
    let fetched: Response;
    const signal = AbortSignal.timeout(IMPORT_TIMEOUT_MS);
    /** A fetch that threw: past the time limit, or failed as `failed` says. */
    const fetchFailed = (failed: string) =>
      signal.aborted
        ? fail(res, 422, 'fetch_timeout', 'The image took too long to download.')
        : fail(res, 422, 'fetch_failed', failed);
    try {
      fetched = await fetch(asked.url, { redirect: 'follow', signal });
    } catch {
      return fetchFailed('The URL could not be fetched.');
    }
    if (!fetched.ok) {
      await fetched.body?.cancel();
      return fail(res, 422, 'fetch_failed', `The URL answered ${fetched.status}.`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of fetched.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.length;
        if (size > IMPORT_MAX_BYTES) {
          await fetched.body?.cancel().catch(() => {});
          return fail(res, 413, 'file_too_large', 'Files up to 20 MB.');
        }
        chunks.push(Buffer.from(chunk));
      }
    } catch {
      return fetchFailed('The image download failed.');
    }
    const bytes = Buffer.concat(chunks);
    const key = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    await store(res, bytes, {
      name: new URL(fetched.url).pathname.split('/').pop() || 'image',
      key,
      ...(typeof asked.tags === 'string' && { tags: asked.tags }),
      ...(typeof asked.namespace === 'string' && { namespace: asked.namespace }),
      from: asked.url,
    });
  }

  /** The CDN: `/i/<id>.<ext>[?size=s|m|l]`, resized (never upscaled) and converted by extension. */
  async function serveCdn(req: http.IncomingMessage, res: http.ServerResponse, id: string, ext: string) {
    const image = uploads.find((u) => u.id === id);
    if (!image) return false;
    const size = CDN_SIZES[new URL(req.url ?? '/', 'http://x').searchParams.get('size') ?? ''];
    const target = CDN_FORMATS[ext];
    const same = image.contentType === target?.type;
    if (!size && same) return serveImage(res, image, req.method);
    if (!target) return false;
    let pipeline = sharp(image.bytes, { animated: true });
    if (size) {
      const short = Math.min(image.width, image.height);
      if (size < short) {
        const scale = size / short;
        pipeline = pipeline.resize(Math.round(image.width * scale), Math.round(image.height * scale));
      }
    }
    const bytes = await pipeline.toFormat(target.format).toBuffer();
    return serveImage(res, { bytes, contentType: target.type }, req.method);
  }

  async function upload(req: http.IncomingMessage, res: http.ServerResponse) {
    const keyState = keyOf(req, res);
    if (keyState === null) return;
    if (overQuota(req, res, keyState)) return;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > IMGPRO_MAX_BYTES + 1024 * 1024) {
      req.resume();
      return fail(res, 413, 'file_too_large', 'Files up to 20 MB.');
    }
    const body = await readBody(req);
    const parsed = await parseUpload(req, body, 'file');
    const file = parsed.file;
    if (!file) return fail(res, 400, 'no_file', 'No file provided. Send multipart field "file".');
    if (file.bytes.length === 0) return fail(res, 400, 'empty_file', 'The file is empty.');
    if (file.bytes.length > IMGPRO_MAX_BYTES) return fail(res, 413, 'file_too_large', 'Files up to 20 MB.');
    const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    await store(res, file.bytes, {
      name: file.name,
      key: bearer,
      ...(parsed.fields.tags !== undefined && { tags: parsed.fields.tags }),
      ...(parsed.fields.namespace !== undefined && { namespace: parsed.fields.namespace }),
    });
  }

  async function createKey(req: http.IncomingMessage, res: http.ServerResponse) {
    const body = await readBody(req, 64 * 1024);
    let email: unknown;
    try {
      email = (JSON.parse(body.toString('utf8')) as { email?: unknown }).email;
    } catch {
      email = undefined;
    }
    if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) {
      return fail(res, 400, 'invalid_email', 'A valid email is required.');
    }
    const key = `img_live_${randomId(24)}`;
    keys.set(key, { verified: false, uploadsLeft: 100, email });
    createdKeys.push({ key, email });
    sendJson(res, 201, {
      key,
      key_id: `key_${randomId(12)}`,
      status: 'active',
      verified: false,
      limits: { uploads: 100, storage_mb: 5120, retention_days: 30 },
      message: 'Save this key now: it is shown once. Verify your email for permanent storage.',
    });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const path = requestPath(req);
    requests.push({ method: req.method ?? '', path, headers: req.headers });
    if (await faults.apply(req, res, path)) return;
    if (req.method === 'POST' && path === '/v1/upload') return upload(req, res);
    if (req.method === 'POST' && path === '/v1/keys') return createKey(req, res);
    if (req.method === 'POST' && path === '/v1/import') return importUrl(req, res);
    const isRead = req.method === 'GET' || req.method === 'HEAD';
    const image = /^\/i\/([A-Za-z0-9]+)\.([a-z]+)$/.exec(path);
    if (image && isRead && (await serveCdn(req, res, image[1]!, image[2]!))) return;
    const viewer = /^\/v\/([A-Za-z0-9]+)$/.exec(path);
    const viewed = viewer && uploads.find((u) => u.id === viewer[1]);
    if (viewed && isRead) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!DOCTYPE html><html><head><meta property="og:image" content="${viewed.src}"></head>
<body><img src="${viewed.src}" width="${viewed.width}" height="${viewed.height}"></body></html>`);
      return;
    }
    if (options.fallback) return options.fallback(req, res);
    req.resume();
    sendNotFound(res);
  }

  const server = await startHttpServer((req, res) => {
    handle(req, res).catch((cause: unknown) => {
      if (!res.headersSent) fail(res, 500, 'internal_error', `Fake host failure: ${String(cause)}`);
      else res.destroy();
    });
  });
  baseUrl = server.url;

  return {
    url: server.url,
    uploads,
    requests,
    createdKeys,
    failNext: (fault, faultOptions) => faults.failNext(fault, faultOptions),
    delay: (ms) => faults.delay(ms),
    acceptKey: (key, keyOptions = {}) =>
      void keys.set(key, {
        verified: keyOptions.verified ?? true,
        uploadsLeft: keyOptions.uploads ?? Infinity,
        email: undefined,
      }),
    setErrorShape: (next) => void (shape = next),
    setAnonymousUploadsLeft: (count) => {
      windowStart = now().getTime();
      anonymousLeft = count;
    },
    errorBody: (code, message, action) => imgproError(shape, code, message, action),
    close: () => server.close(),
  };
}
