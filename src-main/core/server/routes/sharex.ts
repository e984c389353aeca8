// GET /api/sharex.sxcu: a ShareX custom uploader for this server, so ShareX on a Windows machine of the
// LAN can upload here. The token is written into it only for a request that already carries it;
// anyone else gets a placeholder saying where to find the token.
import type { FastifyInstance } from 'fastify';
import { hasValidToken } from '../auth.ts';
import type { ServerParts } from '../config.ts';
import type { Sxcu } from '../../providers/custom/sxcu.ts';

export const TOKEN_PLACEHOLDER = 'Bearer <paste the output of `shotlink server token` here>';

export function registerSharexRoute(app: FastifyInstance, parts: ServerParts): void {
  const { config } = parts;
  app.get(
    '/api/sharex.sxcu',
    { config: { rateLimit: { max: config.requestsPerMinute, timeWindow: 60_000 } } },
    async (request, reply) => {
      const authorised = hasValidToken(request, config.token);
      const sxcu: Sxcu = {
        Version: '15.0.0',
        Name: `Shotlink (${new URL(config.baseUrl).host})`,
        DestinationType: 'ImageUploader',
        RequestMethod: 'POST',
        RequestURL: `${config.baseUrl}/api/upload`,
        Headers: { Authorization: authorised ? `Bearer ${config.token}` : TOKEN_PLACEHOLDER },
        Body: 'MultipartFormData',
        FileFormName: 'image',
        URL: '{json:url}',
        ThumbnailURL: '{json:url}',
        DeletionURL: '{json:deleteUrl}',
        ErrorMessage: '{json:message}',
      };
      return reply
        .type('application/json; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="shotlink.sxcu"')
        .header('Cache-Control', 'no-store')
        .send(JSON.stringify(sxcu, null, 2));
    },
  );
}
