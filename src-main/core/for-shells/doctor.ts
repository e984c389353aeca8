// The desktop checks (core/doctor): `shotlink doctor` runs them all; the app asks whether a tray shows.
export { checkTray } from '../doctor/checks.ts';
export type { ClipboardAccess } from '../doctor/checks.ts';
export { systemProbe } from '../doctor/probe.ts';
export { runDoctor, type DoctorShell } from '../doctor/run.ts';
