// Upload history, persisted with conf as `history.json` in the data folder, newest first. Every read is
// validated; a damaged file is set aside and reported (see checked-conf.ts), never silently emptied.
import { z } from 'zod';
import type { HistoryEntry } from '../../../src-shared/history.ts';
import type { HistoryStore } from '../context.ts';
import { openCheckedConf, type StoreProblem } from './checked-conf.ts';
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
}) satisfies z.ZodType<HistoryEntry>;

const historyFileSchema = z.object({ entries: z.array(historyEntrySchema) });
type HistoryFile = z.infer<typeof historyFileSchema>;

export interface CheckedHistoryStore extends HistoryStore {
  readonly problems: readonly StoreProblem[];
}

export function createHistoryStore(home: string): CheckedHistoryStore {
  const file = openCheckedConf<HistoryFile>({
    home,
    name: 'history',
    schema: historyFileSchema,
    empty: () => ({ entries: [] }),
    fallbackNote: 'a new, empty history was started',
  });
  const entries = () => file.read().entries;

  return {
    list(query = {}) {
      const needle = query.search?.trim().toLowerCase();
      const found = needle ? entries().filter((entry) => matches(entry, needle)) : entries();
      return query.limit === undefined ? found : found.slice(0, query.limit);
    },
    get: (id) => entries().find((entry) => entry.id === id),
    add(entry) {
      // Re-adding an id replaces it, so recording the same upload twice cannot duplicate it.
      const checked = historyEntrySchema.parse(entry);
      file.update(({ entries: all }) => ({
        entries: [checked, ...all.filter((existing) => existing.id !== entry.id)],
      }));
    },
    remove(id) {
      let removed: HistoryEntry | undefined;
      file.update(({ entries: all }) => {
        removed = all.find((existing) => existing.id === id);
        return { entries: all.filter((existing) => existing.id !== id) };
      });
      if (removed?.thumbnail) removeThumbnail(home, removed.thumbnail);
      return removed;
    },
    problems: file.problems,
  };
}

function matches(entry: HistoryEntry, needle: string): boolean {
  return [entry.fileName, entry.url, entry.viewUrl ?? '', entry.provider, entry.tier].some((field) =>
    field.toLowerCase().includes(needle),
  );
}
