// The team server's PostgreSQL: a connection pool, and the schema brought up to date at start by
// versioned migrations. Replicas starting together migrate one at a time (an advisory lock), and a
// migration runs in the transaction that records it, so a crash leaves the schema at one version or
// the next, never in between.
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
];

export async function openDatabase(url: string): Promise<Pool> {
  const { default: pg } = await import('pg');
  // bigint sizes come back as numbers: an image is far below 2^53 bytes, and so is any quota.
  pg.types.setTypeParser(20, (value: string) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

async function migrate(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
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
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCKS.migrate]).catch(() => {});
    client.release();
  }
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
