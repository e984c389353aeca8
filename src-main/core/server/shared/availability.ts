// When the team server's backends cannot be reached: which errors mean "PostgreSQL or the bucket is
// down (or restarting, or failing over)" rather than "this request is wrong", and the answer a client
// gets then — 503 with Retry-After, so uploaders wait and try again instead of giving up or counting
// it as a failure of the image. The replica itself stays up and recovers once the backend is back.
import { HttpError } from '../http-error.ts';

/** What a client is told to wait before trying again, in seconds. */
export const RETRY_AFTER_SECONDS = 5;

/** Network failures, from either backend. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'TimeoutError',
  'RequestTimeout',
]);

/**
 * PostgreSQL's own codes for "not now": class 08 (connection exception), 57P01–57P03 (shut down by an
 * administrator or a crash, or still starting), 53300 (too many connections). node-postgres reports a
 * socket that closed or a pool that timed out waiting with a message only.
 */
export function databaseUnreachable(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  if (
    code &&
    (NETWORK_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code) || code === '53300')
  )
    return true;
  return /Connection terminated|timeout exceeded when trying to connect|not queryable|Client was closed/i.test(
    message ?? '',
  );
}

/** The bucket could not be reached, or answered that it is overloaded or failing (5xx). */
export function storageUnreachable(error: unknown): boolean {
  const { name, code, $metadata } = error as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = $metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500;
  return NETWORK_CODES.has(code ?? '') || NETWORK_CODES.has(name ?? '') || name === 'AbortError';
}

export function unavailable(what: 'database' | 'storage'): HttpError {
  return new HttpError(
    503,
    'unavailable',
    what === 'database'
      ? `The server's database cannot be reached right now: nothing was changed. Try again in ${RETRY_AFTER_SECONDS} s.`
      : `The server's image store cannot be reached right now: nothing was changed. Try again in ${RETRY_AFTER_SECONDS} s.`,
    { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  );
}

/** Runs `work`, answering 503 instead of 500 when the database is what failed. */
export async function needsDatabase<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw databaseUnreachable(error) ? unavailable('database') : error;
  }
}

/** Runs `work`, answering 503 instead of 500 when the bucket is what failed. */
export async function needsStorage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw storageUnreachable(error) ? unavailable('storage') : error;
  }
}
