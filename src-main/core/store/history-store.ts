// Upload history, persisted as `history.json` in the data folder, newest first. Every read is
// validated; a damaged file is set aside and reported (see checked-json.ts), never silently emptied.
// One damaged entry does not cost the others: it is skipped when listing, kept in the file as it is
// (a rewrite carries it along), and reported once.
import * as z from 'zod';
import type { HistoryEntry } from '../../../src-shared/history.ts';
import type { HistoryStore } from '../context.ts';
import { openCheckedJson, type StoreProblem } from './checked-json.ts';
import { removeThumbnail } from './thumbnails.ts';

const isoTime = z.iso.datetime({ offset: true });

// Loose: fields a newer Shotlink wrote survive this one's rewrite of the file.
export const historyEntrySchema = z.looseObject({
  id: z.string().min(1),
  fileName: z.string(),
  provider: z.string().min(1),
  tier: z.string().min(1),
  url: z.string().min(1),
  viewUrl: z.string().optional(),
  deleteUrl: z.string().optional(),
  hostId: z.string(),
  originalBytes: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  format: z.string(),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  uploadedAt: isoTime,
  expiresAt: isoTime.nullable(),
  thumbnail: z.string().nullable(),
  contentHash: z.string(),
  paymentId: z.string().optional(),
  uploadKey: z.string().optional(),
  fitNote: z.string().optional(),
  hostNote: z.string().optional(),
  offer: z.object({ message: z.string(), url: z.string().optional() }).optional(),
  sourceUrl: z.string().optional(),
}) satisfies z.ZodType<HistoryEntry>;

// Entries are checked one by one (below), so the file's own schema takes any array of them.
const historyFileSchema = z.object({ entries: z.array(z.unknown()) });
type HistoryFile = z.infer<typeof historyFileSchema>;

export interface CheckedHistoryStore extends HistoryStore {
  /** The file's problems and each unreadable entry's (every entry is checked to find them). */
  readonly problems: readonly StoreProblem[];
  /**
   * The file's problems alone (a damaged file is set aside), without checking each entry: enough for a
   * run that only adds one, which carries the others along as they are. Checking every entry costs a
   * long history tens of milliseconds at each start.
   */
  readonly fileProblems: readonly StoreProblem[];
}

export function createHistoryStore(home: string): CheckedHistoryStore {
  const file = openCheckedJson<HistoryFile>({
    home,
    name: 'history',
    schema: historyFileSchema,
    empty: () => ({ entries: [] }),
    fallbackNote: 'a new, empty history was started',
  });
  const problems: StoreProblem[] = [];
  const reported = new Set<string>();
  /** The readable entries; an unreadable one is reported once and passed over. */
  const entries = (): HistoryEntry[] =>
    file.read().entries.flatMap((raw, index) => {
      const parsed = historyEntrySchema.safeParse(raw);
      if (parsed.success) return [parsed.data];
      const id = (raw as { id?: unknown } | null)?.id;
      const which = typeof id === 'string' ? `"${id}"` : `number ${index + 1}`;
      if (!reported.has(which)) {
        reported.add(which);
        const issue = parsed.error.issues[0];
        problems.push({
          file: file.path,
          movedTo: file.path,
          message:
            `History entry ${which} in ${file.path} could not be read (${issue?.path.join('.') || 'entry'}: ` +
            `${issue?.message ?? 'invalid'}); it is kept in the file as it is and left out of the list.`,
        });
      }
      return [];
    });
  const idOf = (raw: unknown) => (raw as { id?: unknown } | null)?.id;

  return {
    list(query = {}) {
      const needle = query.search?.trim().toLowerCase();
      const found = needle ? entries().filter((entry) => matches(entry, needle)) : entries();
      return query.limit === undefined ? found : found.slice(0, query.limit);
    },
    get: (id) => entries().find((entry) => entry.id === id),
    // Read from the entries as they are in the file: checking every entry for a count would cost a long
    // history tens of milliseconds in the upload's path (see fileProblems).
    countUploads(uploadKey) {
      return file.read().entries.filter((raw) => {
        const key = (raw as { uploadKey?: unknown } | null)?.uploadKey;
        return typeof key === 'string' && (key === uploadKey || key.startsWith(`${uploadKey}#`));
      }).length;
    },
    add(entry) {
      // Re-adding an id replaces it, so recording the same upload twice cannot duplicate it.
      const checked = historyEntrySchema.parse(entry);
      file.update(({ entries: all }) => ({
        entries: [checked, ...all.filter((existing) => idOf(existing) !== entry.id)],
      }));
    },
    remove(id) {
      let removed: HistoryEntry | undefined;
      file.update(({ entries: all }) => {
        const found = all.find((existing) => idOf(existing) === id);
        const parsed = historyEntrySchema.safeParse(found);
        removed = parsed.success ? parsed.data : undefined;
        return { entries: all.filter((existing) => idOf(existing) !== id) };
      });
      if (removed?.thumbnail) removeThumbnail(home, removed.thumbnail);
      return removed;
    },
    get problems() {
      entries(); // reading reports unreadable entries
      return [...file.problems, ...problems];
    },
    get fileProblems() {
      file.read(); // reading sets a damaged file aside
      return [...file.problems];
    },
  };
}

function matches(entry: HistoryEntry, needle: string): boolean {
  return [entry.fileName, entry.url, entry.viewUrl ?? '', entry.provider, entry.tier].some((field) =>
    field.toLowerCase().includes(needle),
  );
}
