// img.pro (contract: docs/host-contracts.md): `POST /v1/upload`, multipart `file`, anonymous or with
// `Authorization: Bearer <key>`. Its errors come in two generations (flat and nested); both carry an
// `action` telling the client what to do next, which we turn into a retry (wait) or a link (upgrade/verify).
import { formatSeconds } from '../util/durations.ts';
import * as z from 'zod';
import { ShotlinkError, fromHost } from '../../../src-shared/errors.ts';
import type { Provider, UploadInput, UploadOutcome } from './provider.ts';
import {
  multipartForm,
  parseRetryAfter,
  quoteHostMessage,
  requestJson,
  trimBaseUrl,
  type HostTarget,
  type HttpResponse,
} from './http.ts';

const TARGET: HostTarget = { name: 'img.pro', addressSetting: 'hosts.imgproUrl' };
/** Where the user fixes a rejected key (see registry.ts, which reads it). */
const KEY_HINT =
  'Store a valid key with `shotlink config set-secret imgpro-api-key`, or upload with --tier anonymous.';

export interface ImgproOptions {
  baseUrl: string;
  timeoutMs: number;
  apiKey?: string;
  /** Comma-separated tags (key uploads only). */
  tags?: string;
  namespace?: string;
}

const httpUrl = z.url({ protocol: /^https?$/ });

const uploadAnswer = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  /** The viewer page with Open Graph tags. */
  url: httpUrl,
  /** The image itself, on the CDN. */
  src: httpUrl,
  width: z.number().optional(),
  height: z.number().optional(),
  /** Unix seconds; null = permanent. Some versions may send an ISO time: accept it too. */
  expires_at: z
    .union([z.number(), z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not a date')])
    .nullable()
    .optional(),
});

const action = z.object({
  type: z.string(),
  url: z.string().optional(),
  label: z.string().optional(),
  seconds: z.number().optional(),
  retry_after: z.number().optional(),
});
const flatError = z.object({ error: z.string(), message: z.string().optional(), action: action.optional() });
const nestedError = z.object({
  error: z.object({
    type: z.string().optional(),
    code: z.string().optional(),
    message: z.string().optional(),
    action: action.optional(),
  }),
});

/** One error, whichever generation of the API sent it. */
interface ImgproError {
  code: string | undefined;
  message: string | undefined;
  action: z.infer<typeof action> | undefined;
}

export function readImgproError(json: unknown): ImgproError | undefined {
  const flat = flatError.safeParse(json);
  if (flat.success) return { code: flat.data.error, message: flat.data.message, action: flat.data.action };
  const nested = nestedError.safeParse(json);
  if (!nested.success) return undefined;
  const { code, type, message, action: nestedAction } = nested.data.error;
  return { code: code ?? type, message, action: nestedAction };
}

export function createImgproProvider(options: ImgproOptions): Provider {
  const base = trimBaseUrl(options.baseUrl);
  const withKey = Boolean(options.apiKey);
  return {
    id: 'imgpro',
    async upload(input: UploadInput): Promise<UploadOutcome> {
      const answer = await requestJson({
        target: TARGET,
        url: `${base}/v1/upload`,
        headers: withKey ? { authorization: `Bearer ${options.apiKey}` } : {},
        body: multipartForm({
          file: { bytes: input.bytes, fileName: input.fileName, contentType: input.contentType },
          tags: options.tags,
          namespace: options.namespace,
        }),
        timeoutMs: options.timeoutMs,
        ...(input.signal && { signal: input.signal }),
        schema: uploadAnswer,
        mapError: (response, json) => imgproError(response, json, input, withKey),
      });
      return {
        url: answer.src,
        viewUrl: answer.url,
        thumbnailUrl: thumbnailOf(answer.src),
        hostId: answer.id,
        expiresAt: expiryOf(answer.expires_at),
      };
    },
  };
}

/** The CDN resizes on `?size=s` (320 px short edge, never upscaled): a ready-made thumbnail. */
function thumbnailOf(src: string): string {
  const url = new URL(src);
  url.searchParams.set('size', 's');
  return url.href;
}

/** As the host sent it, in a form Date reads; the pipeline judges whether it is a date it can keep. */
function expiryOf(value: number | string | null | undefined): string | null | undefined {
  if (value === null || value === undefined) return value;
  // Unix seconds; an absurd number (1e20) stays visible to the pipeline instead of throwing here.
  if (typeof value === 'number')
    return Number.isFinite(value * 1000) && Math.abs(value) < 1e11
      ? new Date(value * 1000).toISOString()
      : String(value);
  return value;
}

const ACTION_VERBS: Record<string, string> = {
  upgrade: 'upgrade your plan',
  verify: 'verify your email',
  redirect: 'continue',
};

function imgproError(
  response: HttpResponse,
  json: unknown,
  input: UploadInput,
  withKey: boolean,
): ShotlinkError | undefined {
  const error = readImgproError(json);
  const { status } = response;
  const code = error?.code ?? `http_${status}`;
  const said = quoteHostMessage(error?.message);
  const actionUrl = error?.action?.url;
  const actionType = error?.action?.type;

  // action.wait (or a bare 429): rate limited, retry after the seconds the host gives.
  if (actionType === 'wait' || status === 429 || code === 'rate_limited') {
    const retryAfterSeconds =
      error?.action?.seconds ??
      error?.action?.retry_after ??
      parseRetryAfter(response.headers.get('retry-after'));
    const when = retryAfterSeconds !== undefined ? `in ${formatSeconds(retryAfterSeconds)}` : 'later';
    const why = withKey
      ? ''
      : ' Anonymous uploads are limited to 20 an hour per IP address; an API key (--tier key) raises the limit.';
    return new ShotlinkError(
      'host',
      `img.pro is limiting uploads (${code})${said}. Try again ${when}.${why}`,
      {
        ...fromHost(code),
        retryable: true,
        ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
        ...(actionUrl && { actionUrl }),
      },
    );
  }

  const label = error?.action?.label ? ` (${error.action.label})` : '';
  const next = actionUrl
    ? ` Open ${actionUrl}${label} to ${ACTION_VERBS[actionType ?? ''] ?? 'continue'}.`
    : '';
  const details = { ...fromHost(code), ...(actionUrl && { actionUrl }) };
  if (status === 401 || code === 'invalid_key' || code === 'unauthorized') {
    return new ShotlinkError(
      'host',
      `img.pro refused the API key (${code})${said}. ${KEY_HINT}${next}`,
      details,
    );
  }
  if (code === 'quota_exceeded') {
    return new ShotlinkError(
      'host',
      `img.pro says the upload quota is used up (${code})${said}.${next}`,
      details,
    );
  }
  if (status === 413 || code === 'file_too_large') {
    return new ShotlinkError(
      'input',
      `img.pro refused ${input.fileName} as too large (${code})${said}: it takes up to 20 MB.${next}`,
      details,
    );
  }
  if (status === 415 || code === 'unsupported_format' || code === 'invalid_file') {
    return new ShotlinkError(
      'input',
      `img.pro does not accept ${input.fileName} (${code})${said}: it takes PNG, JPEG, GIF and WebP. ` +
        `Set outputFormat to auto, png, jpeg or webp.${next}`,
      details,
    );
  }
  if (code === 'no_file' || code === 'empty_file') {
    return new ShotlinkError(
      'input',
      `img.pro received no image data for ${input.fileName} (${code})${said}. Check that the file has content.`,
      details,
    );
  }
  // Any other code that comes with an action (upgrade, verify, redirect): show the link.
  if (error?.action && status < 500) {
    return new ShotlinkError('host', `img.pro refused the upload (${code})${said}.${next}`, details);
  }
  return undefined;
}
