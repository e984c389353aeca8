// Bearer-token checks for the routes that change things (upload, delete) or reveal the token (sxcu).
import type { FastifyRequest } from 'fastify';
import { secretsMatch } from './ids.ts';
import { HttpError } from './http-error.ts';

export function hasValidToken(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match !== null && secretsMatch(match[1]!, token);
}

export function requireToken(request: FastifyRequest, token: string): void {
  if (hasValidToken(request, token)) return;
  throw new HttpError(
    401,
    'unauthorized',
    request.headers.authorization
      ? 'The token is wrong. Copy it again from `shotlink server token` on the server.'
      : 'Send the server token as `Authorization: Bearer <token>` (print it with `shotlink server token`).',
  );
}
