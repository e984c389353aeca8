// The team server's images, shared by every replica: records in PostgreSQL, bytes in an S3 bucket. Any
// replica serves, deletes and expires any image.
// - An upload is acknowledged only after the object is written and then the row committed; a replica
//   killed in between leaves an object no row names, which the sweeper deletes once it is old enough
//   that no upload can still be finishing it.
// - The quota is settled in the transaction that writes the row, under an advisory lock, so uploads on
//   several replicas at once cannot pass it together.
// - The sweep runs on one replica at a time (an advisory lock); the others skip their turn.
// - Images are immutable, so each replica keeps small ones in memory; a lookup always asks the database
//   first, so a deleted image is never served from a cache.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Pool } from 'pg';
import { ShotlinkError } from '../../../../src-shared/errors.ts';
import { createS3Client, putObject } from '../../providers/s3.ts';
import { BytesCache } from '../bytes-cache.ts';
import { CACHE_BYTES, CACHE_ENTRY_MAX, type ImageBody } from '../image-files.ts';
import type { ImageRecord } from '../image-index.ts';
import { isExpired, type Library, type Lookup } from '../library.ts';
import { inTransaction, LOCKS, openDatabase } from './database.ts';
import { postgresRateStore } from './rate-store.ts';

/** Where the bytes go: `s3://bucket/prefix`, with the endpoint and keys from the AWS_* variables. */
export interface BucketLocation {
  bucket: string;
  prefix: string;
}

export function parseBucketUrl(url: string): BucketLocation {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) {
    throw new ShotlinkError('usage', `--storage must look like s3://bucket/prefix, got "${url}".`);
  }
  const prefix = match[2] ?? '';
  return { bucket: match[1]!, prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix };
}

/** An object no row names is deleted once older than this: no upload takes that long to commit. */
const ORPHAN_AGE_MS = 15 * 60 * 1000;

type Row = {
  id: string;
  ext: string;
  content_type: string;
  size_bytes: number;
  width: number;
  height: number;
  etag: string;
  delete_hash: string;
  created_at: Date;
  expires_at: Date | null;
  name: string;
};

const toRecord = (row: Row): ImageRecord => ({
  id: row.id,
  ext: row.ext as ImageRecord['ext'],
  contentType: row.content_type as ImageRecord['contentType'],
  sizeBytes: row.size_bytes,
  width: row.width,
  height: row.height,
  etag: row.etag,
  deleteHash: row.delete_hash,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at ? row.expires_at.toISOString() : null,
  name: row.name,
});

export class SharedLibrary implements Library {
  private readonly cache = new BytesCache(CACHE_BYTES, CACHE_ENTRY_MAX);
  readonly rateStore: FastifyRateLimitStoreCtor;

  private constructor(
    private readonly db: Pool,
    private readonly s3: S3Client,
    private readonly location: BucketLocation,
  ) {
    this.rateStore = postgresRateStore(db);
  }

  static async open(options: {
    databaseUrl: string;
    storageUrl: string;
    env: NodeJS.ProcessEnv;
    timeoutMs?: number;
  }): Promise<SharedLibrary> {
    const location = parseBucketUrl(options.storageUrl);
    const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = options.env;
    if (!accessKeyId || !secretAccessKey) {
      throw new ShotlinkError(
        'usage',
        '--storage needs the bucket’s keys in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_ENDPOINT_URL for a store other than AWS).',
      );
    }
    const db = await openDatabase(options.databaseUrl).catch((error: unknown) => {
      throw new ShotlinkError('usage', `The database could not be opened: ${(error as Error).message}`);
    });
    const s3 = await createS3Client({
      region: options.env.AWS_REGION || 'us-east-1',
      endpoint: options.env.AWS_ENDPOINT_URL || '',
      credentials: { accessKeyId, secretAccessKey },
      timeoutMs: options.timeoutMs ?? 30_000,
    });
    return new SharedLibrary(db, s3, location);
  }

  private keyOf(record: Pick<ImageRecord, 'id' | 'ext'>): string {
    return `${this.location.prefix}${record.id}.${record.ext}`;
  }

  async lookup(id: string, now: number): Promise<Lookup> {
    const { rows } = await this.db.query<Row>('SELECT * FROM images WHERE id = $1', [id]);
    const row = rows[0];
    if (!row) return { status: 'missing' };
    const record = toRecord(row);
    return isExpired(record, now) ? { status: 'expired' } : { status: 'found', record };
  }

  async usedBytes(): Promise<number> {
    const { rows } = await this.db.query<{ total: number }>(
      'SELECT COALESCE(sum(size_bytes), 0)::bigint AS total FROM images',
    );
    return rows[0]?.total ?? 0;
  }

  async store(record: ImageRecord, bytes: Uint8Array, quotaBytes: number): Promise<boolean> {
    const key = this.keyOf(record);
    await putObject(this.s3, {
      Bucket: this.location.bucket,
      Key: key,
      Body: bytes,
      ContentType: record.contentType,
    });
    const client = await this.db.connect();
    try {
      const stored = await inTransaction(client, async () => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.quota]);
        const { rows } = await client.query<{ total: number }>(
          'SELECT COALESCE(sum(size_bytes), 0)::bigint AS total FROM images',
        );
        if ((rows[0]?.total ?? 0) + record.sizeBytes > quotaBytes) return false;
        await client.query(
          `INSERT INTO images (id, ext, content_type, size_bytes, width, height, etag, delete_hash, created_at, expires_at, name)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            record.id,
            record.ext,
            record.contentType,
            record.sizeBytes,
            record.width,
            record.height,
            record.etag,
            record.deleteHash,
            record.createdAt,
            record.expiresAt,
            record.name,
          ],
        );
        return true;
      });
      if (!stored) await this.deleteObject(key);
      return stored;
    } catch (error) {
      // No row names the object: take it back now (the sweeper would, later).
      await this.deleteObject(key).catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /** Whether an image's record exists (for a migration resuming). */
  async has(id: string): Promise<boolean> {
    const { rows } = await this.db.query('SELECT 1 FROM images WHERE id = $1', [id]);
    return rows.length > 0;
  }

  /** The stored object's bytes, read back from the bucket (not the cache). */
  async storedBytes(record: Pick<ImageRecord, 'id' | 'ext'>): Promise<Buffer> {
    const answer = await this.s3.send(
      new GetObjectCommand({ Bucket: this.location.bucket, Key: this.keyOf(record) }),
    );
    return Buffer.from(await answer.Body!.transformToByteArray());
  }

  async body(record: ImageRecord): Promise<ImageBody> {
    const bytes = await this.cache.get(record.id, () => this.storedBytes(record));
    return { kind: 'memory', size: bytes.length, bytes };
  }

  async remove(ids: string[]): Promise<ImageRecord[]> {
    if (ids.length === 0) return [];
    // The row goes first (from then on nothing serves it), then the object.
    const { rows } = await this.db.query<Row>('DELETE FROM images WHERE id = ANY($1) RETURNING *', [ids]);
    const removed = rows.map(toRecord);
    for (const record of removed) this.cache.evict(record.id);
    // An object left behind by a crash here is an orphan: the sweeper deletes it.
    await Promise.all(removed.map((record) => this.deleteObject(this.keyOf(record)).catch(() => {})));
    return removed;
  }

  async sweep(now: number): Promise<number> {
    const client = await this.db.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
        LOCKS.sweep,
      ]);
      if (!rows[0]?.locked) return 0; // another replica is sweeping
      try {
        const expired = await client.query<{ id: string }>('SELECT id FROM images WHERE expires_at <= $1', [
          new Date(now),
        ]);
        const removed = await this.remove(expired.rows.map((row) => row.id));
        await this.deleteOrphans(now);
        // Rate-limit windows an hour past are counted no more.
        await client.query(
          `DELETE FROM rate_limits WHERE window_start < $1::timestamptz - interval '1 hour'`,
          [new Date(now)],
        );
        return removed.length;
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [LOCKS.sweep]);
      }
    } finally {
      client.release();
    }
  }

  /** Objects under the prefix that no row names and that are old enough: a killed upload's leftovers. */
  private async deleteOrphans(now: number): Promise<void> {
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.location.bucket,
          Prefix: this.location.prefix,
          ContinuationToken: token,
        }),
      );
      const old = (page.Contents ?? []).filter(
        (object) => object.Key && object.LastModified && now - object.LastModified.getTime() > ORPHAN_AGE_MS,
      );
      const ids = old.map((object) =>
        object.Key!.slice(this.location.prefix.length).replace(/\.[a-z]+$/, ''),
      );
      if (ids.length > 0) {
        const { rows } = await this.db.query<{ id: string }>('SELECT id FROM images WHERE id = ANY($1)', [
          ids,
        ]);
        const named = new Set(rows.map((row) => row.id));
        for (const [i, object] of old.entries()) {
          if (!named.has(ids[i]!)) await this.deleteObject(object.Key!);
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  private async deleteObject(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: key }));
  }

  async close(): Promise<void> {
    this.s3.destroy();
    await this.db.end();
  }
}
