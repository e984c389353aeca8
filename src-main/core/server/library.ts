// The server's images as one thing: the index (what exists, durable) plus the files (the bytes).
// Every route and the sweeper go through here, so "store", "look up" and "remove" mean the same
// everywhere: a file is written before the index names it, and leaves the index before it is deleted.
import { join } from 'node:path';
import { ImageIndex, type ImageRecord } from './image-index.ts';
import { ImageFiles, type ImageBody } from './image-files.ts';

export type Lookup =
  | { status: 'found'; record: ImageRecord }
  /** Past its expiry but not yet swept: answered 410 Gone. */
  | { status: 'expired' }
  | { status: 'missing' };

export class ImageLibrary {
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

  get totalBytes(): number {
    return this.index.totalBytes;
  }

  lookup(id: string, now: number): Lookup {
    const record = this.index.get(id);
    if (!record) return { status: 'missing' };
    if (isExpired(record, now)) return { status: 'expired' };
    return { status: 'found', record };
  }

  /** Resolves once both the bytes and the index naming them are durable: only then may we acknowledge. */
  async store(record: ImageRecord, bytes: Uint8Array): Promise<void> {
    await this.files.write(record, bytes);
    try {
      await this.index.add(record);
    } catch (error) {
      await this.files.delete(record).catch(() => {});
      throw error;
    }
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

  /** Removes every expired image; returns how many went. */
  async sweep(now: number): Promise<number> {
    const expired = this.index.all().filter((record) => isExpired(record, now));
    return (await this.remove(expired.map((record) => record.id))).length;
  }
}

function isExpired(record: ImageRecord, now: number): boolean {
  return record.expiresAt !== null && Date.parse(record.expiresAt) <= now;
}
