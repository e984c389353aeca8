// What a host offers with a successful answer (img.pro's `upgrade`: "get a free API key for permanent
// storage"). Kept in the history entry, and told to the person once per host and offer, wherever they
// upload from (the CLI's stderr, a notice in the window): an offer repeated on every upload is noise.
import type { HistoryEntry } from '../../src-shared/history.ts';
import type { CoreContext } from './context.ts';

/** How many offers are remembered as told; the oldest are forgotten first. */
const REMEMBERED = 50;

/** The entry's offer when it has not been told yet (and marks it told), else undefined. */
export function offerToTell(ctx: CoreContext, entry: HistoryEntry): HistoryEntry['offer'] {
  const offer = entry.offer;
  if (!offer) return undefined;
  const key = `${entry.provider} ${offer.url ?? offer.message}`.slice(0, 600);
  const shown = ctx.settings.get().offersShown;
  if (shown.includes(key)) return undefined;
  ctx.settings.set({ offersShown: [...shown, key].slice(-REMEMBERED) });
  return offer;
}

/** One line: "Get a free API key for permanent storage: https://img.pro/keys". */
export function describeOffer(offer: NonNullable<HistoryEntry['offer']>): string {
  const text = offer.message.trim().replace(/[.:]$/, '');
  return offer.url ? `${text}: ${offer.url}` : `${text}.`;
}
