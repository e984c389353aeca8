// Settings: read them, change them. A change takes effect at once: the watchers follow `watch`, and the
// server switch (`server.enabled`) starts or stops the server as its own toggle does.
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import type { App } from '../app.ts';

export function settingsApi(app: App): Pick<ShotlinkApi, 'getSettings' | 'setSettings'> {
  const { core, events } = app;
  return {
    getSettings: async () => core.settings.get(),
    async setSettings(patch) {
      const serverWasOn = core.settings.get().server.enabled;
      const settings = core.settings.set(patch);
      events.emit('settings', settings);
      await app.watch.apply(settings.watch);
      if (settings.server.enabled !== serverWasOn) await app.server.setEnabled(settings.server.enabled);
      return settings;
    },
  };
}
