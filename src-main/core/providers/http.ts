// The one way providers talk HTTP: send a request with a timeout, read the answer with a size cap, and
// turn every way it can go wrong into a ShotlinkError whose message says what happened and what to do.
// Host-specific error codes stay in each provider (its `mapError`); everything generic lives here so that
// img402, img.pro, the Shotlink server and ShareX custom uploaders fail the same way.
// Requests go through node:http(s), not fetch: Node 20 compiles its fetch (undici) on first use, and that
// and streaming the body through a FormData cost a one-shot `shotlink upload` more than the LAN transfer.
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { isUint8Array } from 'node:util/types';
import { formatSeconds } from '../util/durations.ts';
import type * as z from 'zod';
import { ShotlinkError, fromHost } from '../../../src-shared/errors.ts';

/** Who we are talking to, for messages: "Could not reach img402.dev at …". */
export interface HostTarget {
  /** The host's name as the user knows it, e.g. "img402.dev". */
  name: string;
  /** The setting that holds the host's address, named when the address may be wrong. */
  addressSetting?: string;
}

export interface HttpRequest {
  target: HostTarget;
  url: string;
  /** Default POST. */
  method?: string;
  headers?: Record<string, string>;
  /** A multipart form (`multipartForm`), URLSearchParams, string or bytes. Use `json` for a JSON body. */
  body?: MultipartBody | URLSearchParams | string | Uint8Array;
  /** Sent as `application/json`; ignored when `body` is given. */
  json?: unknown;
  /** Whole exchange, from connecting to the last byte of the answer. */
  timeoutMs: number;
  /** The caller's cancel (the user, a queue shutting down). */
  signal?: AbortSignal;
  /** Largest answer we read; beyond it the host is misbehaving. Default 1 MiB (answers are small JSON). */
  maxResponseBytes?: number;
  /** Default 'follow'. 'manual' returns a 3xx answer as it is (ShareX uploaders that answer with a Location). */
  redirect?: 'follow' | 'manual';
  /** Called once the body is handed to the connection (work meant to run while the host receives it). */
  onSent?: () => void;
}

/** An answer's headers, read by name (case-insensitive); repeated ones joined with ", " as fetch does. */
export interface ResponseHeaders {
  get(name: string): string | null;
}

export interface HttpResponse {
  status: number;
  headers: ResponseHeaders;
  /** The final URL, after redirects. */
  url: string;
  bytes: Uint8Array;
  /** The body decoded as UTF-8. */
  text: string;
  /** The media type without parameters, lower case ("" when absent). */
  mediaType: string;
}

const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
/** The setting a user raises when uploads time out on a slow connection. */
const TIMEOUT_SETTING = 'requestTimeoutSeconds';
/** As fetch: a host that redirects more often than this is going in circles. */
const MAX_REDIRECTS = 20;

/** A file part of a multipart form. */
export interface FilePart {
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
}

/**
 * A multipart/form-data body, encoded once (a retry sends the same bytes again). Kept as its parts, the
 * file's bytes among them as they are: joining them would copy a 4K screenshot once more for nothing
 * (the parts go to the socket one after another).
 */
export interface MultipartBody {
  kind: 'multipart';
  contentType: string;
  parts: Uint8Array[];
}

/**
 * Builds a multipart form as browsers encode one (names and file names with `"`, CR and LF
 * percent-encoded, line breaks in text as CRLF); empty and undefined text fields are left out (hosts
 * treat "" as a value).
 */
export function multipartForm(fields: Record<string, string | FilePart | undefined>): MultipartBody {
  const boundary = `----ShotlinkFormBoundary${randomBytes(12).toString('hex')}`;
  const escape = (name: string) => name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
  const chunks: Uint8Array[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === '') continue;
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"`;
    if (typeof value === 'string') {
      chunks.push(Buffer.from(`${head}\r\n\r\n${value.replace(/\r(?!\n)|(?<!\r)\n/g, '\r\n')}\r\n`));
      continue;
    }
    head += `; filename="${escape(value.fileName)}"\r\nContent-Type: ${value.contentType}\r\n\r\n`;
    chunks.push(Buffer.from(head), value.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { kind: 'multipart', contentType: `multipart/form-data; boundary=${boundary}`, parts: chunks };
}

/**
 * Sends one request and reads the whole answer. Throws only for failures below HTTP (no connection,
 * timeout, cancelled, answer too large); any HTTP status is returned for the caller to judge.
 */
export async function sendHttpRequest(request: HttpRequest): Promise<HttpResponse> {
  const { target } = request;
  let url = parseUrl(request);
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body = encodeBody(request, headers);
  let method = request.method ?? 'POST';
  const maxBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  try {
    for (let redirects = 0; ; redirects++) {
      const answer = await exchange(url, method, headers, body, signal, maxBytes, target, request.onSent);
      const location = answer.headers.get('location');
      if (request.redirect === 'manual' || !REDIRECTS.has(answer.status) || location === null) {
        return {
          ...answer,
          url: url.href,
          text: new TextDecoder().decode(answer.bytes),
          mediaType: (answer.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase(),
        };
      }
      if (redirects === MAX_REDIRECTS) throw new Error('redirect count exceeded');
      const next = new URL(location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:')
        throw new Error(`redirected to a ${next.protocol} address`);
      // As fetch does: 303, and 301/302 after a POST, go on as a GET without the body; credentials
      // never follow to another origin.
      if (
        answer.status === 303
          ? method !== 'GET' && method !== 'HEAD'
          : answer.status <= 302 && method === 'POST'
      ) {
        method = 'GET';
        body = undefined;
        for (const name of Object.keys(headers)) if (/^content-/i.test(name)) delete headers[name];
      }
      if (next.origin !== url.origin) {
        for (const name of Object.keys(headers))
          if (/^(authorization|proxy-authorization|cookie)$/i.test(name)) delete headers[name];
      }
      url = next;
    }
  } catch (error) {
    if (error instanceof ShotlinkError) throw error;
    if (request.signal?.aborted) {
      throw new ShotlinkError('host', `The request to ${target.name} was cancelled.`, { code: 'cancelled' });
    }
    if (timeout.aborted) throw timeoutError(request);
    throw networkError(request, error);
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The body as bytes (in parts), with the content type fetch would give it unless the caller set one. */
function encodeBody(request: HttpRequest, headers: Record<string, string>): Uint8Array[] | undefined {
  const { body } = request;
  let bytes: Uint8Array | Uint8Array[];
  let type: string | undefined;
  if (body === undefined) {
    if (request.json === undefined) return undefined;
    [bytes, type] = [Buffer.from(JSON.stringify(request.json)), 'application/json'];
  } else if (isUint8Array(body)) {
    // Not `instanceof`: bytes made in another realm (a vm context, the window's tests under jsdom) are
    // still bytes, and must not fall through as an empty body.
    bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  } else if (typeof body === 'string') {
    [bytes, type] = [Buffer.from(body), 'text/plain;charset=UTF-8'];
  } else if (body instanceof URLSearchParams) {
    [bytes, type] = [Buffer.from(body.toString()), 'application/x-www-form-urlencoded;charset=UTF-8'];
  } else {
    [bytes, type] = [body.parts, body.contentType];
  }
  if (type && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
    headers['content-type'] = type;
  return Array.isArray(bytes) ? bytes : [bytes];
}

/**
 * One request and its answer, read up to `maxBytes`. An answer that arrives before the body is all
 * sent (a 413 while uploading) is the answer, whatever happens to the rest of the upload.
 */
async function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Uint8Array[] | undefined,
  signal: AbortSignal,
  maxBytes: number,
  target: HostTarget,
  onSent?: () => void,
): Promise<{ status: number; headers: ResponseHeaders; bytes: Uint8Array }> {
  // TLS is loaded only for an https address: a LAN server's upload does without it.
  const send = url.protocol === 'https:' ? (await import('node:https')).request : httpRequest;
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const length = body?.reduce((sum, part) => sum + part.length, 0);
    const outgoing = { ...headers, ...(length !== undefined && { 'content-length': String(length) }) };
    let answer: IncomingMessage | undefined;
    let settled = false;
    const settle = (
      error: unknown,
      value?: { status: number; headers: ResponseHeaders; bytes: Uint8Array },
    ) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        answer?.destroy();
        reject(error);
      } else resolve(value!);
    };
    const onAbort = () => settle(signal.reason ?? new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    const req = send(url, { method, headers: outgoing });
    req.on('error', (error) => {
      if (!answer) settle(error);
    });
    req.on('response', (response) => {
      answer = response;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          settle(
            new ShotlinkError(
              'host',
              `${target.name} sent an answer larger than ${formatBytes(maxBytes)}, far more than an upload result; ` +
                `the address may point at the wrong server.`,
              { code: 'response_too_large' },
            ),
          );
        } else chunks.push(chunk);
      });
      response.on('error', (error) => settle(error));
      // Closed before its end: the connection was cut mid-answer.
      response.on('close', () => {
        if (!response.complete)
          settle(Object.assign(new Error('the answer was cut off'), { code: 'ECONNRESET' }));
      });
      response.on('end', () =>
        settle(null, {
          status: response.statusCode ?? 0,
          headers: responseHeaders(response.headers),
          bytes: Buffer.concat(chunks, size),
        }),
      );
    });
    for (const part of body?.slice(0, -1) ?? []) req.write(part);
    req.end(body?.at(-1), onSent);
  });
}

function responseHeaders(headers: IncomingHttpHeaders): ResponseHeaders {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

function parseUrl(request: HttpRequest): URL {
  try {
    const url = new URL(request.url);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  const setting = request.target.addressSetting ? ` Check the setting ${request.target.addressSetting}.` : '';
  throw new ShotlinkError(
    'usage',
    `The address for ${request.target.name} is not a valid http(s) URL: "${request.url}".${setting}`,
    { code: 'bad_url' },
  );
}

function timeoutError(request: HttpRequest): ShotlinkError {
  const seconds = Math.round((request.timeoutMs / 1000) * 10) / 10;
  return new ShotlinkError(
    'host',
    `${request.target.name} did not answer within ${seconds} seconds (${request.url}). The connection may be ` +
      `slow or the host busy: try again, or allow more time with the setting ${TIMEOUT_SETTING}.`,
    { retryable: true, code: 'timeout' },
  );
}

/** The socket's error code, also when wrapped in `cause` or an AggregateError (IPv4 and IPv6 both tried). */
function errorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const code = (cause as { code?: unknown })?.code;
  if (typeof code === 'string') return code;
  const first = (cause as { errors?: unknown[] })?.errors?.[0] as { code?: unknown } | undefined;
  return typeof first?.code === 'string' ? first.code : undefined;
}

function networkError(request: HttpRequest, error: unknown): ShotlinkError {
  const code = errorCode(error);
  const { name, addressSetting } = request.target;
  const where = `Could not reach ${name} at ${request.url}`;
  const checkAddress = addressSetting
    ? ` If the address is wrong, change the setting ${addressSetting}.`
    : '';
  if (code && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return new ShotlinkError(
      'host',
      `${where}: its TLS certificate was not accepted (${code}). A proxy or captive portal may be ` +
        `intercepting the connection.${checkAddress}`,
      { code: 'tls' },
    );
  }
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'the connection was refused',
    ENOTFOUND: 'the name could not be resolved (DNS)',
    EAI_AGAIN: 'the name could not be resolved (DNS)',
    ECONNRESET: 'the connection was cut off',
    UND_ERR_SOCKET: 'the connection was cut off',
    EPIPE: 'the connection was cut off',
    ETIMEDOUT: 'connecting timed out',
    UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
    EHOSTUNREACH: 'the host is unreachable',
    ENETUNREACH: 'the network is unreachable',
  };
  const reason =
    (code && reasons[code]) ?? `${(error as Error)?.message ?? String(error)}${code ? ` (${code})` : ''}`;
  return new ShotlinkError('host', `${where}: ${reason}. Is the network up?${checkAddress}`, {
    retryable: true,
    code: 'unreachable',
  });
}

/** The host's Retry-After, in seconds from `now` (it may be a number of seconds or an HTTP date). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

export function isHtml(response: HttpResponse): boolean {
  if (response.mediaType === 'text/html' || response.mediaType === 'application/xhtml+xml') return true;
  return /^\s*<(!doctype|html|head|body)\b/i.test(response.text.slice(0, 512));
}

/** The body as JSON, or undefined when it is not JSON (error answers may be anything). */
export function tryParseJson(response: HttpResponse): unknown {
  if (response.text.trim() === '') return undefined;
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    return undefined;
  }
}

function htmlError(response: HttpResponse, target: HostTarget): ShotlinkError {
  const origin = new URL(response.url).origin;
  return new ShotlinkError(
    'host',
    `${target.name} answered with an HTML page instead of JSON (HTTP ${response.status} from ${response.url}) — ` +
      `the host may be down or behind a captive portal (a Wi-Fi login page). Open ${origin} in a browser ` +
      `to check, then try again.`,
    { retryable: true, code: 'html_response' },
  );
}

/** Parses a successful answer's JSON, failing clearly on HTML pages and garbage. */
export function parseJsonBody(response: HttpResponse, target: HostTarget): unknown {
  if (isHtml(response)) throw htmlError(response, target);
  const json = tryParseJson(response);
  if (json === undefined) {
    const excerpt = response.text.trim().slice(0, 80).replace(/\s+/g, ' ');
    throw new ShotlinkError(
      'host',
      `${target.name} answered with something that is not JSON (HTTP ${response.status}` +
        `${response.mediaType ? `, ${response.mediaType}` : ''}: "${excerpt}"). Try again; if it keeps ` +
        `happening, the host may have changed its API.`,
      { code: 'bad_response' },
    );
  }
  return json;
}

/** Validates a host's answer; the message names the first fields that did not match. */
export function validateAnswer<T>(schema: z.ZodType<T>, value: unknown, target: HostTarget): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(answer)'}: ${issue.message}`)
    .join('; ');
  throw new ShotlinkError(
    'host',
    `${target.name} sent an unexpected answer (${problems}). The host may have changed its API; ` +
      `please report this.`,
    { code: 'unexpected_response' },
  );
}

/** The human-readable message an error answer carries, in the shapes hosts commonly use. */
export function hostMessage(json: unknown): string | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const { message, error } = json as { message?: unknown; error?: unknown };
  if (typeof message === 'string' && message) return message;
  if (error && typeof error === 'object') {
    const nested = (error as { message?: unknown }).message;
    if (typeof nested === 'string' && nested) return nested;
  }
  return typeof error === 'string' && error ? error : undefined;
}

/** `: "what the host said"` for a message, or "" when it said nothing; trailing dots dropped. */
export function quoteHostMessage(said: string | undefined): string {
  const trimmed = said?.trim().replace(/[.\s]+$/, '');
  return trimmed ? `: "${trimmed}"` : '';
}

/** The fallback for an HTTP error no provider rule claimed: by status class. */
export function httpStatusError(response: HttpResponse, target: HostTarget, json: unknown): ShotlinkError {
  const { status } = response;
  const saying = quoteHostMessage(hostMessage(json));
  const code = `http_${status}`;
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
    const when =
      retryAfterSeconds !== undefined ? `in ${formatSeconds(retryAfterSeconds)}` : 'in a few minutes';
    return new ShotlinkError(
      'host',
      `${target.name} is limiting requests (HTTP 429)${saying}. Try again ${when}.`,
      {
        retryable: true,
        code: 'rate_limited',
        ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
      },
    );
  }
  if (status === 511) return htmlError(response, target);
  if (status >= 500) {
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
    return new ShotlinkError(
      'host',
      `${target.name} had a server error (HTTP ${status})${isHtml(response) ? ' and sent an HTML error page' : saying}. ` +
        `This is usually temporary: try again in a few minutes.`,
      { retryable: true, ...fromHost(code), ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) },
    );
  }
  if (isHtml(response)) return htmlError(response, target);
  if (status === 401 || status === 403) {
    return new ShotlinkError(
      'host',
      `${target.name} refused the request (HTTP ${status})${saying}. Check the credentials set for it.`,
      fromHost(code),
    );
  }
  if (status === 404 || status === 405) {
    const setting = target.addressSetting ? ` (setting ${target.addressSetting})` : '';
    return new ShotlinkError(
      'host',
      `${target.name} has no upload endpoint at ${response.url} (HTTP ${status}). Check its address${setting}.`,
      fromHost(code),
    );
  }
  if (status === 413) {
    return new ShotlinkError('input', `${target.name} refused the image as too large (HTTP 413)${saying}.`, {
      code: 'file_too_large',
    });
  }
  return new ShotlinkError(
    'host',
    `${target.name} refused the upload (HTTP ${status})${saying}.`,
    fromHost(code),
  );
}

export interface JsonRequest<T> extends HttpRequest {
  /** The shape of a successful answer. */
  schema: z.ZodType<T>;
  /** The provider's own reading of an error answer; undefined falls back to `httpStatusError`. */
  mapError?: (response: HttpResponse, json: unknown) => ShotlinkError | undefined;
}

/** Sends a request whose successful answer is JSON of a known shape. */
export async function requestJson<T>(request: JsonRequest<T>): Promise<T> {
  const response = await sendHttpRequest(request);
  if (response.status >= 200 && response.status < 300) {
    return validateAnswer(request.schema, parseJsonBody(response, request.target), request.target);
  }
  const json = tryParseJson(response);
  throw request.mapError?.(response, json) ?? httpStatusError(response, request.target, json);
}

/** The base URL without trailing slashes, so `${base}/api/free` never has a double slash. */
export function trimBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}
