// Headers every answer carries. The default CSP forbids everything: JSON and error answers need
// nothing, and the two kinds of page we serve (images, the viewer) set their own narrow policy.
import type { FastifyInstance } from 'fastify';

export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** For image bytes: a browser showing one directly needs only the image and inline layout styles;
 * `sandbox` makes sure nothing in such a response could ever run script. */
export const IMAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

export function addSecurityHeaders(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every answer, and a promise per request shows in
  // the requests per second of small images (bench/server.ts).
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    if (!reply.hasHeader('Content-Security-Policy')) reply.header('Content-Security-Policy', DEFAULT_CSP);
    done(null, payload);
  });
}
