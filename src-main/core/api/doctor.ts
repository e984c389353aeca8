// What this desktop offers Shotlink: the doctor's checks (core/doctor), run when the window asks.
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import type { App } from '../app.ts';
import { systemProbe } from '../doctor/probe.ts';
import { runDoctor } from '../doctor/run.ts';
import { checkGithub } from '../providers/github/doctor.ts';

export function doctorApi(app: App): Pick<ShotlinkApi, 'checkDesktop'> {
  return {
    checkDesktop: async () => [
      ...(await runDoctor({
        probe: systemProbe(app.core.env),
        shell: app.ports.doctor,
        home: app.core.home,
        secrets: app.core.secrets,
        settings: app.core.settings.get(),
      })),
      await checkGithub(app.core),
    ],
  };
}
