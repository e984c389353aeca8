// The loopback HTTP bridge: the same dispatch table and events as the Electron preload, over HTTP on
// 127.0.0.1, so the window runs in a normal browser (browser tests, desktops without a tray).
// Wire format: src-shared/bridge-protocol.ts. Anyone on this machine can reach a loopback port, so
// every request needs the session's random token (401 without), and a request a browser sends on behalf
// of another site (foreign Origin, cross-site fetch metadata, a rebound Host name) is refused (403).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ApiResponse } from '../../../src-shared/api.ts';
import {
  BRIDGE_CALL_PREFIX,
  BRIDGE_EVENTS_PATH,
  BRIDGE_TICKET_PARAM,
  BRIDGE_TICKET_PATH,
  BRIDGE_TOKEN_PARAM,
  MAX_CALL_BODY_BYTES,
} from '../../../src-shared/bridge-protocol.ts';
import type { ApiEventBus } from '../events.ts';
import { WINDOW_CSP } from '../../../src-shared/window-csp.ts';

export interface BridgeOptions {
  /** The dispatch table's entry point: validates and runs one call, never throws. */
  call(method: string, args: unknown, signal?: AbortSignal): Promise<ApiResponse<unknown>>;
  events: Pick<ApiEventBus, 'onAny'>;
  /** The built window (dist/renderer); a placeholder page explains how to build it when absent. */
  rendererDir?: string | null;
  /** 0 picks a free port. */
  port?: number;
  /** Defaults to 32 random bytes. */
  token?: string;
  /** Extra origins allowed to call (e.g. a Vite dev server during development). */
  allowedOrigins?: string[];
}

export interface Bridge {
  /** Base URL without the token: http://127.0.0.1:PORT */
  url: string;
  /** The page with the token: what `shotlink ui` prints and a browser opens. */
  pageUrl: string;
  /**
   * The page with a one-time ticket instead of the token, for handing to another program (its argv is
   * readable by any local user): the page trades the ticket for the token once, within a minute.
   */
  ticketUrl(): string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** Largest call body: an image dropped in the window arrives base64-encoded (20 MB image ~ 27 MB). */
const MAX_BODY_BYTES = MAX_CALL_BODY_BYTES;
const HEARTBEAT_MS = 20_000;
/** A ticket handed to a browser must be traded within this. */
const TICKET_LIFETIME_MS = 60_000;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

const PLACEHOLDER_PAGE = `<!doctype html><meta charset="utf-8"><title>Shotlink</title>
<p>The Shotlink window is not built yet. Run <code>npm run build</code>, then <code>shotlink ui</code> again.</p>
<p>The API is running: <code>POST /api/call/&lt;method&gt;</code> with the token.</p>`;

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const expected = Buffer.from(token);
  const streams = new Set<ServerResponse>();
  let port = 0;

  /**
   * The token from the Authorization header, or from `?token=` where a browser cannot send a header:
   * the page a person opens and the event stream (EventSource). A call carries it in the header only,
   * so the token never lands in a log line or a Referer with the call's method.
   */
  const hasToken = (request: IncomingMessage, query: URLSearchParams, inUrlAllowed: boolean): boolean => {
    const header = request.headers.authorization;
    const offered = header?.startsWith('Bearer ')
      ? header.slice(7).trim()
      : inUrlAllowed
        ? query.get(BRIDGE_TOKEN_PARAM)
        : null;
    if (!offered) return false;
    const given = Buffer.from(offered);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  /** Unused tickets and when they lapse. */
  const tickets = new Map<string, number>();
  const redeem = (ticket: unknown): boolean => {
    if (typeof ticket !== 'string') return false;
    const lapses = tickets.get(ticket);
    tickets.delete(ticket); // single use, whatever the outcome
    return lapses !== undefined && lapses > Date.now();
  };

  const ownOrigins = () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const foreignReason = (request: IncomingMessage): string | null => {
    const host = request.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
      return `Host "${host}" is not this bridge.`;
    const origin = request.headers.origin;
    if (origin !== undefined && !ownOrigins().includes(origin) && !options.allowedOrigins?.includes(origin)) {
      return `Origin "${origin}" may not use the Shotlink bridge.`;
    }
    if (request.headers['sec-fetch-site'] === 'cross-site')
      return 'Cross-site requests may not use the Shotlink bridge.';
    return null;
  };

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return void response.destroy();
      // An address that does not decode (`/assets/%E0%A4%A`) is the caller's mistake, not ours.
      if (error instanceof URIError) return sendText(response, 400, 'That address is malformed.');
      sendText(response, 500, `Internal error: ${(error as Error).message}`);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://bridge.invalid');
    const foreign = foreignReason(request);
    if (foreign) return sendText(response, 403, foreign);

    if (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.ico') {
      // Built, hashed code and styles with no user data in them: a browser fetches these without
      // the token (a <script src> cannot carry it), so they are served to any local caller.
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return sendText(response, 405, 'Method not allowed.');
      return serveStatic(response, url.pathname);
    }

    if (url.pathname === BRIDGE_TICKET_PATH) {
      if (request.method !== 'POST') return sendText(response, 405, 'Tickets are traded with POST.');
      let ticket: unknown;
      try {
        ticket = (JSON.parse(await readBody(request)) as { ticket?: unknown }).ticket;
      } catch {
        ticket = undefined;
      }
      if (!redeem(ticket))
        return sendText(response, 401, 'That ticket is used or lapsed: open the URL `shotlink ui` printed.');
      return sendJson(response, { token });
    }

    const isCall = url.pathname.startsWith(BRIDGE_CALL_PREFIX);
    if (!hasToken(request, url.searchParams, !isCall)) {
      return sendText(
        response,
        401,
        isCall && url.searchParams.has(BRIDGE_TOKEN_PARAM)
          ? 'A call carries the bridge token in its Authorization header (Bearer), never in the URL.'
          : 'This Shotlink bridge needs its token: open the URL `shotlink ui` printed.',
      );
    }

    if (isCall) {
      if (request.method !== 'POST') return sendText(response, 405, 'Calls are POST requests.');
      const method = decodeURIComponent(url.pathname.slice(BRIDGE_CALL_PREFIX.length));
      let args: unknown;
      try {
        args = parseCallBody(await readBody(request));
      } catch (error) {
        // The rest of an oversized body is not read: answer, then close the connection.
        if (error instanceof BodyTooLarge) response.setHeader('Connection', 'close');
        return sendJson(response, {
          ok: false,
          error: { kind: 'usage', message: (error as Error).message, retryable: false },
        });
      }
      // A caller that goes away before the answer cancels the work it asked for (e.g. OCR).
      const gone = new AbortController();
      const onClose = () => {
        if (!response.writableFinished) gone.abort();
      };
      response.on('close', onClose);
      try {
        return sendJson(response, await options.call(method, args, gone.signal));
      } finally {
        response.off('close', onClose);
      }
    }

    if (url.pathname === BRIDGE_EVENTS_PATH) {
      if (request.method !== 'GET') return sendText(response, 405, 'Events are a GET request.');
      return openEventStream(response);
    }

    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return sendText(response, 405, 'Method not allowed.');
      const index = options.rendererDir ? join(options.rendererDir, 'index.html') : null;
      const html = index && existsSync(index) ? await readFile(index) : Buffer.from(PLACEHOLDER_PAGE);
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': WINDOW_CSP,
        'Cache-Control': 'no-store',
      });
      response.end(request.method === 'HEAD' ? undefined : html);
      return;
    }
    return sendText(response, 404, 'Not found.');
  }

  async function serveStatic(response: ServerResponse, pathname: string): Promise<void> {
    const root = options.rendererDir;
    const relative = normalize(decodeURIComponent(pathname)).replace(/^[/\\]+/, '');
    const file = root ? join(root, relative) : null;
    if (!root || !file || !file.startsWith(root + sep) || relative.split(/[/\\]/).includes('..')) {
      return sendText(response, 404, 'Not found.');
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return sendText(response, 404, 'Not found.');
    }
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
    response.end(body);
  }

  function openEventStream(response: ServerResponse): void {
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    response.write('retry: 2000\n\n');
    streams.add(response);
    const unsubscribe = options.events.onAny((event, payload) => {
      response.write(`event: ${event}\ndata: ${JSON.stringify(payload ?? null)}\n\n`);
    });
    // Comments keep proxies and idle-connection reapers from closing a quiet stream.
    const heartbeat = setInterval(() => response.write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    response.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(response);
    });
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    pageUrl: `${base}/?${BRIDGE_TOKEN_PARAM}=${encodeURIComponent(token)}`,
    ticketUrl() {
      const ticket = randomBytes(24).toString('base64url');
      tickets.set(ticket, Date.now() + TICKET_LIFETIME_MS);
      return `${base}/?${BRIDGE_TICKET_PARAM}=${ticket}`;
    },
    token,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const stream of streams) stream.end();
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  // The page URL carries the token: never hand it to another site as a referrer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}

function sendJson(response: ServerResponse, body: unknown): void {
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

class BodyTooLarge extends Error {
  constructor() {
    super(
      `The request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB: upload such a file by its path instead.`,
    );
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        return reject(new BodyTooLarge());
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseCallBody(text: string): unknown {
  if (text.trim() === '') return [];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error('The request body is not JSON: send {"args":[...]}.');
  }
  if (!body || typeof body !== 'object' || !('args' in body)) {
    throw new Error('The request body must be {"args":[...]}.');
  }
  return (body as { args: unknown }).args;
}
