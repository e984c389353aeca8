// The payment ledger: `payments.json` in the data folder, one entry per signed payment, written BEFORE the
// payment is sent and updated when its token arrives and when the token is used. Reads and writes are
// synchronous (written atomically: temp file, fsync, rename) so that a record is on disk before the
// next step runs; every change is read-change-write under the store's cross-process lock, so the app
// and the CLI see, and never overwrite, each other's payments.
import * as z from 'zod';
import type { PaymentRecord } from '../../../src-shared/history.ts';
import { ledgerEntrySchema, type LedgerEntry } from './ledger-entry.ts';
import { openCheckedJson } from '../store/checked-json.ts';
import { isAlive } from '../store/lock.ts';
import { damagedLedgerProblem } from './damaged-ledger.ts';

export { ledgerEntrySchema, type LedgerEntry } from './ledger-entry.ts';

const ledgerFileSchema = z.object({ payments: z.array(ledgerEntrySchema) });

export interface Ledger {
  readonly path: string;
  /** Oldest first. */
  entries(): LedgerEntry[];
  add(entry: LedgerEntry): void;
  /**
   * Adds `entry` only if `refusal` finds nothing wrong with the ledger as it is on disk, in one step
   * under the cross-process lock: two processes cannot both fit under the daily cap. Throws the refusal.
   */
  reserve(entry: LedgerEntry, refusal: (entries: LedgerEntry[]) => Error | null): void;
  remove(id: string): void;
  update(id: string, patch: Partial<LedgerEntry>): LedgerEntry;
  /** Set when the file was damaged and set aside; payments stop until someone has looked. */
  problem(): string | null;
}

export function openLedger(home: string): Ledger {
  const file = openCheckedJson({
    home,
    name: 'payments',
    schema: ledgerFileSchema,
    empty: () => ({ payments: [] }),
    fallbackNote: 'no payment is made until it is restored or removed (it records tokens already paid for)',
  });
  const entries = () => file.read().payments;

  return {
    path: file.path,
    entries,
    add(entry) {
      const parsed = ledgerEntrySchema.parse(entry);
      file.update((current) => ({
        payments: [...current.payments.filter((e) => e.id !== parsed.id), parsed],
      }));
    },
    reserve(entry, refusal) {
      const parsed = ledgerEntrySchema.parse(entry);
      file.update((current) => {
        const problem = refusal(current.payments);
        if (problem) throw problem;
        return { payments: [...current.payments, parsed] };
      });
    },
    remove(id) {
      file.update((current) => ({ payments: current.payments.filter((e) => e.id !== id) }));
    },
    update(id, patch) {
      let updated: LedgerEntry | undefined;
      file.update((current) => {
        const all = [...current.payments];
        const index = all.findIndex((e) => e.id === id);
        if (index < 0) throw new Error(`No payment ${id} in the ledger ${file.path}`);
        updated = ledgerEntrySchema.parse({ ...all[index], ...patch });
        // Optional fields set to undefined in the patch are dropped, not written as null.
        for (const key of Object.keys(patch) as (keyof LedgerEntry)[]) {
          if (patch[key] === undefined) delete updated[key];
        }
        all[index] = updated;
        return { payments: all };
      });
      return updated!;
    },
    // Whichever process set the file aside, every process refuses to pay until a person has looked.
    problem: () => damagedLedgerProblem(home),
  };
}

/** What the UI and `shotlink payments` show: the record without the replayable payment. */
export function toPaymentRecord(entry: LedgerEntry): PaymentRecord {
  const {
    signedPayment: _signed,
    refusedByServer: _refused,
    tokenRejectedAt: _rejected,
    tokenSentAt: _sent,
    answerLostAt: _lost,
    reservedBy: _reserved,
    ...record
  } = entry;
  return record;
}

/** The entries that count against the cap: signed payments, and reservations of live processes. */
export function countingEntries(entries: readonly LedgerEntry[]): LedgerEntry[] {
  return entries.filter((entry) => entry.reservedBy === undefined || isAlive(entry.reservedBy));
}

/** What became of a payment's token, for people: derived from the record, so it is never out of date. */
export function paymentState(record: PaymentRecord, now: Date): 'used' | 'unused' | 'expired' | 'no token' {
  if (record.usedAt) return 'used';
  if (!record.token) return 'no token';
  if (record.tokenExpiresAt && Date.parse(record.tokenExpiresAt) <= now.getTime()) return 'expired';
  return 'unused';
}
