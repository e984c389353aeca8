// POST /api/upload: multipart field `image`, `Authorization: Bearer <token>`, optional `expires`
// (field or query). Answers like img402 — {url, id, contentType, sizeBytes, expiresAt} — plus
// deleteUrl, viewUrl, width and height. Cheap refusals come first: rate limit (onRequest), then token,
// content type and declared size (preParsing), all before a byte of the body is read.
// With an `Idempotency-Key` header (the Shotlink client sends its upload's key), a retry after a cut
// connection gets the first upload's answer back — same id, links and delete URL — and nothing is
// stored twice, concurrent retries included (the library settles which one was first).
import { basename } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { intakeImage, type IntakeErrorCode } from '../../images/intake.ts';
import { ShotlinkError } from '../../../../src-shared/errors.ts';
import { requireToken } from '../auth.ts';
import { HttpError } from '../http-error.ts';
import {
  derivedDeleteSecret,
  hashSecret,
  isIdempotencyKey,
  newDeleteSecret,
  newImageId,
  secretsMatch,
} from '../ids.ts';
import { AlreadyStored } from '../library.ts';
import { parseExpiry, expiresAtFor } from '../expiry.ts';
import { etagOf, IMAGE_EXTENSIONS, type ImageRecord } from '../image-index.ts';
import { imageUrls, type ServerConfig, type ServerParts } from '../config.ts';

/** Room for the multipart envelope and a few small fields around the image itself. */
const ENVELOPE_BYTES = 64 * 1024;

/** Intake's refusals as the server answers them: a status and the code its clients know (img402's). */
const INTAKE_STATUS: Record<IntakeErrorCode, [status: number, code: string]> = {
  empty: [400, 'empty_file'],
  not_an_image: [415, 'unsupported_format'],
  corrupt: [400, 'corrupt_image'],
  too_many_pixels: [413, 'too_many_pixels'],
};

export function registerUploadRoute(app: FastifyInstance, parts: ServerParts): void {
  const { library, config } = parts;
  /** Bytes of uploads in flight, so concurrent uploads cannot together overrun the quota. */
  let reserved = 0;

  app.post('/api/upload', {
    config: { rateLimit: { max: config.requestsPerMinute, timeWindow: 60_000 } },
    preParsing: async (request) => {
      requireToken(request, config.token);
      if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) {
        throw new HttpError(
          415,
          'unsupported_media_type',
          'Send the image as multipart/form-data in the field `image`.',
        );
      }
      const declared = Number(request.headers['content-length']);
      if (declared > config.maxUploadBytes + ENVELOPE_BYTES) throw tooLarge(config.maxUploadBytes);
      if ((await library.usedBytes()) + reserved >= config.quotaBytes) throw quotaExceeded(config.quotaBytes);
    },
    handler: async (request, reply) => {
      const key = idempotencyKeyOf(request);
      const form = await readForm(request, config.maxUploadBytes);
      const first = key === undefined ? undefined : await library.findByKey(key);
      if (first) return replay(reply, config, first);
      const lifetime = lifetimeOf(form.expires, config.defaultLifetimeMs);
      const bytes = form.image;
      if ((await library.usedBytes()) + reserved + bytes.length > config.quotaBytes)
        throw quotaExceeded(config.quotaBytes);
      reserved += bytes.length;
      try {
        const image = await intakeImage(bytes, {
          fileName: form.name,
          maxInputPixels: config.maxInputPixels,
          classify: false, // the server stores what it is sent: it needs the image whole, not measured
        }).catch((error: unknown) => {
          const code = error instanceof ShotlinkError ? error.code : undefined;
          const mapped =
            code && Object.hasOwn(INTAKE_STATUS, code) ? INTAKE_STATUS[code as IntakeErrorCode] : undefined;
          throw mapped && error instanceof Error ? new HttpError(mapped[0], mapped[1], error.message) : error;
        });
        const now = parts.now();
        const id = newImageId();
        const deleteSecret =
          key === undefined ? newDeleteSecret() : derivedDeleteSecret(config.token, id, key);
        const record: ImageRecord = {
          id,
          ext: IMAGE_EXTENSIONS[image.format],
          contentType: `image/${image.format}`,
          sizeBytes: bytes.length,
          width: image.width,
          height: image.height,
          etag: etagOf(bytes),
          deleteHash: hashSecret(deleteSecret),
          createdAt: new Date(now).toISOString(),
          expiresAt: expiresAtFor(lifetime, now),
          name: form.name,
          ...(key !== undefined && { idempotencyKey: key }),
        };
        // Shared by replicas, the quota is settled where the record is written, atomically.
        try {
          if (!(await library.store(record, bytes, config.quotaBytes)))
            throw quotaExceeded(config.quotaBytes);
        } catch (error) {
          if (error instanceof AlreadyStored) return replay(reply, config, error.record);
          throw error;
        }
        return reply.code(201).send(answerFor(reply, config, record, deleteSecret));
      } finally {
        reserved -= bytes.length;
      }
    },
  });
}

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !isIdempotencyKey(header)) {
    throw new HttpError(
      400,
      'bad_idempotency_key',
      'Idempotency-Key must be 1 to 200 visible ASCII characters (a UUID, say), sent once.',
    );
  }
  return header;
}

/** The 201 answer for a stored image, img402's shape plus the delete and viewer links and the size. */
function answerFor(
  reply: FastifyReply,
  config: ServerConfig,
  record: ImageRecord,
  deleteSecret: string | undefined,
) {
  const urls = imageUrls(config.baseUrl, record);
  reply.header('Location', urls.url);
  return {
    url: urls.url,
    id: record.id,
    contentType: record.contentType,
    sizeBytes: record.sizeBytes,
    expiresAt: record.expiresAt,
    ...(deleteSecret && { deleteUrl: `${config.baseUrl}/d/${record.id}/${deleteSecret}` }),
    viewUrl: urls.viewUrl,
    width: record.width,
    height: record.height,
  };
}

/**
 * A retry of an upload already stored: the first one's answer again. Its delete URL is derived again
 * from the token; if the token has changed since, the answer goes without one rather than a wrong one.
 */
function replay(reply: FastifyReply, config: ServerConfig, record: ImageRecord) {
  const secret = derivedDeleteSecret(config.token, record.id, record.idempotencyKey!);
  const valid = secretsMatch(hashSecret(secret), record.deleteHash);
  return reply
    .code(201)
    .header('Idempotent-Replayed', 'true')
    .send(answerFor(reply, config, record, valid ? secret : undefined));
}

interface UploadForm {
  image: Buffer;
  name: string;
  expires: string | undefined;
}

async function readForm(request: FastifyRequest, maxBytes: number): Promise<UploadForm> {
  let image: Buffer | undefined;
  let name = 'image';
  let expires = (request.query as Record<string, unknown>)['expires'];
  const parts = request.parts({
    limits: { fileSize: maxBytes, files: 1, fields: 8, fieldSize: 1024, parts: 9, headerPairs: 50 },
  });
  for await (const part of parts) {
    if (part.type === 'file') {
      if (part.fieldname !== 'image') {
        part.file.resume();
        throw new HttpError(
          400,
          'no_file',
          `Send the image in the multipart field \`image\`, not \`${part.fieldname}\`.`,
        );
      }
      try {
        image = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
        throw error;
      }
      name = cleanName(part.filename);
    } else if (part.fieldname === 'expires') {
      expires = part.value;
    }
  }
  if (!image) throw new HttpError(400, 'no_file', 'No image: send it in the multipart field `image`.');
  return { image, name, expires: typeof expires === 'string' ? expires : undefined };
}

function lifetimeOf(expires: string | undefined, fallback: number | null): number | null {
  if (expires === undefined || expires === '') return fallback;
  const lifetime = parseExpiry(expires);
  if (lifetime === undefined) {
    throw new HttpError(
      400,
      'bad_expiry',
      `"${expires.slice(0, 20)}" is not a lifetime: use e.g. 30m, 1h, 7d, 2w or never.`,
    );
  }
  return lifetime;
}

/** The uploader's file name is shown on the viewer page only; keep it short and printable. */
function cleanName(fileName: string | undefined): string {
  const name = basename((fileName ?? '').replace(/\\/g, '/'))
    .replace(/\p{Cc}/gu, '') // control characters
    .slice(0, 200);
  return name || 'image';
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(
    413,
    'file_too_large',
    `The image is larger than this server accepts (${Math.round(maxBytes / 1024 / 1024)} MB).`,
  );
}

function quotaExceeded(quotaBytes: number): HttpError {
  return new HttpError(
    507,
    'quota_exceeded',
    `The server's storage quota (${Math.round(quotaBytes / 1024 / 1024)} MB) is full: delete images or raise server.quotaMb.`,
  );
}
