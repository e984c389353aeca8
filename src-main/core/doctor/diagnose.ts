// Every check the doctor makes, for whichever shell asks: `shotlink doctor` and the window's Desktop
// section show the same list. The shell says only what it alone knows (DoctorShell).
import type { DoctorCheck } from '../../../src-shared/doctor.ts';
import type { CoreContext } from '../context.ts';
import { checkGithub } from '../providers/github/doctor.ts';
import { systemProbe } from './probe.ts';
import { runDoctor, type DoctorShell } from './run.ts';

export async function diagnose(
  ctx: CoreContext,
  shell: DoctorShell,
  options: { cwd?: string } = {},
): Promise<DoctorCheck[]> {
  return [
    ...(await runDoctor({
      probe: systemProbe(ctx.env),
      shell,
      home: ctx.home,
      secrets: ctx.secrets,
      settings: ctx.settings.get(),
    })),
    await checkGithub(ctx, options),
  ];
}
