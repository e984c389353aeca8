// The per-client rate limit, counted in PostgreSQL so that it holds across replicas: a client cannot get
// twice its allowance by alternating between them. A fixed window per client and route, kept in the
// table `rate_limits` (one upsert per counted request); the sweeper drops windows long past.
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Pool } from 'pg';
import { databaseUnreachable, unavailable } from './availability.ts';

/** What the plugin hands a store: the window (ms, always a number here) and, for a route's child, the route. */
interface StoreOptions {
  timeWindow?: unknown;
  routeInfo?: { method?: string; url?: string };
}

/** A store class in the shape @fastify/rate-limit takes (`store:`), bound to one pool. */
export function postgresRateStore(pool: Pool): FastifyRateLimitStoreCtor {
  return class PostgresRateStore implements FastifyRateLimitStore {
    private readonly options: StoreOptions;
    constructor(options: object = {}) {
      this.options = options as StoreOptions;
    }

    incr(key: string, done: (error: Error | null, counted?: { current: number; ttl: number }) => void): void {
      const windowMs = typeof this.options.timeWindow === 'number' ? this.options.timeWindow : 60_000;
      const route = `${this.options.routeInfo?.method ?? ''} ${this.options.routeInfo?.url ?? ''}`;
      pool
        .query<{ count: number; ttl: number }>(
          `INSERT INTO rate_limits AS r (key, window_start, count) VALUES ($1, now(), 1)
           ON CONFLICT (key) DO UPDATE SET
             count = CASE WHEN r.window_start + $2 * interval '1 millisecond' <= now() THEN 1 ELSE r.count + 1 END,
             window_start = CASE WHEN r.window_start + $2 * interval '1 millisecond' <= now() THEN now() ELSE r.window_start END
           RETURNING count, GREATEST(0, EXTRACT(EPOCH FROM (window_start + $2 * interval '1 millisecond' - now())) * 1000)::integer AS ttl`,
          [`${route}|${key}`, windowMs],
        )
        .then(
          ({ rows }) => done(null, { current: rows[0]!.count, ttl: rows[0]!.ttl }),
          // While the database is away, counted requests (uploads, deletes) answer 503, not 500.
          (error: Error) => done(databaseUnreachable(error) ? unavailable('database') : error),
        );
    }

    child(routeOptions: object): FastifyRateLimitStore {
      return new PostgresRateStore({ ...this.options, ...routeOptions });
    }
  };
}
