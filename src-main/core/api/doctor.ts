// What this desktop offers Shotlink: the doctor's checks (core/doctor), run when the window asks.
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import type { App } from '../app.ts';
import { diagnose } from '../doctor/diagnose.ts';

export function doctorApi(app: App): Pick<ShotlinkApi, 'checkDesktop'> {
  return { checkDesktop: () => diagnose(app.core, app.ports.doctor) };
}
