// `shotlink payments`: the payment ledger, newest first; `--json` prints one record per line for scripts.
import type { Command } from 'commander';
import { formatUsdc } from '../../../src-shared/catalog.ts';
import type { PaymentRecord } from '../../../src-shared/history.ts';
import { paymentState } from '../../core/for-shells/payments.ts';
import { buildCore, runCommand } from '../context.ts';

export function register(program: Command): void {
  program
    .command('payments')
    .description('List the payments made for paid uploads, newest first.')
    .option('--json', 'print one JSON object per payment')
    .action((options: { json?: boolean }) =>
      runCommand(() => {
        const records = buildCore().payments?.list() ?? [];
        const now = new Date();
        for (const record of records) {
          process.stdout.write(`${options.json ? JSON.stringify(record) : describe(record, now)}\n`);
        }
        if (!options.json && records.length === 0) process.stderr.write('shotlink: no payments yet.\n');
      }),
    );
}

/** One line per payment: when, what, how much, where it went, and what became of its token. */
function describe(record: PaymentRecord, now: Date): string {
  return [
    record.createdAt.slice(0, 16).replace('T', ' '),
    `${record.provider}/${record.tier}`,
    `${formatUsdc(record.amountAtomic)} USDC`,
    record.network,
    `to ${record.payTo}`,
    paymentState(record, now),
    record.transaction ? `tx ${record.transaction}` : 'no tx reported',
  ].join('  ');
}
