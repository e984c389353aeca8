// `shotlink history`: recent uploads, newest first; `--json` for scripts (one entry per line).
import { InvalidArgumentError, type Command } from 'commander';
import type { HistoryEntry } from '../../../src-shared/history.ts';
import { buildCore, runCommand } from '../context.ts';

interface HistoryOptions {
  json?: boolean;
  limit: number;
  search?: string;
}

export function register(program: Command): void {
  program
    .command('history')
    .description('List recent uploads, newest first.')
    .option('--json', 'print one JSON object per entry')
    .option('-n, --limit <N>', 'how many entries to show', parseLimit, 20)
    .option('-s, --search <text>', 'only entries whose file name, link or host contains this text')
    .action((options: HistoryOptions) =>
      runCommand(() => {
        const entries = buildCore().history.list({ limit: options.limit, search: options.search });
        for (const entry of entries) {
          process.stdout.write(`${options.json ? JSON.stringify(entry) : describe(entry, new Date())}\n`);
        }
      }),
    );
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return limit;
}

/** One line per upload: when, where, what, the link, and how long it lives. */
export function describe(entry: HistoryEntry, now: Date): string {
  const when = entry.uploadedAt.slice(0, 16).replace('T', ' ');
  return [
    when,
    `${entry.provider}/${entry.tier}`,
    entry.fileName,
    entry.url,
    lifetime(entry.expiresAt, now),
  ].join('  ');
}

function lifetime(expiresAt: string | null, now: Date): string {
  if (expiresAt === null) return 'permanent';
  const days = (Date.parse(expiresAt) - now.getTime()) / 86_400_000;
  if (days <= 0) return 'expired';
  return days < 1
    ? 'expires today'
    : `expires in ${Math.floor(days)} day${Math.floor(days) === 1 ? '' : 's'}`;
}
