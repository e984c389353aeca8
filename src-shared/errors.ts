// One error type for every failure a person may see. `kind` decides the CLI exit code and whether the
// queue may retry; `message` is written for the user: what happened and what to do about it.

export type ErrorKind = 'usage' | 'input' | 'host' | 'payment' | 'internal';

export const EXIT_CODES: Record<ErrorKind | 'ok', number> = {
  ok: 0,
  internal: 1,
  usage: 2,
  input: 3,
  host: 4,
  payment: 5,
};

export interface ShotlinkErrorDetails {
  /** A failure that can pass (network down, 5xx, timeout, rate limit): the queue retries it. */
  retryable?: boolean;
  /** The host asked us to wait this long before trying again (img.pro `action.seconds`, `Retry-After`). */
  retryAfterSeconds?: number;
  /** A page the user should open (img.pro `upgrade` / `verify`). */
  actionUrl?: string;
  /** The host's or our own machine-readable code, e.g. `file_too_large`, `daily_limit`. */
  code?: string;
}

export class ShotlinkError extends Error {
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly actionUrl: string | undefined;
  readonly code: string | undefined;

  constructor(kind: ErrorKind, message: string, details: ShotlinkErrorDetails = {}) {
    super(message);
    this.name = 'ShotlinkError';
    this.kind = kind;
    this.retryable = details.retryable ?? false;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.actionUrl = details.actionUrl;
    this.code = details.code;
  }

  toJSON(): SerializedError {
    return {
      kind: this.kind,
      message: this.message,
      retryable: this.retryable,
      ...(this.retryAfterSeconds !== undefined && { retryAfterSeconds: this.retryAfterSeconds }),
      ...(this.actionUrl !== undefined && { actionUrl: this.actionUrl }),
      ...(this.code !== undefined && { code: this.code }),
    };
  }
}

/** How an error crosses IPC, the HTTP bridge and the persisted queue. */
export interface SerializedError {
  kind: ErrorKind;
  message: string;
  retryable: boolean;
  retryAfterSeconds?: number;
  actionUrl?: string;
  code?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof ShotlinkError) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'internal', message: `Unexpected error: ${message}`, retryable: false };
}

export function exitCodeFor(kind: ErrorKind): number {
  return EXIT_CODES[kind];
}

/** Several files: the CLI exits with the worst code, and the codes are ordered so that worst is highest. */
export function worstExitCode(codes: number[]): number {
  return Math.max(0, ...codes);
}
