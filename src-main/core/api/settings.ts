// Settings: read them, change them. A change takes effect at once: the watchers follow `watch`, and the
// server switch (`server.enabled`) starts or stops the server as its own toggle does.
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import type { App } from '../app.ts';
import { checkSettingsPatch } from '../setting-values.ts';
import { watchesAnything } from '../watch/summary.ts';

export function settingsApi(app: App): Pick<ShotlinkApi, 'getSettings' | 'setSettings'> {
  const { core, events } = app;
  return {
    getSettings: async () => core.settings.get(),
    async setSettings(patch) {
      const before = core.settings.get();
      checkSettingsPatch(core, patch);
      const settings = core.settings.set(patch);
      events.emit('settings', settings);
      const status = await app.watch.apply(settings.watch);
      // Turning watching on is the consent: say at once what it will upload, where, and for how long.
      if (!watchesAnything(before.watch) && watchesAnything(settings.watch))
        app.notice('info', status.summary);
      const serverWasOn = before.server.enabled;
      if (settings.server.enabled !== serverWasOn) {
        await app.server.setEnabled(settings.server.enabled);
        // A server that could not start turned its switch back off: the settings say so.
        const now = core.settings.get();
        if (now.server.enabled !== settings.server.enabled) events.emit('settings', now);
        return now;
      }
      return settings;
    },
  };
}
