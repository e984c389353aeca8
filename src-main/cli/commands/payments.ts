// `shotlink payments`: the payment ledger, newest first; `--json` prints one record per line for scripts.
import type { Command } from 'commander';
import { formatUsdc } from '../../../src-shared/catalog.ts';
import type { PaymentRecord } from '../../../src-shared/history.ts';
import {
  acceptDamagedLedgers,
  damagedLedgerProblem,
  openLedger,
  paymentState,
  restoreDamagedLedgers,
} from '../../core/for-shells/payments.ts';
import { buildCore, runCommand } from '../context.ts';

export function register(program: Command): void {
  const payments = program
    .command('payments')
    .description('The payments made for paid uploads; a damaged ledger, restored or accepted.');

  payments
    .command('list', { isDefault: true })
    .description('List the payments made for paid uploads, newest first.')
    .option('--json', 'print one JSON object per payment')
    .action((options: { json?: boolean }) =>
      runCommand(() => {
        const core = buildCore();
        const records = core.payments?.list() ?? [];
        const now = new Date();
        for (const record of records) {
          process.stdout.write(`${options.json ? JSON.stringify(record) : describe(record, now)}\n`);
        }
        if (!options.json && records.length === 0) process.stderr.write('shotlink: no payments yet.\n');
        const blocked = damagedLedgerProblem(core.home);
        if (blocked) process.stderr.write(`shotlink: ${blocked}\n`);
      }),
    );

  payments
    .command('restore')
    .description('Put the payments of a repaired damaged ledger back, and pay again.')
    .action(() =>
      runCommand(() => {
        const core = buildCore();
        const restored = restoreDamagedLedgers(core.home, openLedger(core.home));
        process.stderr.write(`shotlink: ${restored} payment(s) restored; paying is possible again.\n`);
      }),
    );

  payments
    .command('accept-damaged')
    .description('Accept that a damaged ledger is lost (the file is kept), and pay again.')
    .action(() =>
      runCommand(() => {
        const accepted = acceptDamagedLedgers(buildCore().home);
        process.stderr.write(
          accepted === 0
            ? 'shotlink: no damaged ledger is waiting.\n'
            : `shotlink: ${accepted} damaged ledger file(s) accepted as lost; the daily cap counts from the current ledger.\n`,
        );
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
    ...(record.via === 'mcp' ? ['by an agent (MCP)'] : []),
  ].join('  ');
}
