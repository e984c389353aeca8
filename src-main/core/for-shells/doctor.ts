// The doctor (core/doctor): every check, as `shotlink doctor` and the window's Desktop section show
// them; whether a tray shows, which the app asks before it hides its window.
export { checkTray } from '../doctor/checks.ts';
export type { ClipboardAccess } from '../doctor/checks.ts';
export { systemProbe } from '../doctor/probe.ts';
export { diagnose } from '../doctor/diagnose.ts';
export type { DoctorShell } from '../doctor/run.ts';
