// What the routes need to know about this server, decided once at start (see start.ts).
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Library } from './library.ts';

export interface ServerConfig {
  /** Base of every link we hand out, without a trailing slash (public URL, or http://<LAN address>:<port>). */
  baseUrl: string;
  token: string;
  /** Lifetime of an upload that does not ask for one; null = never expires. */
  defaultLifetimeMs: number | null;
  quotaBytes: number;
  maxUploadBytes: number;
  maxInputPixels: number;
  /** Per client address: uploads, deletes and token-bearing requests in one minute. */
  requestsPerMinute: number;
}

export interface ServerParts {
  library: Library;
  config: ServerConfig;
  now: () => number;
  /**
   * Where replicas share the per-client rate limit: a store class for @fastify/rate-limit. None on one
   * machine, where the plugin counts in memory.
   */
  rateStore?: FastifyRateLimitStoreCtor | undefined;
}

export function imageUrls(baseUrl: string, record: { id: string; ext: string }) {
  return {
    url: `${baseUrl}/i/${record.id}.${record.ext}`,
    viewUrl: `${baseUrl}/v/${record.id}`,
  };
}
