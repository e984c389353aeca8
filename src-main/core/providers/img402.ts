// img402.dev (contract: docs/host-contracts.md). Free tier: `POST /api/free`. Paid tiers: the upload
// token is bought beforehand by payments/ over x402; here we only spend it on `POST /api/upload`.
import { formatSeconds } from '../util/durations.ts';
import * as z from 'zod';
import { ShotlinkError, fromHost } from '../../../src-shared/errors.ts';
import type { Provider, UploadInput, UploadOutcome } from './provider.ts';
import {
  hostMessage,
  multipartForm,
  parseRetryAfter,
  quoteHostMessage,
  requestJson,
  trimBaseUrl,
  type HostTarget,
  type HttpResponse,
} from './http.ts';

const TARGET: HostTarget = { name: 'img402.dev', addressSetting: 'hosts.img402Url' };
const PAID_TIERS = new Set(['1y', 'permanent']);

const isoTime = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not a date');

const uploadAnswer = z.object({
  url: z.url({ protocol: /^https?$/ }),
  id: z.string().min(1),
  contentType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  /** null for permanent uploads. */
  expiresAt: isoTime.nullable(),
});

export function createImg402Provider(options: { baseUrl: string; timeoutMs: number }): Provider {
  const base = trimBaseUrl(options.baseUrl);
  return {
    id: 'img402',
    async upload(input: UploadInput): Promise<UploadOutcome> {
      const paid = PAID_TIERS.has(input.tier.id);
      if (!paid && input.tier.id !== 'free') {
        throw new ShotlinkError(
          'usage',
          `img402.dev has no tier "${input.tier.id}": use free, 1y or permanent.`,
        );
      }
      if (paid && !input.paidToken) {
        throw new ShotlinkError(
          'payment',
          `The img402.dev ${input.tier.label} tier needs an upload token bought with x402 first, and none was given.`,
          { code: 'token_missing' },
        );
      }
      const answer = await requestJson({
        target: TARGET,
        url: `${base}${paid ? '/api/upload' : '/api/free'}`,
        headers: paid ? { 'x-upload-token': input.paidToken! } : {},
        body: multipartForm({
          image: { bytes: input.bytes, fileName: input.fileName, contentType: input.contentType },
        }),
        timeoutMs: options.timeoutMs,
        ...(input.signal && { signal: input.signal }),
        schema: uploadAnswer,
        mapError: (response, json) => img402Error(response, json, input, paid),
      });
      return { url: answer.url, hostId: answer.id, expiresAt: answer.expiresAt };
    },
  };
}

/** img402 answers `{"error": "<code>", "message"?: "..."}`; some proxies nest it, so accept `error.code` too. */
function errorCode(json: unknown): string | undefined {
  const error = (json as { error?: unknown } | undefined)?.error;
  if (typeof error === 'string') return error;
  const nested = (error as { code?: unknown } | undefined)?.code;
  return typeof nested === 'string' ? nested : undefined;
}

function img402Error(
  response: HttpResponse,
  json: unknown,
  input: UploadInput,
  paid: boolean,
): ShotlinkError | undefined {
  const code = errorCode(json);
  const limit = `${Math.round(input.tier.maxBytes / (1024 * 1024))} MB`;
  const rejected = (message: string) => new ShotlinkError('input', message, fromHost(code));
  switch (code) {
    case 'no_file':
      return rejected(
        `img402.dev received no image in the upload (no_file). Something between Shotlink and the host ` +
          `dropped the file (a proxy?); try again, and report it if it persists.`,
      );
    case 'empty_file':
      return rejected(
        `img402.dev says ${input.fileName} is empty (empty_file). Check that the file has content.`,
      );
    case 'file_too_large':
      return rejected(
        `img402.dev refused ${input.fileName} as too large (file_too_large): the ${input.tier.label} tier ` +
          `takes up to ${limit}. Use a paid tier (5 MB) or img.pro (--provider imgpro, 20 MB).`,
      );
    case 'unsupported_format':
      return rejected(
        `img402.dev does not accept the format of ${input.fileName} (unsupported_format): it takes PNG, ` +
          `JPEG, GIF and WebP. Set outputFormat to auto, png, jpeg or webp.`,
      );
    case 'daily_limit':
      return dailyLimitError(response);
    case 'upload_failed':
      return new ShotlinkError(
        'host',
        `img402.dev could not store the image (upload_failed). This is safe to retry: try again.`,
        { ...fromHost(code), retryable: true },
      );
  }
  if (paid && (response.status === 401 || response.status === 403)) {
    return new ShotlinkError(
      'payment',
      `img402.dev rejected the upload token (HTTP ${response.status}${quoteHostMessage(hostMessage(json))}): it has ` +
        `expired (tokens last about 10 minutes) or was already used.`,
      { code: 'token_rejected' },
    );
  }
  return undefined;
}

/**
 * The free tier's limit is about 1,000 uploads a day for the whole service, so waiting a minute does not
 * help. Without a Retry-After we estimate the next UTC midnight, so the CLI refuses to sleep on it and the
 * queue schedules the retry then.
 */
function dailyLimitError(response: HttpResponse): ShotlinkError {
  const now = Date.now();
  const nextUtcMidnight = new Date(now);
  nextUtcMidnight.setUTCHours(24, 0, 0, 0);
  const retryAfterSeconds =
    parseRetryAfter(response.headers.get('retry-after'), now) ??
    Math.ceil((nextUtcMidnight.getTime() - now) / 1000);
  return new ShotlinkError(
    'host',
    `img402.dev's free tier has used up its daily limit (daily_limit). The limit is about 1,000 uploads ` +
      `a day shared by everyone using the service, not yours alone. Try again in ` +
      `${formatSeconds(retryAfterSeconds)}, use a paid tier (--tier 1y, 0.01 USDC), or upload to img.pro ` +
      `(--provider imgpro).`,
    { code: 'daily_limit', retryable: true, retryAfterSeconds },
  );
}
