// The Fastify application: plugins, security headers, one error shape, and the routes. No listing
// route exists; anything not matched (including every malformed or traversing URL) is a plain 404.
import Fastify, { type FastifyInstance, type FastifyError, type FastifyReply } from 'fastify';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { HttpError } from './http-error.ts';
import { addSecurityHeaders } from './security-headers.ts';
import { registerUploadRoute } from './routes/upload.ts';
import { registerImageRoutes } from './routes/images.ts';
import { registerViewerRoute } from './routes/viewer.ts';
import { registerDeleteRoutes } from './routes/delete.ts';
import { registerSharexRoute } from './routes/sharex.ts';
import type { ServerParts } from './config.ts';
import { DEFAULT_LIMITS, limitedServer, type ServerLimits } from './limits.ts';

/** Errors that mean the client hung up, not that the server failed. */
const CLIENT_GONE = new Set(['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE', 'EPIPE', 'ECONNABORTED']);

/** Fastify's own error codes that a client can cause, as our status and code. */
const FRAMEWORK_ERRORS: Record<string, [number, string, string]> = {
  FST_REQ_FILE_TOO_LARGE: [413, 'file_too_large', 'The image is larger than this server accepts.'],
  FST_FILES_LIMIT: [413, 'too_many_files', 'Send one image per upload.'],
  FST_PARTS_LIMIT: [413, 'too_many_parts', 'Too many form fields: send the image and at most `expires`.'],
  FST_FIELDS_LIMIT: [413, 'too_many_parts', 'Too many form fields: send the image and at most `expires`.'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [
    415,
    'unsupported_media_type',
    'Send the image as multipart/form-data.',
  ],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Send the image as multipart/form-data.'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'file_too_large', 'The request body is too large.'],
};

export async function buildServerApp(
  parts: ServerParts,
  log: (line: string) => void,
  options: { behindProxy?: boolean; limits?: ServerLimits } = {},
): Promise<FastifyInstance> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const app = Fastify({
    logger: false,
    serverFactory: (handler) => limitedServer(limits, handler),
    // Behind a reverse proxy on this machine, rate limits apply to the client it forwards for. Only a
    // proxy on loopback is believed: a LAN client could otherwise claim any address in X-Forwarded-For.
    trustProxy: options.behindProxy ? ['127.0.0.1', '::1'] : false,
    // Stop promptly even with keep-alive clients (tests, benchmarks, browsers) still connected.
    forceCloseConnections: true,
    // A URL that cannot even be decoded is one more thing that is not an image here.
    frameworkErrors: (_error, _request, reply) => {
      void (reply as FastifyReply).code(404).send({ error: 'not_found', message: 'No image here.' });
    },
  });

  await app.register(rateLimit, {
    global: false,
    // Replicas on shared backends count together (the database); one machine counts in memory.
    ...(parts.rateStore && { store: parts.rateStore }),
    errorResponseBuilder: (_request, context) =>
      new HttpError(
        429,
        'rate_limited',
        `Too many requests from this address: try again in ${context.after}.`,
      ),
  });
  addSecurityHeaders(app);

  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: 'not_found', message: 'No image here.' }),
  );
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    // The client went away mid-request (closed the tab, timed out): nobody to answer, nothing to log.
    if (request.raw.socket?.destroyed || CLIENT_GONE.has((error as NodeJS.ErrnoException).code ?? '')) {
      return reply.hijack();
    }
    if (error instanceof HttpError) {
      if (error.statusCode === 401) reply.header('WWW-Authenticate', 'Bearer');
      reply.headers(error.headers);
      return reply.code(error.statusCode).send({ error: error.code, message: error.message });
    }
    const known = FRAMEWORK_ERRORS[error.code];
    if (known) return reply.code(known[0]).send({ error: known[1], message: known[2] });
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return reply.code(status).send({ error: 'bad_request', message: error.message });
    log(`Shotlink server error: ${error.stack ?? error.message}`);
    return reply
      .code(500)
      .send({ error: 'upload_failed', message: 'The server failed; the error is in its log. Try again.' });
  });

  app.get('/', async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send('Shotlink image server. Upload with POST /api/upload.\n'),
  );
  // Multipart parsing only where an upload arrives: its hooks cost every GET otherwise.
  await app.register(async (uploads) => {
    await uploads.register(multipart);
    registerUploadRoute(uploads, parts);
  });
  registerImageRoutes(app, parts);
  registerViewerRoute(app, parts);
  registerDeleteRoutes(app, parts);
  registerSharexRoute(app, parts);
  return app;
}
