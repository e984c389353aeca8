// GET /v/<id>: the viewer page (see viewer-page.ts).
import type { FastifyInstance } from 'fastify';
import { isImageId } from '../ids.ts';
import { notFound } from '../http-error.ts';
import { imageUrls, type ServerParts } from '../config.ts';
import { renderViewerPage, VIEWER_CSP } from '../viewer-page.ts';
import { requireFound } from './images.ts';

export function registerViewerRoute(app: FastifyInstance, parts: ServerParts): void {
  app.get<{ Params: { id: string } }>('/v/:id', async (request, reply) => {
    if (!isImageId(request.params.id)) throw notFound();
    const record = requireFound(await parts.library.lookup(request.params.id, parts.now()));
    const html = await renderViewerPage(record, imageUrls(parts.config.baseUrl, record));
    return reply
      .type('text/html; charset=utf-8')
      .header('Content-Security-Policy', VIEWER_CSP)
      .header('Cache-Control', 'no-cache')
      .send(html);
  });
}
