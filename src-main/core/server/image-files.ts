// The image bytes on disk, one file per image under `<storage>/images/`, named only from an index
// record (id + extension), never from anything in a request. Small files are kept in a bounded
// in-memory cache: serving a screenshot is then a memory copy, which is what lets Node keep pace with
// nginx's sendfile (see bench/server.ts). Larger files are streamed from disk in small chunks, so any
// number of slow readers costs a bounded amount of memory.
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { writeFileAtomic } from '../store/atomic.ts';
import { BytesCache } from './bytes-cache.ts';
import type { ImageRecord } from './image-index.ts';

/** What the cache holds at most, and the largest file it holds (bigger ones are streamed). */
export const CACHE_BYTES = 64 * 1024 * 1024;
export const CACHE_ENTRY_MAX = 4 * 1024 * 1024;
/** Chunk of a streamed file held per reader: 300 slow readers cost about 20 MB. */
const STREAM_CHUNK = 64 * 1024;

type Stored = Pick<ImageRecord, 'id' | 'ext' | 'sizeBytes'>;

/** An image to send: its bytes from memory, or a stream of (part of) it, from disk or from the bucket. */
export type ImageBody =
  | { kind: 'memory'; size: number; bytes: Buffer }
  | { kind: 'stream'; size: number; open(start: number, end: number): Promise<Readable> };

export class ImageFiles {
  private readonly cache = new BytesCache(CACHE_BYTES, CACHE_ENTRY_MAX);

  constructor(readonly dir: string) {}

  pathOf(record: Pick<ImageRecord, 'id' | 'ext'>): string {
    return join(this.dir, `${record.id}.${record.ext}`);
  }

  /** Bytes the cache holds now (exact: what a test and the README's bounds rely on). */
  get cacheSize(): number {
    return this.cache.size;
  }

  async write(record: Pick<ImageRecord, 'id' | 'ext'>, bytes: Uint8Array): Promise<void> {
    await writeFileAtomic(this.pathOf(record), bytes);
  }

  /** The body to send: small files from the cache (read once), large ones streamed. */
  async body(record: Stored): Promise<ImageBody> {
    if (record.sizeBytes > CACHE_ENTRY_MAX) {
      const path = this.pathOf(record);
      return {
        kind: 'stream',
        size: record.sizeBytes,
        open: async (start, end) => createReadStream(path, { start, end, highWaterMark: STREAM_CHUNK }),
      };
    }
    const bytes = await this.read(record);
    return { kind: 'memory', size: bytes.length, bytes };
  }

  /** The whole file, from the cache when possible. */
  read(record: Pick<ImageRecord, 'id' | 'ext'>): Promise<Buffer> {
    return this.cache.get(record.id, () => readFile(this.pathOf(record)));
  }

  async delete(record: Pick<ImageRecord, 'id' | 'ext'>): Promise<void> {
    this.cache.evict(record.id);
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
}
