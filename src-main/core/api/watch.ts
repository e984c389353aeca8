// Folder and clipboard watching: what is watched, and the pause switch.
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import type { App } from '../app.ts';

export function watchApi(app: App): Pick<ShotlinkApi, 'watcherStatus' | 'setWatchPaused'> {
  return {
    watcherStatus: async () => app.watch.status(),
    async setWatchPaused(paused) {
      const settings = app.core.settings.set({ watch: { paused } });
      app.events.emit('settings', settings);
      return app.watch.apply(settings.watch);
    },
  };
}
