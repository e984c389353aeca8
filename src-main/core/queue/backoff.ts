// When to try a failed upload again: exponential backoff with jitter, never sooner than the host asked
// (img.pro `action.seconds`, `Retry-After`), so a rate-limited host is not hammered.

export interface BackoffPolicy {
  /** Delay after the first failure. */
  baseMs: number;
  /** Our own cap on the exponential delay (a host's Retry-After may ask for longer and is honoured). */
  maxMs: number;
  /** Attempts before a retryable failure becomes a failed job (the user can still retry it). */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000, maxAttempts: 12 };

/** A host asking for more than this is treated as "much later", not obeyed to the letter. */
const LONGEST_HOST_WAIT_MS = 6 * 60 * 60_000;

/**
 * Delay before attempt `attempts + 1`, given `attempts` failures so far. Jitter spreads jobs that failed
 * together (the host went down under all of them) so they do not all come back in the same instant.
 */
export function retryDelayMs(
  attempts: number,
  retryAfterSeconds: number | undefined,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential * (0.8 + 0.4 * random());
  const hostWait =
    retryAfterSeconds !== undefined ? Math.min(retryAfterSeconds * 1000, LONGEST_HOST_WAIT_MS) : 0;
  return Math.round(Math.max(jittered, hostWait));
}
