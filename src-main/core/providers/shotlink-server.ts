// The Shotlink server as a provider: `shotlink upload --provider server`. It talks to the server at
// `hosts.serverUrl`, or, when that is empty, to the one running on this machine (the desktop app's
// embedded server or `shotlink serve`, found through the state file it writes while running).
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { isShotlinkError, ShotlinkError, fromHost } from '../../../src-shared/errors.ts';
import type { SecretAccountId } from '../../../src-shared/secrets.ts';
import { readSecret } from '../secrets/accounts.ts';
import type { CoreContext } from '../context.ts';
import type { Provider, UploadInput, UploadOutcome } from './provider.ts';
import {
  hostMessage,
  multipartForm,
  quoteHostMessage,
  requestJson,
  sendHttpRequest,
  trimBaseUrl,
  type HostTarget,
  type HttpResponse,
} from './http.ts';
import { isAlive } from '../store/lock.ts';
import { serverStatePath, serverTokenPath, TOKEN_ENV } from '../store/server-files.ts';

/** The keychain account holding the token of a remote Shotlink server (`shotlink server connect`). */
export const SERVER_TOKEN_ACCOUNT = 'shotlink-server-token' satisfies SecretAccountId;

const TARGET: HostTarget = { name: 'the Shotlink server', addressSetting: 'hosts.serverUrl' };

const uploadAnswer = z.object({
  url: z.url({ protocol: /^https?$/ }),
  id: z.string().min(1),
  contentType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  expiresAt: z.string().nullable(),
  deleteUrl: z.url({ protocol: /^https?$/ }).optional(),
  viewUrl: z.url({ protocol: /^https?$/ }).optional(),
});

export interface ShotlinkServerConnection {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  /** Lifetime asked for each upload ("7d", "never"); the server's default when absent. */
  expires?: string | undefined;
}

export function createShotlinkServerProvider(connection: ShotlinkServerConnection): Provider {
  const base = trimBaseUrl(connection.baseUrl);
  return {
    id: 'server',
    onThisNetwork: isLocalHost(new URL(base).hostname),
    async upload(input: UploadInput): Promise<UploadOutcome> {
      const answer = await requestJson({
        target: TARGET,
        url: `${base}/api/upload`,
        headers: {
          authorization: `Bearer ${connection.token}`,
          // A retry after a cut connection gets the first upload back instead of storing a second.
          ...(input.uploadKey && { 'idempotency-key': input.uploadKey }),
        },
        body: multipartForm({
          expires: connection.expires,
          image: { bytes: input.bytes, fileName: input.fileName, contentType: input.contentType },
        }),
        timeoutMs: connection.timeoutMs,
        ...(input.signal && { signal: input.signal }),
        ...(input.onSent && { onSent: input.onSent }),
        schema: uploadAnswer,
        mapError: (response, json) => serverError(response, json, input),
      });
      return {
        url: answer.url,
        hostId: answer.id,
        expiresAt: answer.expiresAt,
        ...(answer.viewUrl && { viewUrl: answer.viewUrl }),
        ...(answer.deleteUrl && { deleteUrl: answer.deleteUrl }),
      };
    },
    async delete(entry) {
      // The delete URL carries its own secret; without one, the server token deletes by id.
      const byUrl = entry.deleteUrl !== undefined;
      const response = await sendHttpRequest({
        target: TARGET,
        url: entry.deleteUrl ?? `${base}/api/images/${encodeURIComponent(entry.hostId)}`,
        method: 'DELETE',
        headers: byUrl ? {} : { authorization: `Bearer ${connection.token}` },
        timeoutMs: connection.timeoutMs,
      });
      if (response.status === 404 || response.status === 410) return; // already gone: the wish is met
      if (response.status < 200 || response.status >= 300) {
        throw new ShotlinkError(
          'host',
          `The Shotlink server did not delete the image (HTTP ${response.status}).`,
          { hostCode: `http_${response.status}` },
        );
      }
    },
  };
}

function serverError(response: HttpResponse, json: unknown, input: UploadInput): ShotlinkError | undefined {
  const code =
    typeof (json as { error?: unknown })?.error === 'string' ? (json as { error: string }).error : undefined;
  const saying = quoteHostMessage(hostMessage(json));
  switch (code) {
    case 'unauthorized':
      return new ShotlinkError(
        'usage',
        `The Shotlink server refused the token (HTTP 401)${saying}. Run \`shotlink server token\` on the server ` +
          `and connect again with \`shotlink server connect <url>\`, or set ${TOKEN_ENV}.`,
        fromHost(code),
      );
    case 'file_too_large':
    case 'too_many_pixels':
    case 'unsupported_format':
    case 'empty_file':
    case 'corrupt_image':
      return new ShotlinkError(
        'input',
        `The Shotlink server refused ${input.fileName} (${code})${saying}.`,
        fromHost(code),
      );
    case 'quota_exceeded':
      return new ShotlinkError(
        'host',
        `The Shotlink server is full (quota_exceeded)${saying}.`,
        fromHost(code),
      );
  }
  return undefined;
}

/** Where to upload and with which token, from settings, the environment, the keychain and this machine. */
export async function resolveServerConnection(ctx: CoreContext): Promise<ShotlinkServerConnection> {
  const settings = ctx.settings.get();
  const timeoutMs = settings.requestTimeoutSeconds * 1000;
  const configured = settings.hosts.serverUrl;
  const baseUrl = configured || (await runningServerUrl(ctx.home));
  if (!baseUrl) {
    throw new ShotlinkError(
      'usage',
      'No Shotlink server to upload to: start one with `shotlink serve` (or turn it on in the app), or point ' +
        'to another with `shotlink server connect <url>`.',
      { code: 'server_not_running' },
    );
  }
  const token = await serverToken(ctx, !configured);
  if (!token) {
    throw new ShotlinkError(
      'usage',
      `No token for the Shotlink server at ${baseUrl}. Run \`shotlink server token\` on the server, then ` +
        `\`shotlink server connect ${baseUrl}\` here (or set ${TOKEN_ENV}).`,
      { code: 'missing_token' },
    );
  }
  return { baseUrl, token, timeoutMs };
}

/** The address of the server running on this data folder, if one does. */
export async function runningServerUrl(home: string): Promise<string | undefined> {
  try {
    const state = JSON.parse(await readFile(serverStatePath(home), 'utf8')) as {
      url?: unknown;
      pid?: unknown;
    };
    // A server killed with SIGKILL leaves its file behind: only a live one is running.
    if (typeof state.pid === 'number' && !isAlive(state.pid)) return undefined;
    return typeof state.url === 'string' ? state.url : undefined;
  } catch {
    return undefined;
  }
}

async function serverToken(ctx: CoreContext, local: boolean): Promise<string | undefined> {
  if (local && !ctx.env[TOKEN_ENV]?.trim()) {
    // This machine's own server keeps its token in the data folder (see server/token.ts).
    const kept = await readFile(serverTokenPath(ctx.home), 'utf8').catch(() => '');
    if (kept.trim()) return kept.trim();
  }
  // The keychain's token is bound to the address it was saved for (hosts.serverUrl): a changed address
  // gets nothing until `shotlink server connect` gives it again.
  try {
    return (await readSecret(ctx, SERVER_TOKEN_ACCOUNT)) ?? undefined;
  } catch (error) {
    if (isShotlinkError(error, 'secret_origin_changed')) throw error;
    return undefined; // no keychain here: the message about a missing token says what to do
  }
}

/** Loopback, private IPv4 ranges, link-local, IPv6 unique-local, and mDNS names: this machine or its LAN. */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.local') ||
    host === '::1' ||
    /^(fc|fd)[0-9a-f]{2}:/.test(host) ||
    /^fe80:/.test(host) ||
    /^(127\.|10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host)
  );
}
