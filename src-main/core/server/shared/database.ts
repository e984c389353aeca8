// The team server's PostgreSQL: a connection pool, and the schema brought up to date at start by
// versioned migrations. Replicas starting together migrate one at a time (an advisory lock), and a
// migration runs in the transaction that records it, so a crash leaves the schema at one version or
// the next, never in between.
// A connection can drop at any time (a restart, a failover, `pg_terminate_backend`, an idle reset): the
// pool's and every checked-out client's 'error' events are handled, a broken client is thrown away
// rather than returned, and the pool opens a new one for the next query. Nothing here ends the process.
import type { Pool, PoolClient } from 'pg';

/** Advisory lock keys: one number per job that must run on one replica at a time. */
export const LOCKS = { migrate: 84020001, sweep: 84020002, quota: 84020003 } as const;

/** Schema versions, in order. Never edit one that has shipped: add the next. */
export const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE images (
        id            text PRIMARY KEY,
        ext           text NOT NULL,
        content_type  text NOT NULL,
        size_bytes    bigint NOT NULL,
        width         integer NOT NULL,
        height        integer NOT NULL,
        etag          text NOT NULL,
        delete_hash   text NOT NULL,
        created_at    timestamptz NOT NULL,
        expires_at    timestamptz,
        name          text NOT NULL
      );
      CREATE INDEX images_expires_at ON images (expires_at) WHERE expires_at IS NOT NULL;`,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE rate_limits (
        key           text PRIMARY KEY,
        window_start  timestamptz NOT NULL,
        count         integer NOT NULL
      );`,
  },
  {
    // Every replica hears of a delete at once (LISTEN shotlink_deleted), however it was made, so each
    // can serve records from memory; and the bucket's objects carry this deployment's id, so the
    // sweeper never deletes an object another deployment (or anybody else) wrote.
    version: 3,
    sql: `
      CREATE FUNCTION shotlink_image_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('shotlink_deleted', OLD.id);
        RETURN OLD;
      END $$;
      CREATE TRIGGER images_deleted AFTER DELETE ON images
        FOR EACH ROW EXECUTE FUNCTION shotlink_image_deleted();
      CREATE TABLE shotlink_deployment (id text NOT NULL);
      INSERT INTO shotlink_deployment (id) VALUES (gen_random_uuid()::text);`,
  },
  {
    // A client's Idempotency-Key, unique: of two uploads with one key, whichever commits first counts.
    version: 4,
    sql: `
      ALTER TABLE images ADD COLUMN idempotency_key text;
      CREATE UNIQUE INDEX images_idempotency_key ON images (idempotency_key) WHERE idempotency_key IS NOT NULL;`,
  },
];

/** The channel the delete trigger notifies, with the image id as payload. */
export const DELETED_CHANNEL = 'shotlink_deleted';

export async function openDatabase(url: string, log: (line: string) => void): Promise<Pool> {
  const { default: pg } = await import('pg');
  // bigint sizes come back as numbers: an image is far below 2^53 bytes, and so is any quota.
  pg.types.setTypeParser(20, (value: string) => Number(value));
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // While the database is away an upload waits this long at most for a connection, then answers 503.
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
  });
  // An idle connection that drops is removed by the pool; without a listener the event would end the
  // process. The next query opens a new connection.
  pool.on('error', (error) => log(`Shotlink server: a database connection was lost (${describe(error)})`));
  // A new connection is handed out as soon as it is ready, before whoever asked for it can listen: a
  // FATAL read in the same packet (pg_terminate_backend, a failover) would be an 'error' event nobody
  // hears, which ends the process. Every client keeps this listener for its life; the work it was handed
  // to fails on the dead connection instead (withClient then drops it, and the caller answers 503).
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

/** "57P01 terminating connection due to administrator command", without the stack. */
export function describe(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  return [code, message].filter(Boolean).join(' ') || String(error);
}

/**
 * A client of the pool for `work`, returned afterwards — or destroyed, if its connection broke meanwhile
 * (a checked-out client's 'error' event has no listener of the pool's: without ours it would end the
 * process).
 */
export async function withClient<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    const { code } = error as { code?: string };
    // A failed statement leaves the connection usable; a lost connection does not.
    if (!code || !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('08') || code.startsWith('57P')) {
      broken ??= error as Error;
    }
    throw error;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

async function migrate(pool: Pool): Promise<void> {
  await withClient(pool, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [LOCKS.migrate]);
    await client.query('CREATE TABLE IF NOT EXISTS shotlink_schema (version integer PRIMARY KEY)');
    const { rows } = await client.query<{ version: number }>(
      'SELECT max(version) AS version FROM shotlink_schema',
    );
    const current = rows[0]?.version ?? 0;
    for (const migration of MIGRATIONS.filter((m) => m.version > current)) {
      await inTransaction(client, async () => {
        await client.query(migration.sql);
        await client.query('INSERT INTO shotlink_schema (version) VALUES ($1)', [migration.version]);
      });
    }
    await client.query('SELECT pg_advisory_unlock($1)', [LOCKS.migrate]);
  });
}

export async function inTransaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
