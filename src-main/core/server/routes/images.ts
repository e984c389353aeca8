// GET /i/<id>.<ext>: the image bytes, with ETag, Range, long immutable caching and a sandboxing CSP.
// The URL is matched against the id pattern and the index before anything touches the disk; the file
// path comes from the index record alone. That is the whole defence against path traversal: no
// request text ever becomes part of a path.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isImageId } from '../ids.ts';
import { HttpError, notFound } from '../http-error.ts';
import { parseRange } from '../range.ts';
import { IMAGE_CSP } from '../security-headers.ts';
import type { ServerParts } from '../config.ts';
import type { ImageRecord } from '../image-index.ts';
import type { Lookup } from '../library.ts';

const YEAR_SECONDS = 365 * 24 * 3600;

export function registerImageRoutes(app: FastifyInstance, parts: ServerParts): void {
  app.get<{ Params: { file: string } }>('/i/:file', async (request, reply) => {
    const record = await findImage(parts, request.params.file);
    setImageHeaders(reply, record, parts.now());

    const ifNoneMatch = request.headers['if-none-match'];
    const matches = (tag: string) => tag === '*' || tag.replace(/^W\//, '') === record.etag;
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => matches(tag.trim()))) {
      return reply.code(304).send();
    }
    const body = await parts.library.body(record);
    // If-Range: a client resuming with a stale validator gets the whole (current) file.
    const ifRange = request.headers['if-range'];
    const rangeHeader = ifRange && ifRange !== record.etag ? undefined : request.headers.range;
    const range = parseRange(rangeHeader, body.size);
    if (range.kind === 'unsatisfiable') {
      return reply.code(416).header('Content-Range', `bytes */${body.size}`).send();
    }
    const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, body.size - 1];
    if (range.kind === 'partial') {
      reply.code(206).header('Content-Range', `bytes ${start}-${end}/${body.size}`);
    }
    if (body.kind === 'memory') return reply.send(body.bytes.subarray(start, end + 1));
    // Streamed: a bounded chunk per reader, however slowly it reads; the stream closes with the socket.
    return reply.header('Content-Length', end - start + 1).send(await body.open(start, end));
  });
}

/** The record for "<id>.<ext>", or the HTTP answer for why there is none (404, or 410 once expired). */
export async function findImage(parts: ServerParts, file: string): Promise<ImageRecord> {
  const dot = file.lastIndexOf('.');
  const id = dot === -1 ? file : file.slice(0, dot);
  const ext = dot === -1 ? undefined : file.slice(dot + 1);
  if (!isImageId(id)) throw notFound();
  const found = requireFound(await parts.library.lookup(id, parts.now()));
  if (ext !== undefined && ext !== found.ext) throw notFound();
  return found;
}

export function requireFound(lookup: Lookup): ImageRecord {
  if (lookup.status === 'found') return lookup.record;
  if (lookup.status === 'expired') throw new HttpError(410, 'expired', 'This image has expired.');
  throw notFound();
}

function setImageHeaders(reply: FastifyReply, record: ImageRecord, now: number): void {
  // Immutable: the bytes behind a URL never change. But never cache past the image's expiry.
  const maxAge =
    record.expiresAt === null
      ? YEAR_SECONDS
      : Math.max(0, Math.min(YEAR_SECONDS, Math.floor((Date.parse(record.expiresAt) - now) / 1000)));
  reply.headers({
    'Content-Type': record.contentType,
    ETag: record.etag,
    'Last-Modified': new Date(record.createdAt).toUTCString(),
    'Accept-Ranges': 'bytes',
    'Cache-Control': `public, max-age=${maxAge}, immutable`,
    'Content-Security-Policy': IMAGE_CSP,
    'Cross-Origin-Resource-Policy': 'cross-origin',
  });
}
