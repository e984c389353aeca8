// Image records held in memory by each replica, kept true by PostgreSQL itself: a trigger notifies
// `shotlink_deleted` for every deleted row (a delete route, the sweeper, an operator's SQL) and every
// replica LISTENs on one connection of its own. Records never change otherwise, so while that
// connection is up a remembered record is as good as a query, and a hot image is served without one.
// - When the listening connection drops, notifications may be missed: from then on records are asked
//   of the database again, and once a new connection listens, everything remembered is forgotten (a
//   query that began before it is not remembered either: see `generation`).
// - When the database cannot be reached at all, a remembered record is still served (nobody can delete
//   an image then; a delete made through another replica just before this one lost its connection is
//   the one thing it may still serve, until it reconnects).
import type { Client, Notification } from 'pg';
import type { ImageRecord } from '../image-index.ts';
import { DELETED_CHANNEL, describe } from './database.ts';

/** Records remembered at most (a few hundred bytes each). */
const MAX_RECORDS = 50_000;
/** Waits between attempts to listen again, growing to the last. */
const RECONNECT_MS = [250, 500, 1_000, 2_000, 5_000];

export class LiveRecords {
  private readonly records = new Map<string, ImageRecord>();
  private client: Client | null = null;
  private listening = false;
  /** Bumped each time a new connection starts listening; a lookup begun before may be stale. */
  private generation = 0;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Deletes this replica made, waiting to hear their notification. */
  private readonly waiting = new Map<string, () => void>();

  constructor(
    private readonly connect: () => Promise<Client>,
    private readonly onDeleted: (id: string) => void,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts listening; resolves once the first attempt is over (listening or not). */
  async start(): Promise<void> {
    await this.listen();
  }

  /** Whether remembered records may be served without asking the database. */
  get live(): boolean {
    return this.listening;
  }

  /** A remembered record; `stale` allows one remembered before the listener dropped. */
  get(id: string, options: { stale?: boolean } = {}): ImageRecord | undefined {
    if (!this.listening && !options.stale) return undefined;
    const record = this.records.get(id);
    if (record) {
      this.records.delete(id);
      this.records.set(id, record);
    }
    return record;
  }

  /** A token to hand back to `remember`: only a lookup begun while listening may be remembered. */
  begin(): number | null {
    return this.listening ? this.generation : null;
  }

  remember(record: ImageRecord, token: number | null): void {
    if (token === null || token !== this.generation || !this.listening) return;
    this.records.set(record.id, record);
    if (this.records.size > MAX_RECORDS) this.records.delete(this.records.keys().next().value!);
  }

  forget(id: string): void {
    this.records.delete(id);
  }

  /**
   * Called before deleting `ids`: returns a wait that resolves once the deletes that happened were heard
   * here (or `ms` passed, or nobody is listening). PostgreSQL sends a notification to every listening
   * replica at once, so having heard our own, the others' connections have theirs too. Registered
   * before the delete, so a notification that overtakes the delete's own answer is not missed.
   */
  expectDeletes(ids: string[]): (deleted: string[], ms: number) => Promise<void> {
    const heard = new Map<string, Promise<void>>();
    if (this.listening) {
      for (const id of ids) {
        heard.set(id, new Promise<void>((resolve) => this.waiting.set(id, resolve)));
      }
    }
    return async (deleted, ms) => {
      const waits = deleted.flatMap((id) => heard.get(id) ?? []);
      let timer: NodeJS.Timeout | undefined;
      if (waits.length > 0) {
        await Promise.race([
          Promise.all(waits),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
        ]);
      }
      clearTimeout(timer);
      for (const id of ids) this.waiting.delete(id);
    };
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    let client: Client | null = null;
    try {
      client = await this.connect();
      client.on('notification', (message: Notification) => {
        if (message.channel !== DELETED_CHANNEL || !message.payload) return;
        this.records.delete(message.payload);
        this.onDeleted(message.payload);
        this.waiting.get(message.payload)?.();
        this.waiting.delete(message.payload);
      });
      client.on('error', (error) => this.lost(client!, error));
      client.on('end', () => this.lost(client!, new Error('connection ended')));
      await client.query(`LISTEN ${DELETED_CHANNEL}`);
      if (this.closed) {
        await client.end().catch(() => {});
        return;
      }
      // From here on every delete is heard; what was remembered before may have missed one.
      this.records.clear();
      this.generation++;
      this.client = client;
      this.listening = true;
      if (this.attempt > 0) this.log('Shotlink server: listening for deletes again');
      this.attempt = 0;
    } catch (error) {
      if (client) this.lost(client, error);
      else this.retry(error);
    }
  }

  private lost(client: Client, error: unknown): void {
    if (client !== this.client && this.client !== null) return; // an old connection's last words
    if (this.client === client) {
      this.client = null;
      this.listening = false;
    }
    client.end().catch(() => {});
    this.retry(error);
  }

  private retry(error: unknown): void {
    if (this.closed || this.timer) return;
    if (this.attempt === 0) {
      this.log(
        `Shotlink server: not listening for deletes (${describe(error)}); asking the database for every image until it is back`,
      );
    }
    const wait = RECONNECT_MS[Math.min(this.attempt++, RECONNECT_MS.length - 1)]!;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.listen();
    }, wait);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}
