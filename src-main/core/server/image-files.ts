// The image bytes on disk, one file per image under `<storage>/images/`, named only from an index
// record (id + extension), never from anything in a request. Small files are kept in a bounded
// in-memory cache: serving a screenshot is then a memory copy, which is what lets Node keep pace with
// nginx's sendfile (see bench/server.ts).
import { readFile, readdir, unlink, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic.ts';
import type { ImageRecord } from './image-index.ts';

const CACHE_BYTES = 64 * 1024 * 1024;
const CACHE_ENTRY_MAX = 4 * 1024 * 1024;

export class ImageFiles {
  /** Insertion order doubles as recency: a hit is re-inserted at the end. */
  private readonly cache = new Map<string, Buffer>();
  private cached = 0;

  constructor(readonly dir: string) {}

  pathOf(record: Pick<ImageRecord, 'id' | 'ext'>): string {
    return join(this.dir, `${record.id}.${record.ext}`);
  }

  async write(record: Pick<ImageRecord, 'id' | 'ext'>, bytes: Uint8Array): Promise<void> {
    await writeFileAtomic(this.pathOf(record), bytes);
  }

  /** The whole file, from the cache when possible. */
  async read(record: Pick<ImageRecord, 'id' | 'ext'>): Promise<Buffer> {
    const hit = this.cache.get(record.id);
    if (hit) {
      this.cache.delete(record.id);
      this.cache.set(record.id, hit);
      return hit;
    }
    const bytes = await readFile(this.pathOf(record));
    this.remember(record.id, bytes);
    return bytes;
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
    this.cache.set(id, bytes);
    this.cached += bytes.length;
    for (const [oldest, value] of this.cache) {
      if (this.cached <= CACHE_BYTES) break;
      this.cache.delete(oldest);
      this.cached -= value.length;
    }
  }

  private evict(id: string): void {
    const bytes = this.cache.get(id);
    if (!bytes) return;
    this.cache.delete(id);
    this.cached -= bytes.length;
  }
}
