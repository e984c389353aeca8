// Deleting an image, two ways:
// - `DELETE /api/images/<id>` with the server token (the owner of the server);
// - the delete URL handed to the uploader, `/d/<id>/<secret>`: `DELETE` or `POST` deletes; `GET` only
//   shows a page with a button, because link previewers and prefetchers follow GET links on their own.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isImageId, isDeleteSecret, hashSecret, secretsMatch } from '../ids.ts';
import { notFound } from '../http-error.ts';
import { requireToken } from '../auth.ts';
import { escapeHtml } from '../viewer-page.ts';
import type { ServerParts } from '../config.ts';
import type { ImageRecord } from '../image-index.ts';

type SecretParams = { Params: { id: string; secret: string } };

export function registerDeleteRoutes(app: FastifyInstance, parts: ServerParts): void {
  const { library, config } = parts;
  const rateLimit = { max: config.requestsPerMinute, timeWindow: 60_000 };

  /** The record the delete URL names, if its secret is right; 404 alike for "no such image" and "wrong secret". */
  const recordForSecret = async (request: FastifyRequest<SecretParams>): Promise<ImageRecord> => {
    const { id, secret } = request.params;
    if (!isImageId(id) || !isDeleteSecret(secret)) throw notFound();
    const lookup = await library.lookup(id, Number.NEGATIVE_INFINITY); // an expired image may still be deleted
    if (lookup.status !== 'found' || !secretsMatch(hashSecret(secret), lookup.record.deleteHash))
      throw notFound();
    return lookup.record;
  };

  app.delete<{ Params: { id: string } }>(
    '/api/images/:id',
    { config: { rateLimit } },
    async (request, reply) => {
      requireToken(request, config.token);
      if (!isImageId(request.params.id)) throw notFound();
      const removed = await library.remove([request.params.id]);
      if (removed.length === 0) throw notFound();
      return reply.send({ deleted: true, id: request.params.id });
    },
  );

  app.delete<SecretParams>('/d/:id/:secret', { config: { rateLimit } }, async (request, reply) => {
    const record = await recordForSecret(request);
    await library.remove([record.id]);
    return reply.send({ deleted: true, id: record.id });
  });

  app.post<SecretParams>('/d/:id/:secret', { config: { rateLimit } }, async (request, reply) => {
    const record = await recordForSecret(request);
    await library.remove([record.id]);
    return reply.type('text/html; charset=utf-8').send(page('Deleted', '<p>The image has been deleted.</p>'));
  });

  app.get<SecretParams>('/d/:id/:secret', { config: { rateLimit } }, async (request, reply) => {
    const record = await recordForSecret(request);
    return reply
      .type('text/html; charset=utf-8')
      .header(
        'Content-Security-Policy',
        "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      )
      .header('Cache-Control', 'no-store')
      .send(
        page(
          'Delete this image?',
          `<p>${escapeHtml(record.name)} (${record.width} × ${record.height}) will be deleted for good.</p>` +
            `<form method="post"><button type="submit">Delete</button></form>`,
        ),
      );
  });
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>\n`;
}
