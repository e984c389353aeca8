// The bytes of small images, held in memory for serving: images never change, so a hit is always right.
// Bounded in total bytes, the least recently used dropped first (a Map's insertion order doubles as
// recency: a hit is re-inserted at the end), and a cold image that many ask for at once is loaded once.
export class BytesCache {
  private readonly entries = new Map<string, Buffer>();
  private readonly loading = new Map<string, Promise<Buffer>>();
  private held = 0;

  constructor(
    private readonly maxBytes: number,
    /** Larger entries are served but never held. */
    private readonly maxEntry: number,
  ) {}

  /** Bytes held now (exact: what the tests and the documented bounds rely on). */
  get size(): number {
    return this.held;
  }

  /** The bytes for `id`: from memory, or from `load` (once, however many ask at the same time). */
  get(id: string, load: () => Promise<Buffer>): Promise<Buffer> {
    const hit = this.entries.get(id);
    if (hit) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return Promise.resolve(hit);
    }
    const pending = this.loading.get(id);
    if (pending) return pending;
    const loaded = load()
      .then((bytes) => {
        this.remember(id, bytes);
        return bytes;
      })
      .finally(() => this.loading.delete(id));
    this.loading.set(id, loaded);
    return loaded;
  }

  evict(id: string): void {
    const bytes = this.entries.get(id);
    if (!bytes) return;
    this.entries.delete(id);
    this.held -= bytes.length;
  }

  private remember(id: string, bytes: Buffer): void {
    if (bytes.length > this.maxEntry) return;
    // One entry per id: a second load of the same image replaces the first, it does not add to it.
    this.evict(id);
    this.entries.set(id, bytes);
    this.held += bytes.length;
    for (const [oldest, value] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.held -= value.length;
    }
  }
}
