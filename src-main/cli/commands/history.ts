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
        if (entries.length === 0) {
          // On stderr: stdout stays empty for scripts, the person still learns why.
          process.stderr.write(
            options.search !== undefined
              ? `shotlink: no uploads match '${options.search}'.\n`
              : 'shotlink: no uploads yet. Upload one with `shotlink upload <file>`.\n',
          );
          return;
        }
        const lines = options.json
          ? entries.map((entry) => JSON.stringify(entry))
          : alignColumns(entries.map((entry) => columns(entry, new Date())));
        for (const line of lines) process.stdout.write(`${line}\n`);
      }),
    );
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return limit;
}

/** One row per upload: when (in this machine's time zone, named), where, what, the link, how long it lives. */
export function columns(entry: HistoryEntry, now: Date): string[] {
  return [
    localTime(new Date(entry.uploadedAt)),
    `${entry.provider}/${entry.tier}`,
    entry.fileName,
    entry.url,
    // GitHub: permanent with no delete, and who sees it (the repository's readers, or everyone).
    [lifetime(entry.expiresAt, now), entry.noDelete && 'no delete', entry.visibility]
      .filter(Boolean)
      .join(', '),
  ];
}

/** Columns padded to the widest cell, two spaces apart; the last is not padded. */
export function alignColumns(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '),
  );
}

/** 2026-01-02 04:04 CET: local time, and the zone it is in. */
function localTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const zone =
    new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
      .formatToParts(date)
      .find((part) => part.type === 'timeZoneName')?.value ?? '';
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day} ${pad(date.getHours())}:${pad(date.getMinutes())} ${zone}`.trimEnd();
}

function lifetime(expiresAt: string | null, now: Date): string {
  if (expiresAt === null) return 'permanent';
  const days = (Date.parse(expiresAt) - now.getTime()) / 86_400_000;
  if (days <= 0) return 'expired';
  return days < 1
    ? 'expires today'
    : `expires in ${Math.floor(days)} day${Math.floor(days) === 1 ? '' : 's'}`;
}
