// The server's images as one thing: what exists (durable) plus the bytes. Every route and the sweeper go
// through a Library, so "store", "look up" and "remove" mean the same everywhere: the bytes are written
// before the record names them, and the record goes before the bytes are deleted. Two kinds: this
// machine's (ImageLibrary: an index file and a folder) and the team's (shared/shared-library.ts:
// PostgreSQL and an S3 bucket, shared by any number of replicas).
import { join } from 'node:path';
import { ImageIndex, type ImageRecord } from './image-index.ts';
import { ImageFiles, type ImageBody } from './image-files.ts';

export type Lookup =
  | { status: 'found'; record: ImageRecord }
  /** Past its expiry but not yet swept: answered 410 Gone. */
  | { status: 'expired' }
  | { status: 'missing' };

export interface Library {
  lookup(id: string, now: number): Promise<Lookup>;
  /** Bytes stored now, for the quota. */
  usedBytes(): Promise<number>;
  /**
   * Resolves once both the bytes and the record naming them are durable: only then may the upload be
   * acknowledged. False when storing would pass `quotaBytes` (checked atomically where replicas share
   * one quota; this machine's route checks it before, with its own reservations).
   */
  store(record: ImageRecord, bytes: Uint8Array, quotaBytes: number): Promise<boolean>;
  /** What to send for the image. */
  body(record: ImageRecord): Promise<ImageBody>;
  /** The image stored with this Idempotency-Key, if any (expired or not). */
  findByKey(key: string): Promise<ImageRecord | undefined>;
  remove(ids: string[]): Promise<ImageRecord[]>;
  /** Removes every expired image (and, shared, objects no record names); returns how many images went. */
  sweep(now: number): Promise<number>;
  close(): Promise<void>;
}

export class ImageLibrary implements Library {
  private constructor(
    private readonly index: ImageIndex,
    private readonly files: ImageFiles,
  ) {}

  static async open(storageDir: string): Promise<ImageLibrary> {
    const index = await ImageIndex.open(storageDir);
    const files = new ImageFiles(join(storageDir, 'images'));
    const missing = await files.reconcile(index.all());
    // A record whose file is gone (deleted by hand) cannot be served: drop it rather than 500 later.
    await index.remove(missing);
    return new ImageLibrary(index, files);
  }

  async usedBytes(): Promise<number> {
    return this.index.totalBytes;
  }

  async lookup(id: string, now: number): Promise<Lookup> {
    const record = this.index.get(id);
    if (!record) return { status: 'missing' };
    if (isExpired(record, now)) return { status: 'expired' };
    return { status: 'found', record };
  }

  async store(record: ImageRecord, bytes: Uint8Array): Promise<boolean> {
    await this.files.write(record, bytes);
    // Checked and added in one turn of the event loop: two uploads with one key cannot both pass.
    const first = record.idempotencyKey && this.byKey(record.idempotencyKey);
    if (first) {
      await this.files.delete(record);
      throw new AlreadyStored(first);
    }
    try {
      await this.index.add(record);
    } catch (error) {
      await this.files.delete(record).catch(() => {});
      throw error;
    }
    return true;
  }

  async findByKey(key: string): Promise<ImageRecord | undefined> {
    return this.byKey(key);
  }

  private byKey(key: string): ImageRecord | undefined {
    return this.index.all().find((record) => record.idempotencyKey === key);
  }

  /** What to send for the image: from memory, or streamed from disk when large. */
  body(record: ImageRecord): Promise<ImageBody> {
    return this.files.body(record);
  }

  /** Bytes held in memory for serving (bounded by CACHE_BYTES). */
  get cacheSize(): number {
    return this.files.cacheSize;
  }

  async remove(ids: string[]): Promise<ImageRecord[]> {
    const removed = await this.index.remove(ids);
    // A file left behind by a crash here is an orphan, deleted at the next start.
    await Promise.all(removed.map((record) => this.files.delete(record)));
    return removed;
  }

  async close(): Promise<void> {}

  /** Every record, oldest first (for `shotlink server migrate`). */
  records(): ImageRecord[] {
    return this.index.all().sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** An image's bytes, read whole from disk. */
  async bytesOf(record: ImageRecord): Promise<Buffer> {
    const body = await this.files.body(record);
    if (body.kind === 'memory') return body.bytes;
    const chunks: Buffer[] = [];
    for await (const chunk of await body.open(0, body.size - 1)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async sweep(now: number): Promise<number> {
    const expired = this.index.all().filter((record) => isExpired(record, now));
    return (await this.remove(expired.map((record) => record.id))).length;
  }
}

/** Thrown by `store` when another upload with the same Idempotency-Key was stored first: that one counts. */
export class AlreadyStored extends Error {
  constructor(readonly record: ImageRecord) {
    super(`image ${record.id} was stored with this idempotency key`);
  }
}

export function isExpired(record: ImageRecord, now: number): boolean {
  return record.expiresAt !== null && Date.parse(record.expiresAt) <= now;
}
