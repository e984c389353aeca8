// The one sentence that says what watching does with the current settings: which folders, which host
// and tier, public or not, for how long. The window shows it, `shotlink ui` prints it at start, and
// turning watching on (window, tray or `shotlink config set`) says it.
import { findTier } from '../../../src-shared/catalog.ts';
import { describeWatching, destinationOf, lifeOf, type WatchingPlan } from '../../../src-shared/consent.ts';
import type { Settings } from '../../../src-shared/settings.ts';
import type { CoreContext } from '../context.ts';
import { listProviders } from '../providers/registry.ts';
import { tildeHome } from '../util/names.ts';
import { screenshotFolder, thisMachine } from './screenshot-folder.ts';

/** The plan the settings describe; the OS screenshot folder is detected unless given. */
export function planOf(
  ctx: Pick<CoreContext, 'env'>,
  watch: Settings['watch'],
  osFolder: string | null = screenshotFolder(thisMachine(ctx.env)),
): WatchingPlan {
  const screenshots = watch.screenshotFolder ? osFolder : null;
  return {
    folders: [...new Set([...(screenshots ? [screenshots] : []), ...watch.folders])],
    clipboard: watch.clipboard,
    paused: watch.paused,
  };
}

export function summarizeWatching(ctx: CoreContext, plan: WatchingPlan): string {
  const { provider, tier } = ctx.settings.get();
  const providers = listProviders(ctx);
  return describeWatching(
    { ...plan, folders: plan.folders.map((folder) => tildeHome(folder, ctx.env)) },
    providers.find((candidate) => candidate.id === provider),
    findTier(providers, provider, tier),
  );
}

/** "Uploads go to img402.dev Free: public link, 7 days." */
export function summarizeDestination(ctx: CoreContext): string {
  const { provider, tier } = ctx.settings.get();
  const providers = listProviders(ctx);
  const tierInfo = findTier(providers, provider, tier);
  const where = destinationOf(
    providers.find((candidate) => candidate.id === provider),
    tierInfo,
  );
  return `Uploads go to ${where}${tierInfo ? `: ${lifeOf(tierInfo)}` : ''}.`;
}

/** Whether these settings watch anything at all. */
export function watchesAnything(watch: Settings['watch']): boolean {
  return watch.screenshotFolder || watch.clipboard || watch.folders.length > 0;
}
