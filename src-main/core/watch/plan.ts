// What the watch settings ask for, as a plan: which folders, the clipboard or not, paused or not. The
// watchers follow it (watch-manager.ts) and the one-sentence summary describes it (summary.ts).
import type { WatchingPlan } from '../../../src-shared/consent.ts';
import type { Settings } from '../../../src-shared/settings.ts';

/** What the watch settings ask for: the OS screenshot folder first (when on), then the others, once each. */
export function planFor(watch: Settings['watch'], osFolder: string | null): WatchingPlan {
  const screenshots = watch.screenshotFolder ? osFolder : null;
  return {
    folders: [...new Set([...(screenshots ? [screenshots] : []), ...watch.folders])],
    clipboard: watch.clipboard,
    paused: watch.paused,
  };
}
