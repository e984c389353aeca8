// The one sentence that says what watching does with the current settings: which folders, which host
// and tier, public or not, for how long. The window shows it, `shotlink ui` prints it at start, and
// turning watching on (window, tray or `shotlink config set`) says it.
import { findTier, type ProviderInfo, type TierInfo } from '../../../src-shared/catalog.ts';
import { describeWatching, destinationOf, type WatchingPlan } from '../../../src-shared/consent.ts';
import type { Settings } from '../../../src-shared/settings.ts';
import type { CoreContext } from '../context.ts';
import { listProviders } from '../providers/registry.ts';
import { tildeHome } from '../util/names.ts';
import { screenshotFolder, thisMachine } from './screenshot-folder.ts';
import { planFor } from './plan.ts';

/** The plan the settings describe, with this machine's screenshot folder (what the CLI shows). */
export function planOf(ctx: Pick<CoreContext, 'env'>, watch: Settings['watch']): WatchingPlan {
  return planFor(watch, screenshotFolder(thisMachine(ctx.env)));
}

/** The host and tier the settings send uploads to (either unknown when the settings name none we have). */
function currentDestination(ctx: CoreContext): [ProviderInfo | undefined, TierInfo | undefined] {
  const { provider, tier } = ctx.settings.get();
  const providers = listProviders(ctx);
  return [providers.find((candidate) => candidate.id === provider), findTier(providers, provider, tier)];
}

export function summarizeWatching(ctx: CoreContext, plan: WatchingPlan): string {
  const folders = plan.folders.map((folder) => tildeHome(folder, ctx.env));
  return describeWatching({ ...plan, folders }, ...currentDestination(ctx));
}

/** What watching does with the settings as they are now (`shotlink config set watch.…` says it). */
export function summarizeWatchSettings(ctx: CoreContext): string {
  return summarizeWatching(ctx, planOf(ctx, ctx.settings.get().watch));
}

/** "Uploads go to img402.dev Free: public link, 7 days." */
export function summarizeDestination(ctx: CoreContext): string {
  return `Uploads go to ${destinationOf(...currentDestination(ctx))}.`;
}

/** Whether these settings watch anything at all. */
export function watchesAnything(watch: Settings['watch']): boolean {
  return watch.screenshotFolder || watch.clipboard || watch.folders.length > 0;
}
