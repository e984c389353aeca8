// Retrying an upload in the foreground (the CLI, a one-off upload): try again only when the failure can
// pass (a retryable ShotlinkError), wait as long as the host asked (img.pro `action.seconds`, Retry-After)
// but never longer than the caller accepts, and back off exponentially otherwise. The persistent queue
// schedules its own retries (queue/backoff.ts); this shares its delay formula rather than inventing one.
import { setTimeout as sleepFor } from 'node:timers/promises';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { retryDelayMs } from '../queue/backoff.ts';
import { formatSeconds } from '../util/durations.ts';

export interface RetryWait {
  /** The attempt that just failed (1 = the first try). */
  attempt: number;
  seconds: number;
  error: ShotlinkError;
}

export interface RetryOptions {
  /** Tries in total, the first included (1 = no retry). */
  attempts: number;
  /** The longest single wait accepted; a host asking for more gets its error back with a time to retry. */
  maxWaitSeconds: number;
  /** First backoff delay when the host gave none; doubles each time. Default 1 s. */
  baseDelaySeconds?: number;
  /** Injected by tests (never wait for real in a test). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told before each wait, e.g. to print "img.pro is busy, retrying in 30 seconds". */
  onWait?: (wait: RetryWait) => void;
  signal?: AbortSignal;
  /** Jitter source for the backoff (see queue/backoff.ts). */
  random?: () => number;
  now?: () => number;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  sleepFor(ms, undefined, signal ? { signal } : {}).then(() => undefined);

export async function withRetries<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!(error instanceof ShotlinkError) || !error.retryable || attempt >= options.attempts) throw error;
      if (error.retryAfterSeconds !== undefined && error.retryAfterSeconds > options.maxWaitSeconds) {
        throw tooLongToWait(error, now());
      }
      const waitMs =
        error.retryAfterSeconds !== undefined
          ? error.retryAfterSeconds * 1000
          : retryDelayMs(
              attempt,
              undefined,
              {
                baseMs: (options.baseDelaySeconds ?? 1) * 1000,
                maxMs: options.maxWaitSeconds * 1000,
                maxAttempts: options.attempts,
              },
              options.random,
            );
      options.onWait?.({ attempt, seconds: waitMs / 1000, error });
      try {
        await sleep(waitMs, options.signal);
      } catch {
        // Cancelled while waiting: the failure that made us wait is the one to report.
        throw error;
      }
      if (options.signal?.aborted) throw error;
    }
  }
}

/** The host's error, plus when to come back; still retryable so a queue may take it over. */
function tooLongToWait(error: ShotlinkError, nowMs: number): ShotlinkError {
  const seconds = error.retryAfterSeconds!;
  const at = new Date(nowMs + seconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
  return new ShotlinkError(
    error.kind,
    `${error.message} Not waiting ${formatSeconds(seconds)} here: try again after ${at} UTC.`,
    {
      retryable: error.retryable,
      retryAfterSeconds: seconds,
      ...(error.actionUrl !== undefined && { actionUrl: error.actionUrl }),
      ...(error.code !== undefined && { code: error.code }),
      ...(error.hostCode !== undefined && { hostCode: error.hostCode }),
    },
  );
}
