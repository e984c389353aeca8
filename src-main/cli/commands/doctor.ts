// `shotlink doctor`: what this desktop offers Shotlink (capture tool, clipboard, keychain, tray, hotkeys,
// data folder, hosts), each with what to do when it falls short. Exits 1 when something Shotlink needs is
// missing ('fail'), 0 otherwise; `--json` prints the checks for scripts.
import type { Command } from 'commander';
import type { DoctorCheck, DoctorStatus } from '../../../src-shared/doctor.ts';
import { diagnose } from '../../core/for-shells/doctor.ts';
import { buildCore, runCommand } from '../context.ts';
import { terminalClipboardAccess } from '../terminal-ports.ts';

const MARKS: Record<DoctorStatus, string> = { ok: '✓', warn: '!', fail: '✗', 'n/a': '-' };

export function register(program: Command): void {
  program
    .command('doctor')
    .description('Check what this desktop offers Shotlink, and say what to do about what it lacks.')
    .option('--json', 'print the checks as JSON')
    .action((options: { json?: boolean }) =>
      runCommand(async () => {
        const core = buildCore();
        const checks = await diagnose(core, { clipboard: terminalClipboardAccess() }, { cwd: process.cwd() });
        const code = checks.some((check) => check.status === 'fail') ? 1 : 0;
        const text = options.json ? `${JSON.stringify(checks, null, 2)}\n` : formatChecks(checks);
        // Exits once the report is out: a keychain that never answered must not hold the command open.
        await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
        process.exit(code);
      }),
    );
}

export function formatChecks(checks: DoctorCheck[]): string {
  const width = Math.max(...checks.map((check) => check.title.length));
  return checks
    .map((check) => {
      const line = `${MARKS[check.status]} ${check.title.padEnd(width)}  ${check.summary}`;
      return check.fix && check.status !== 'ok' ? `${line}\n  ${' '.repeat(width)}  → ${check.fix}` : line;
    })
    .map((line) => `${line}\n`)
    .join('');
}
