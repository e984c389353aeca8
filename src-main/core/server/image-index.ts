// The index of stored images: one JSON file written atomically (write, fsync, rename), so a crash
// mid-write leaves the previous index whole. An upload is acknowledged only after the index that names
// it is on disk; hence a restart serves every acknowledged image.
//
// Writes are group-committed: while one write is in flight, every change that arrives waits for the
// next single write instead of queueing its own. Under a burst of uploads the disk sees a few writes,
// not one per upload, and each upload still waits until its own record is durable.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from '../store/atomic.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';

export const IMAGE_EXTENSIONS = { png: 'png', jpeg: 'jpg', gif: 'gif', webp: 'webp' } as const;

const recordSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  ext: z.enum(['png', 'jpg', 'gif', 'webp']),
  contentType: z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp']),
  sizeBytes: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Strong validator: a hash of the bytes. */
  etag: z.string(),
  /** sha256 of the delete secret; the secret itself is only ever in the uploader's delete URL. */
  deleteHash: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  /** The uploader's file name, for the viewer page title only (never used for paths). */
  name: z.string().max(200),
  /** The client's Idempotency-Key: a retry with it gets this image back instead of storing another. */
  idempotencyKey: z.string().max(200).optional(),
});

const fileSchema = z.object({ version: z.literal(1), images: z.array(recordSchema) });

export type ImageRecord = z.infer<typeof recordSchema>;

/** A record's ETag: a hash of its bytes (a strong validator, and a check that the bytes are whole). */
export function etagOf(bytes: Uint8Array): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`;
}

export class ImageIndex {
  private readonly records = new Map<string, ImageRecord>();
  private bytes = 0;
  private scheduled: Promise<void> | null = null;
  private tail: Promise<void> = Promise.resolve();

  private constructor(private readonly path: string) {}

  static async open(dir: string): Promise<ImageIndex> {
    const index = new ImageIndex(join(dir, 'index.json'));
    await index.load();
    return index;
  }

  get(id: string): ImageRecord | undefined {
    return this.records.get(id);
  }

  all(): ImageRecord[] {
    return [...this.records.values()];
  }

  get totalBytes(): number {
    return this.bytes;
  }

  /** Adds a record and resolves once it is durable; on failure the record is forgotten again. */
  async add(record: ImageRecord): Promise<void> {
    this.records.set(record.id, record);
    this.bytes += record.sizeBytes;
    try {
      await this.save();
    } catch (error) {
      this.forget(record.id);
      throw error;
    }
  }

  /** Removes records and resolves once the index without them is durable. */
  async remove(ids: string[]): Promise<ImageRecord[]> {
    const removed = ids.flatMap((id) => this.forget(id) ?? []);
    if (removed.length > 0) await this.save();
    return removed;
  }

  private forget(id: string): ImageRecord | undefined {
    const record = this.records.get(id);
    if (!record) return undefined;
    this.records.delete(id);
    this.bytes -= record.sizeBytes;
    return record;
  }

  private save(): Promise<void> {
    if (this.scheduled) return this.scheduled;
    const write = this.tail
      .catch(() => {})
      .then(() => {
        // From here on, new changes need the next write: this one snapshots the state now.
        this.scheduled = null;
        const body = JSON.stringify({ version: 1, images: this.all() });
        return writeFileAtomic(this.path, body);
      });
    this.scheduled = write;
    this.tail = write;
    return write;
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const parsed = fileSchema.safeParse(safeJson(text));
    if (!parsed.success) {
      // Never start empty over a damaged index: the images would stop being served, and the orphan
      // clean-up at start would delete them. Leave everything as it is and say what to do.
      throw new ShotlinkError(
        'internal',
        `The server's image index ${this.path} is damaged, so the server did not start (no image was touched). ` +
          `Restore it from a backup, or move the server folder away to start with an empty one.`,
      );
    }
    for (const record of parsed.data.images) {
      this.records.set(record.id, record);
      this.bytes += record.sizeBytes;
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
