// The image bytes on disk, one file per image under `<storage>/images/`, named only from an index
// record (id + extension), never from anything in a request. Small files are kept in a bounded
// in-memory cache: serving a screenshot is then a memory copy, which is what lets Node keep pace with
// nginx's sendfile (see bench/server.ts). Larger files are streamed from disk in small chunks, so any
// number of slow readers costs a bounded amount of memory.
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic.ts';
import type { ImageRecord } from './image-index.ts';

/** What the cache holds at most, and the largest file it holds (bigger ones are streamed). */
export const CACHE_BYTES = 64 * 1024 * 1024;
export const CACHE_ENTRY_MAX = 4 * 1024 * 1024;
/** Chunk of a streamed file held per reader: 300 slow readers cost about 20 MB. */
const STREAM_CHUNK = 64 * 1024;

type Stored = Pick<ImageRecord, 'id' | 'ext' | 'sizeBytes'>;

/** An image to send: its bytes from memory, or a stream of (part of) the file. */
export type ImageBody =
  | { kind: 'memory'; size: number; bytes: Buffer }
  | { kind: 'disk'; size: number; stream(start: number, end: number): ReadStream };

export class ImageFiles {
  /** Insertion order doubles as recency: a hit is re-inserted at the end. */
  private readonly cache = new Map<string, Buffer>();
  /** Misses being read now: concurrent requests for one cold image share one read. */
  private readonly reading = new Map<string, Promise<Buffer>>();
  private cachedBytes = 0;

  constructor(readonly dir: string) {}

  pathOf(record: Pick<ImageRecord, 'id' | 'ext'>): string {
    return join(this.dir, `${record.id}.${record.ext}`);
  }

  /** Bytes the cache holds now (exact: what a test and the README's bounds rely on). */
  get cacheSize(): number {
    return this.cachedBytes;
  }

  async write(record: Pick<ImageRecord, 'id' | 'ext'>, bytes: Uint8Array): Promise<void> {
    await writeFileAtomic(this.pathOf(record), bytes);
  }

  /** The body to send: small files from the cache (read once), large ones streamed. */
  async body(record: Stored): Promise<ImageBody> {
    if (record.sizeBytes > CACHE_ENTRY_MAX) {
      const path = this.pathOf(record);
      return {
        kind: 'disk',
        size: record.sizeBytes,
        stream: (start, end) => createReadStream(path, { start, end, highWaterMark: STREAM_CHUNK }),
      };
    }
    const bytes = await this.read(record);
    return { kind: 'memory', size: bytes.length, bytes };
  }

  /** The whole file, from the cache when possible. */
  async read(record: Pick<ImageRecord, 'id' | 'ext'>): Promise<Buffer> {
    const hit = this.cache.get(record.id);
    if (hit) {
      this.cache.delete(record.id);
      this.cache.set(record.id, hit);
      return hit;
    }
    const pending = this.reading.get(record.id);
    if (pending) return pending;
    const read = readFile(this.pathOf(record))
      .then((bytes) => {
        this.remember(record.id, bytes);
        return bytes;
      })
      .finally(() => this.reading.delete(record.id));
    this.reading.set(record.id, read);
    return read;
  }

  async delete(record: Pick<ImageRecord, 'id' | 'ext'>): Promise<void> {
    this.evict(record.id);
    await unlink(this.pathOf(record)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  /**
   * Brings the folder in line with the index at start: files the index does not name were never
   * acknowledged (a crash between writing the file and the index, or a leftover temp file) and go.
   * Returns the ids whose file is missing, for the caller to drop from the index.
   */
  async reconcile(records: ImageRecord[]): Promise<string[]> {
    await mkdir(this.dir, { recursive: true });
    const expected = new Set(records.map((r) => `${r.id}.${r.ext}`));
    const present = new Set(await readdir(this.dir));
    for (const name of present) {
      if (!expected.has(name)) await unlink(join(this.dir, name)).catch(() => {});
    }
    return records.filter((r) => !present.has(`${r.id}.${r.ext}`)).map((r) => r.id);
  }

  private remember(id: string, bytes: Buffer): void {
    if (bytes.length > CACHE_ENTRY_MAX) return;
    // One entry per id: a second read of the same file replaces the first, it does not add to it.
    this.evict(id);
    this.cache.set(id, bytes);
    this.cachedBytes += bytes.length;
    for (const [oldest, value] of this.cache) {
      if (this.cachedBytes <= CACHE_BYTES) break;
      this.cache.delete(oldest);
      this.cachedBytes -= value.length;
    }
  }

  private evict(id: string): void {
    const bytes = this.cache.get(id);
    if (!bytes) return;
    this.cache.delete(id);
    this.cachedBytes -= bytes.length;
  }
}
