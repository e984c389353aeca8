// What Shotlink says before anything leaves the machine: the public-link notice, and the one sentence
// that says what turning watching on will do. Pure text, so the CLI, the app and the window say the
// same thing in the same words.
import { describeRetention, type ProviderInfo, type TierInfo } from './catalog.ts';

export const PUBLIC_NOTICE =
  'Note: uploads to this host are public. Anyone who has the link can see the image, and most hosts ' +
  'only remove it when it expires. (Shown once.)';

/**
 * Whether the public-host notice (once, ever) is still owed before an upload to this tier: the rule
 * the window asks by, in a dialog before it uploads, and core tells by on every other path
 * (core/public-notice.ts, which adds GitHub's rule: each public repository told once).
 */
export function publicTierNoticeDue(
  settings: { publicNoticeShown: boolean } | null | undefined,
  tier: Pick<TierInfo, 'public'> | null | undefined,
): boolean {
  return tier?.public === true && !!settings && !settings.publicNoticeShown;
}

/** "public link, 7 days" / "link on your own server, permanent". */
function lifeOf(tier: TierInfo): string {
  const who = tier.audience
    ? `link seen by ${tier.audience}`
    : tier.public
      ? 'public link'
      : 'link on your own server';
  return `${who}, ${describeRetention(tier.retentionDays)}`;
}

/** "img402.dev Free: public link, 7 days" — the destination as a person names it, and what it keeps. */
export function destinationOf(provider: ProviderInfo | undefined, tier: TierInfo | undefined): string {
  if (!provider) return 'an unknown host';
  return tier ? `${provider.label} ${tier.label}: ${lifeOf(tier)}` : provider.label;
}

export interface WatchingPlan {
  /** Folders that will be watched (the OS screenshot folder first, when it is on). */
  folders: string[];
  clipboard: boolean;
  paused: boolean;
}

/**
 * What watching will do, in one sentence: "New screenshots in ~/Pictures/Screenshots upload to
 * img402.dev Free: public link, 7 days." — or "Watching nothing." when nothing is on.
 */
export function describeWatching(
  plan: WatchingPlan,
  provider: ProviderInfo | undefined,
  tier: TierInfo | undefined,
): string {
  const sources = [
    ...(plan.folders.length > 0 ? [`new screenshots in ${plan.folders.join(', ')}`] : []),
    ...(plan.clipboard ? ['images you copy'] : []),
  ];
  if (sources.length === 0) return 'Watching nothing: only what you upload yourself leaves this machine.';
  const what = sources.join(' and ');
  const sentence = `${what[0]!.toUpperCase()}${what.slice(1)} upload to ${destinationOf(provider, tier)}.`;
  return plan.paused ? `Paused. When resumed: ${sentence}` : sentence;
}
