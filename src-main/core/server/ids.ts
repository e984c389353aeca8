// Image ids and delete secrets. Both are random, never derived from the content or a counter, so
// nobody can guess another person's link: an id carries 128 random bits (the issue asks for ≥ 96).
import { randomBytes, createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** 16 random bytes as base64url: 22 characters from [A-Za-z0-9_-]. */
export function newImageId(): string {
  return randomBytes(16).toString('base64url');
}

/** The secret in an image's delete URL: 32 random bytes, shown once, stored only as a hash. */
export function newDeleteSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The delete secret of an upload sent with an Idempotency-Key: derived (HMAC with the server token)
 * rather than random, so a retry can be answered with the same delete URL although only its hash is
 * stored. Unguessable without the token, whose holder may delete any image anyway.
 */
export function derivedDeleteSecret(token: string, id: string, idempotencyKey: string): string {
  return createHmac('sha256', token).update(`delete\0${id}\0${idempotencyKey}`).digest('base64url');
}

/** What a client may send as Idempotency-Key: 1 to 200 visible ASCII characters. */
export function isIdempotencyKey(value: string): boolean {
  return /^[\x21-\x7e]{1,200}$/.test(value);
}

const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The only gate between a URL and the disk: anything that is not exactly an id shape is refused. */
export function isImageId(value: string): boolean {
  return ID_PATTERN.test(value);
}

export function isDeleteSecret(value: string): boolean {
  return SECRET_PATTERN.test(value);
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares secrets in constant time (over their hashes, so lengths never leak either). */
export function secretsMatch(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
