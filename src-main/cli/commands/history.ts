// `shotlink history`: recent uploads, newest first, in columns that fit the terminal (long links
// shortened); `--json` for scripts (one entry per line, every link whole).
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
          : alignColumns(
              fitColumns(
                entries.map((entry) => columns(entry, new Date())),
                outputWidth(process.stdout, process.env),
              ),
            );
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

const GAP = '  ';
const columnWidths = (rows: string[][]) =>
  rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));

/** Columns padded to the widest cell, two spaces apart; the last is not padded. */
export function alignColumns(rows: string[][]): string[] {
  const widths = columnWidths(rows);
  return rows.map((row) =>
    row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join(GAP),
  );
}

/**
 * The width to fit rows into: COLUMNS when set (as most tools honour it), else the terminal's; null
 * for a file or a pipe, which get every link whole.
 */
export function outputWidth(
  stream: { isTTY?: boolean; columns?: number },
  env: NodeJS.ProcessEnv,
): number | null {
  const columns = Number(env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
  return stream.isTTY && stream.columns ? stream.columns : null;
}

/** Where `columns` puts the link and the file name, the two cells that may be shortened. */
const LINK = 3;
const FILE = 2;
/**
 * How far each cell may be shortened, in turn, until the rows fit: links to 32 characters first (an
 * img402 or img.pro link is about that long, so only the long ones are cut), then file names to 16,
 * then both further. Below the last step a cell says too little, and a row that still does not fit
 * wraps: with the other columns about 65 characters wide, in terminals narrower than about 90 columns.
 */
const STEPS: [column: number, least: number, shorten: (text: string, max: number) => string][] = [
  [LINK, 32, (text, max) => shortenLink(text, max)],
  [FILE, 16, (text, max) => shortenMiddle(text, max)],
  [LINK, 20, (text, max) => shortenLink(text, max)],
  [FILE, 10, (text, max) => shortenMiddle(text, max)],
];

/**
 * Shortens links, then file names, until a row fits `width`; one long link (a presigned S3 link runs
 * to hundreds of characters) then no longer widens every row. `--json` keeps the full link.
 */
export function fitColumns(rows: string[][], width: number | null): string[][] {
  if (width === null || rows.length === 0) return rows;
  let fitted = rows;
  for (const [column, least, shorten] of STEPS) {
    const widths = columnWidths(fitted);
    const over = widths.reduce((sum, w) => sum + w, 0) + GAP.length * (widths.length - 1) - width;
    if (over <= 0) break;
    const room = Math.max(least, widths[column]! - over);
    fitted = fitted.map((row) => row.map((cell, i) => (i === column ? shorten(cell, room) : cell)));
  }
  return fitted;
}

/**
 * A link cut to `max` characters so that it still says where the image is: the query (a presigned
 * link's credential and signature) goes first, marked `?…`, then the middle of the rest, keeping the
 * host at the start and the object's name at the end.
 */
export function shortenLink(url: string, max: number): string {
  if (url.length <= max) return url;
  const query = url.indexOf('?');
  const base = query === -1 ? url : url.slice(0, query);
  const marker = query === -1 ? '' : '?…';
  if (base.length + marker.length <= max) return base + marker;
  return shortenMiddle(base, max - marker.length) + marker;
}

/** `text` cut to `max` characters by taking out its middle (the ends say the most: host, extension). */
export function shortenMiddle(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const tail = Math.floor((max - 1) / 2);
  const head = max - 1 - tail;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
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
