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

/**
 * Shotlink's own error codes: what callers branch on (`isShotlinkError(error, 'token_rejected')`), so a
 * typo is a type error rather than a branch that never runs. The value says what the code means.
 * The error's `kind` (and so the CLI's exit code) is set where it is thrown: `no_wallet` is a usage
 * error for `wallet remove` but a payment refusal for a paid upload.
 */
export const ERROR_CODES = {
  cancelled: 'the request was cancelled by the user or a shutdown',
  bad_url: 'a configured address is not an http(s) URL',
  response_too_large: 'the host answered with more bytes than any upload answer needs',
  timeout: 'the host did not answer in time',
  tls: 'the TLS certificate was refused',
  unreachable: 'the host could not be reached',
  html_response: 'an HTML page came back where JSON was expected',
  bad_response: 'the answer did not parse',
  unexpected_response: 'the answer parsed but lacks what the contract promises',
  rate_limited: 'the host is limiting requests',
  file_too_large: 'the host refused the image as too large',
  daily_limit: "img402's free tier reached its daily limit",
  cannot_fit: 'the image cannot be made to fit the tier',
  empty: 'the file or drop has no bytes',
  not_an_image: 'the bytes are not an image Shotlink can upload',
  corrupt: 'the image starts right but cannot be decoded (truncated or damaged)',
  too_many_pixels: 'the image claims more pixels than the pixel-bomb guard allows',
  template_failed: "a custom uploader's answer template found nothing",
  unsupported_sxcu: 'the .sxcu file uses a body Shotlink does not send',
  keychain_unavailable: 'the OS keychain cannot be used here',
  no_secret_store: 'no secret store is available for this secret',
  secret_from_env: 'the secret comes from the environment and cannot be changed here',
  secret_origin_changed: "the host's address changed since its secret was saved",
  s3_no_bucket: 'the S3 bucket does not exist',
  s3_access_denied: 'the S3 store refused the keys',
  s3_failed: 'the S3 store failed',
  host_not_configured: 'a setting or a secret the host needs is not set',
  server_not_running: 'no Shotlink server runs on this machine',
  missing_token: 'a Shotlink server needs a token that is not set',
  token_missing: 'the host answered a purchase without a token',
  token_rejected: 'the host refused an upload token (spent or expired)',
  no_capture_tool: 'no region capture tool is installed',
  capture_failed: 'the capture tool failed',
  screen_permission: 'the OS does not let Shotlink record the screen',
  no_wallet: 'no wallet is set up',
  wallet_exists: 'a wallet is already set up',
  wallet_from_env: 'the wallet key comes from the environment and is not handed back',
  invalid_wallet_key: 'the wallet key is not a private key',
  confirmation_needed: 'a payment needs a yes and nobody can be asked',
  payment_unsupported: "the host's 402 offers no payment Shotlink can make",
  payment_refused_by_server: 'the host refused the signed payment',
  payment_policy: 'the spend policy refused the payment',
  payment_answer_lost: 'the payment was sent and the answer lost',
  payment_declined: 'the user said no',
  daily_cap: 'the daily spending cap is reached',
  ledger_damaged: 'the payment ledger is damaged',
  already_running: 'another Shotlink service runs on this data folder',
  no_delete: 'the host has no delete for this upload (GitHub attachments)',
  github_no_token: 'no GitHub token in the environment, the keychain or `gh auth token`',
  github_no_repo: 'no GitHub repository was named or found',
  github_bad_repo: 'the GitHub repository is not written owner/name',
  github_unauthorized: 'GitHub refused the token (401)',
  github_cannot_push: 'the token cannot push to the repository, or it does not exist (404)',
  github_unsupported_type: 'GitHub does not take the file type as an attachment (422)',
  github_enterprise: 'GitHub Enterprise Server has no attachment store',
  github_no_issue: 'no such issue or pull request to comment on',
  github_comment_refused: 'GitHub refused the comment (locked, issues off)',
  agent_budget: 'the payment does not fit the budget the user set for agents',
  agent_host_not_allowed: 'the user has not allowed this host for agents',
  agent_public_consent: 'the user has not agreed to public links made by agents',
  outside_roots: "the file is outside the folders the agent's client shared",
  redaction_incomplete: 'a secret was found that cannot be covered whole',
  no_such_upload: 'no upload in the history has that id',
  not_agents_upload: 'the upload was not made by an agent',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ShotlinkErrorDetails {
  /** A failure that can pass (network down, 5xx, timeout, rate limit): the queue retries it. */
  retryable?: boolean;
  /** The host asked us to wait this long before trying again (img.pro `action.seconds`, `Retry-After`). */
  retryAfterSeconds?: number;
  /** A page the user should open (img.pro `upgrade` / `verify`). */
  actionUrl?: string;
  /** Our own code, from the closed table ERROR_CODES: what callers branch on. */
  code?: ErrorCode;
  /**
   * The code the host sent back, as it came (img402's `unsupported_format`, img.pro's `quota_exceeded`,
   * `http_502`): shown and kept for people and logs, never branched on outside that host's provider.
   */
  hostCode?: string;
}

export class ShotlinkError extends Error {
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly actionUrl: string | undefined;
  readonly code: ErrorCode | undefined;
  readonly hostCode: string | undefined;

  constructor(kind: ErrorKind, message: string, details: ShotlinkErrorDetails = {}) {
    super(message);
    this.name = 'ShotlinkError';
    this.kind = kind;
    this.retryable = details.retryable ?? false;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.actionUrl = details.actionUrl;
    this.code = details.code;
    this.hostCode = details.hostCode;
  }

  toJSON(): SerializedError {
    return {
      kind: this.kind,
      message: this.message,
      retryable: this.retryable,
      ...(this.retryAfterSeconds !== undefined && { retryAfterSeconds: this.retryAfterSeconds }),
      ...(this.actionUrl !== undefined && { actionUrl: this.actionUrl }),
      ...(this.code !== undefined && { code: this.code }),
      ...(this.hostCode !== undefined && { hostCode: this.hostCode }),
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
  code?: ErrorCode;
  hostCode?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof ShotlinkError) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'internal', message: `Unexpected error: ${message}`, retryable: false };
}

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CODES, code);

/** A host's code as details: always as `hostCode`, and as `code` too when it names one of ours. */
export function fromHost(hostCode: string | undefined): Pick<ShotlinkErrorDetails, 'code' | 'hostCode'> {
  if (!hostCode) return {};
  return { hostCode, ...(isErrorCode(hostCode) && { code: hostCode }) };
}

/** Whether `error` is a ShotlinkError, and (given a code) one with that code. */
export function isShotlinkError(error: unknown, code?: ErrorCode): error is ShotlinkError {
  return error instanceof ShotlinkError && (code === undefined || error.code === code);
}

/** The CLI's exit code for an error: its kind's code, 1 for anything unexpected. */
export function exitCodeFor(error: unknown): number {
  return error instanceof ShotlinkError ? EXIT_CODES[error.kind] : EXIT_CODES.internal;
}

/** Several files: the CLI exits with the worst code, and the codes are ordered so that worst is highest. */
export function worstExitCode(codes: number[]): number {
  return Math.max(0, ...codes);
}
