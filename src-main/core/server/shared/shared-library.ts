// The team server's images, shared by every replica: records in PostgreSQL, bytes in an S3 bucket. Any
// replica serves, deletes and expires any image.
// - An upload is acknowledged only after the object is written and then the row committed; a replica
//   killed in between leaves an object no row names, which the sweeper deletes once it is old enough
//   that no upload can still be finishing it.
// - The quota is settled in the transaction that writes the row, under an advisory lock, so uploads on
//   several replicas at once cannot pass it together.
// - The sweep runs on one replica at a time (an advisory lock); the others skip their turn.
// - Images are immutable, so each replica keeps records and small images in memory; PostgreSQL tells
//   every replica of each delete (live-records.ts), so a deleted image is never served from memory.
// - Large images are streamed from the bucket with the client's Range, a few chunks per reader.
// - Objects carry this deployment's id (x-amz-meta-shotlink-deployment) and a key of Shotlink's own
//   shape; the sweeper deletes nothing else, so other people's files and other deployments' images
//   under the same bucket are safe.
// - The database or the bucket going away answers 503 with Retry-After (availability.ts); the replica
//   stays up, and goes on serving the images it remembers.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Pool } from 'pg';
import type { Readable } from 'node:stream';
import { ShotlinkError } from '../../../../src-shared/errors.ts';
import { asFolder, checkBucket, createS3Client, putObject, s3Region } from '../../s3/store.ts';
import { BytesCache } from '../bytes-cache.ts';
import { HttpError } from '../http-error.ts';
import { CACHE_BYTES, CACHE_ENTRY_MAX, type ImageBody } from '../image-files.ts';
import type { ImageRecord } from '../image-index.ts';
import { AlreadyStored, isExpired, type Library, type Lookup } from '../library.ts';
import { databaseUnreachable, needsDatabase, needsStorage, unavailable } from './availability.ts';
import { describe, inTransaction, LOCKS, openDatabase, withClient } from './database.ts';
import { LiveRecords } from './live-records.ts';

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
  return { bucket: match[1]!, prefix: asFolder(match[2] ?? '') };
}

/** An object no row names is deleted once older than this: no upload takes that long to commit. */
const ORPHAN_AGE_MS = 15 * 60 * 1000;

/** The object metadata that says which deployment (which database) wrote an object. */
const MARKER = 'shotlink-deployment';

/** The only keys Shotlink writes under its prefix: `<22-character id>.<ext>`, no further folder. */
const OWN_KEY = /^[A-Za-z0-9_-]{22}\.(png|jpg|gif|webp)$/;

/** Connections to the bucket at once: each reader of a large image holds one while it reads. */
const STORE_SOCKETS = 1024;

/** How long a delete waits to hear its own notification (so every replica has been told). */
const DELETE_HEARD_MS = 2_000;

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
  idempotency_key: string | null;
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
  ...(row.idempotency_key !== null && { idempotencyKey: row.idempotency_key }),
});

export class SharedLibrary implements Library {
  private readonly cache = new BytesCache(CACHE_BYTES, CACHE_ENTRY_MAX);

  private constructor(
    /** The deployment's database; the server counts its rate limit in it too (rate-store.ts). */
    readonly db: Pool,
    private readonly s3: S3Client,
    private readonly location: BucketLocation,
    /** This deployment's id, kept in the database, set on every object it writes. */
    private readonly deployment: string,
    private readonly records: LiveRecords,
  ) {}

  static async open(options: {
    databaseUrl: string;
    storageUrl: string;
    env: NodeJS.ProcessEnv;
    /** The operator says the bucket is Shotlink's alone: a storage URL without a prefix is allowed. */
    wholeBucket?: boolean | undefined;
    timeoutMs?: number;
    log?: ((line: string) => void) | undefined;
  }): Promise<SharedLibrary> {
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const location = parseBucketUrl(options.storageUrl);
    if (!location.prefix && !options.wholeBucket) {
      throw new ShotlinkError(
        'usage',
        `--storage ${options.storageUrl} has no prefix: Shotlink would share the bucket's top level with whatever else is in it. ` +
          `Give it a folder of its own (s3://${location.bucket}/shotlink/), or, if the bucket holds nothing but this server's images, say so with --whole-bucket.`,
      );
    }
    const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = options.env;
    if (!accessKeyId || !secretAccessKey) {
      throw new ShotlinkError(
        'usage',
        '--storage needs the bucket’s keys in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_ENDPOINT_URL for a store other than AWS).',
      );
    }
    const db = await openDatabase(options.databaseUrl, log).catch((error: unknown) => {
      throw new ShotlinkError('usage', `The database could not be opened: ${describe(error)}`);
    });
    const endpoint = options.env.AWS_ENDPOINT_URL || '';
    const s3 = await createS3Client({
      region: s3Region(undefined, options.env),
      endpoint,
      credentials: { accessKeyId, secretAccessKey },
      timeoutMs: options.timeoutMs ?? 30_000,
      maxSockets: STORE_SOCKETS,
    });
    try {
      // The start-up check shared by `serve`, `server migrate` and the app: no half-started server.
      await checkBucket(s3, { ...location, endpoint });
      const { rows } = await db.query<{ id: string }>('SELECT id FROM shotlink_deployment');
      const { default: pg } = await import('pg');
      let library: SharedLibrary | null = null;
      const records = new LiveRecords(
        async () => {
          const client = new pg.Client({ connectionString: options.databaseUrl, keepAlive: true });
          client.on('error', () => {}); // replaced by LiveRecords' own once connected
          await client.connect();
          return client;
        },
        (id) => library?.forgetBytes(id),
        log,
      );
      library = new SharedLibrary(db, s3, location, rows[0]!.id, records);
      await records.start();
      return library;
    } catch (error) {
      s3.destroy();
      await db.end().catch(() => {});
      throw error;
    }
  }

  private keyOf(record: Pick<ImageRecord, 'id' | 'ext'>): string {
    return `${this.location.prefix}${record.id}.${record.ext}`;
  }

  private forgetBytes(id: string): void {
    this.cache.evict(id);
  }

  async lookup(id: string, now: number): Promise<Lookup> {
    const known = this.records.get(id);
    if (known) return statusOf(known, now);
    const token = this.records.begin();
    let row: Row | undefined;
    try {
      ({
        rows: [row],
      } = await this.db.query<Row>('SELECT * FROM images WHERE id = $1', [id]));
    } catch (error) {
      if (!databaseUnreachable(error)) throw error;
      // Nobody can delete while the database is away: what this replica knows is still true.
      const remembered = this.records.get(id, { stale: true });
      if (remembered) return statusOf(remembered, now);
      throw unavailable('database');
    }
    if (!row) return { status: 'missing' };
    const record = toRecord(row);
    this.records.remember(record, token);
    return statusOf(record, now);
  }

  usedBytes(): Promise<number> {
    return needsDatabase(async () => {
      const { rows } = await this.db.query<{ total: number }>(
        'SELECT COALESCE(sum(size_bytes), 0)::bigint AS total FROM images',
      );
      return rows[0]?.total ?? 0;
    });
  }

  async store(record: ImageRecord, bytes: Uint8Array, quotaBytes: number): Promise<boolean> {
    const key = this.keyOf(record);
    await needsStorage(() =>
      putObject(this.s3, {
        Bucket: this.location.bucket,
        Key: key,
        Body: bytes,
        ContentType: record.contentType,
        Metadata: { [MARKER]: this.deployment },
      }),
    );
    try {
      const stored = await needsDatabase(() =>
        withClient(this.db, (client) =>
          inTransaction(client, async () => {
            await client.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.quota]);
            const { rows } = await client.query<{ total: number }>(
              'SELECT COALESCE(sum(size_bytes), 0)::bigint AS total FROM images',
            );
            if ((rows[0]?.total ?? 0) + record.sizeBytes > quotaBytes) return false;
            await client.query(
              `INSERT INTO images (id, ext, content_type, size_bytes, width, height, etag, delete_hash, created_at, expires_at, name, idempotency_key)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
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
                record.idempotencyKey ?? null,
              ],
            );
            return true;
          }),
        ),
      );
      if (!stored) await this.deleteObject(key);
      return stored;
    } catch (error) {
      const first =
        (error as { code?: string }).code === '23505' && record.idempotencyKey
          ? await this.findByKey(record.idempotencyKey)
          : undefined;
      if (first) {
        // Another upload with this key committed first (a retry racing its original): that one counts.
        await this.deleteObject(key).catch(() => {});
        throw new AlreadyStored(first);
      }
      // An SQL error: no row names the object, take it back now. The database unreachable (503): the
      // commit's answer may be what was lost and a row may name it, so the sweeper decides, later.
      if (!(error instanceof HttpError)) await this.deleteObject(key).catch(() => {});
      throw error;
    }
  }

  findByKey(key: string): Promise<ImageRecord | undefined> {
    return needsDatabase(async () => {
      const { rows } = await this.db.query<Row>('SELECT * FROM images WHERE idempotency_key = $1', [key]);
      return rows[0] && toRecord(rows[0]);
    });
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
    if (record.sizeBytes <= CACHE_ENTRY_MAX) {
      const bytes = await needsStorage(() => this.cache.get(record.id, () => this.storedBytes(record)));
      return { kind: 'memory', size: bytes.length, bytes };
    }
    // Large: the bucket's answer is piped to the client as it reads (the Range passed through), so a
    // slow reader holds a few socket buffers, not the image.
    return {
      kind: 'stream',
      size: record.sizeBytes,
      open: (start, end) =>
        needsStorage(async () => {
          const answer = await this.s3.send(
            new GetObjectCommand({
              Bucket: this.location.bucket,
              Key: this.keyOf(record),
              Range: `bytes=${start}-${end}`,
            }),
          );
          return answer.Body as Readable;
        }),
    };
  }

  async remove(ids: string[]): Promise<ImageRecord[]> {
    if (ids.length === 0) return [];
    const heard = this.records.expectDeletes(ids);
    // The row goes first (from then on nothing serves it), then the object.
    const { rows } = await needsDatabase(() =>
      this.db.query<Row>('DELETE FROM images WHERE id = ANY($1) RETURNING *', [ids]),
    ).catch(async (error: unknown) => {
      await heard([], 0);
      throw error;
    });
    const removed = rows.map(toRecord);
    for (const record of removed) {
      this.records.forget(record.id);
      this.cache.evict(record.id);
    }
    // PostgreSQL tells every replica at the same moment; once this one has heard, so have the others'
    // connections, and the delete is answered.
    await heard(
      removed.map((record) => record.id),
      DELETE_HEARD_MS,
    );
    // An object left behind by a crash here is an orphan: the sweeper deletes it.
    await Promise.all(removed.map((record) => this.deleteObject(this.keyOf(record)).catch(() => {})));
    return removed;
  }

  sweep(now: number): Promise<number> {
    return withClient(this.db, async (client) => {
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
        // (A broken connection takes its lock with it.)
        await client.query('SELECT pg_advisory_unlock($1)', [LOCKS.sweep]).catch(() => {});
      }
    });
  }

  /**
   * Objects under the prefix that no row names and that are old enough: a killed upload's leftovers.
   * Only keys of Shotlink's own shape directly under the prefix (a nested deployment's folder is not
   * looked into), and only objects marked as written by this deployment, are ever deleted.
   */
  private async deleteOrphans(now: number): Promise<void> {
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.location.bucket,
          Prefix: this.location.prefix,
          Delimiter: '/',
          ContinuationToken: token,
        }),
      );
      const candidates = (page.Contents ?? []).filter(
        (object) =>
          object.Key &&
          OWN_KEY.test(object.Key.slice(this.location.prefix.length)) &&
          object.LastModified &&
          now - object.LastModified.getTime() > ORPHAN_AGE_MS,
      );
      const ids = candidates.map((object) =>
        object.Key!.slice(this.location.prefix.length).replace(/\.[a-z]+$/, ''),
      );
      if (ids.length > 0) {
        const { rows } = await this.db.query<{ id: string }>('SELECT id FROM images WHERE id = ANY($1)', [
          ids,
        ]);
        const named = new Set(rows.map((row) => row.id));
        for (const [i, object] of candidates.entries()) {
          if (!named.has(ids[i]!) && (await this.writtenHere(object.Key!)))
            await this.deleteObject(object.Key!);
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Whether this deployment wrote the object (its marker): anything else is never deleted. */
  private async writtenHere(key: string): Promise<boolean> {
    const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.location.bucket, Key: key }));
    return head.Metadata?.[MARKER] === this.deployment;
  }

  private async deleteObject(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: key }));
  }

  async close(): Promise<void> {
    await this.records.close();
    this.s3.destroy();
    await this.db.end();
  }
}

function statusOf(record: ImageRecord, now: number): Lookup {
  return isExpired(record, now) ? { status: 'expired' } : { status: 'found', record };
}
