// A damaged payment ledger blocks payments in every process until a person has looked. The ledger
// remembers which tokens were paid for and how much was spent today; paying on from an empty one could
// pay twice and break the daily cap. The store sets a damaged file aside as `payments.json.corrupt-*`:
// while such a file is there (in whatever process found it), no payment is made. The person then
// restores it (once repaired: its payments join the ledger) or accepts the loss (the file is kept,
// marked `.accepted`).
import { readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { DamagedLedgerFile } from '../../../src-shared/api.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { ledgerEntrySchema, type LedgerEntry } from './ledger-entry.ts';

/** What restoring needs of the ledger: its rows, and adding one. */
interface LedgerRows {
  entries(): LedgerEntry[];
  add(entry: LedgerEntry): void;
}

const DAMAGED = /^payments\.json\.corrupt-[^/]*$/;
const ACCEPTED = '.accepted';

/** Damaged ledgers set aside and not yet restored or accepted, oldest first. */
export function damagedLedgers(home: string): DamagedLedgerFile[] {
  let names: string[];
  try {
    names = readdirSync(home);
  } catch {
    return [];
  }
  return names
    .filter((name) => DAMAGED.test(name) && !name.endsWith(ACCEPTED))
    .sort()
    .map((name) => ({ file: join(home, name), restorable: parse(join(home, name)) !== null }));
}

/** Why payments are blocked, for people; null when nothing is waiting. */
export function damagedLedgerProblem(home: string): string | null {
  const [first] = damagedLedgers(home);
  if (!first) return null;
  return (
    `The payments file ${join(home, 'payments.json')} was damaged and was moved to ${first.file}; ` +
    'no payment is made until you look at it: repair it and run `shotlink payments restore`, or ' +
    'accept that its records are lost with `shotlink payments accept-damaged` (the Wallet view offers both).'
  );
}

/** Puts the payments of each repaired file back into the ledger; refuses files that still do not parse. */
export function restoreDamagedLedgers(home: string, ledger: LedgerRows): number {
  let restored = 0;
  for (const { file } of damagedLedgers(home)) {
    const entries = parse(file);
    if (!entries) {
      throw new ShotlinkError(
        'input',
        `${file} is still damaged (not a valid ledger). Repair it by hand, or accept the loss with ` +
          '`shotlink payments accept-damaged`.',
      );
    }
    const known = new Set(ledger.entries().map((entry) => entry.id));
    for (const entry of entries) if (!known.has(entry.id)) ledger.add(entry);
    renameSync(file, `${file}.restored${ACCEPTED}`);
    restored += entries.length;
  }
  return restored;
}

/** Marks every damaged file as looked at: payments go on from the current ledger. */
export function acceptDamagedLedgers(home: string): number {
  const damaged = damagedLedgers(home);
  for (const { file } of damaged) renameSync(file, `${file}${ACCEPTED}`);
  return damaged.length;
}

function parse(file: string) {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { payments?: unknown };
    const result = ledgerEntrySchema.array().safeParse(data.payments);
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
