// What every `shotlink` command shares: building core for a terminal, reporting errors the same way,
// exit codes (worst wins), and how core's messages and progress reach the terminal.
// Output rule: stdout carries only results (links, JSON); everything for the person goes to stderr.
import { exitCodeFor, ShotlinkError, worstExitCode } from '../../src-shared/errors.ts';
import { createCore, type Core, type CreateCoreOptions } from '../core/for-shells/core.ts';
import type { PipelineStage, UploadShell } from '../core/for-shells/upload.ts';

/** Core for this process: SHOTLINK_HOME (or the OS app-data folder), the OS keychain. */
export function buildCore(
  options: Omit<CreateCoreOptions, 'env'> & {
    /**
     * The command only adds to history (`upload`): history's entries are not each checked at start, as
     * the commands that show them do (and say which cannot be read); a damaged file is still reported.
     */
    addsToHistoryOnly?: boolean;
  } = {},
): Core {
  const { addsToHistoryOnly, ...coreOptions } = options;
  const core = createCore({ env: process.env, ...coreOptions });
  // Read both stores once now, so a damaged file is reported before any other output (problems() reads
  // the history, which a long one makes worth doing once).
  try {
    core.settings.get();
  } catch {
    // A bad environment override: the command reports it when it reads settings itself.
  }
  for (const problem of core.problems({ historyEntries: !addsToHistoryOnly }))
    process.stderr.write(`shotlink: warning: ${problem}\n`);
  return core;
}

/**
 * Prints `shotlink: <subject>: <message>` on stderr (plus the page to open, if the host named one),
 * raises the process exit code to this error's if it is worse, and returns the code.
 */
export function reportError(error: unknown, subject?: string): number {
  const message =
    error instanceof ShotlinkError
      ? error.message +
        (error.actionUrl && !error.message.includes(error.actionUrl) ? ` Open ${error.actionUrl}` : '')
      : `Unexpected error: ${describeUnexpected(error)}`;
  process.stderr.write(`shotlink: ${subject ? `${subject}: ` : ''}${message}\n`);
  const code = exitCodeFor(error);
  process.exitCode = worstExitCode([Number(process.exitCode ?? 0), code]);
  return code;
}

/** A bug or an OS failure: the message, and the stack only when asked for (SHOTLINK_DEBUG=1). */
function describeUnexpected(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return process.env.SHOTLINK_DEBUG ? (error.stack ?? error.message) : error.message;
}

/** Runs a command body, turning a thrown error into a message and an exit code. */
export async function runCommand(body: () => Promise<void> | void): Promise<void> {
  try {
    await body();
  } catch (error) {
    reportError(error);
  }
}

const STAGE_LABELS: Record<PipelineStage, string> = {
  intake: 'reading',
  optimize: 'optimizing',
  pay: 'paying',
  upload: 'uploading',
  record: 'saving to history',
};

/**
 * How core's upload use cases reach a person on a terminal: what must be told always goes to stderr;
 * details stay out of a quiet run; progress shows on one line, only when stderr is a terminal (never in
 * pipes and logs), and is cleared for every message and by `done`.
 */
export function terminalShell(quiet: boolean): Required<UploadShell> & { done(): void } {
  const progress = !quiet && process.stderr.isTTY === true;
  const done = () => {
    if (progress) process.stderr.write('\r\x1b[2K');
  };
  const say = (message: string) => {
    done();
    process.stderr.write(`shotlink: ${message}\n`);
  };
  return {
    tell: (_level, message) => say(message),
    note: (message) => {
      if (!quiet) say(message);
    },
    onStage(fileName, stage, detail) {
      if (!progress) return;
      // Paying may ask a question on the terminal: leave the line clear for it.
      if (stage === 'pay') return done();
      process.stderr.write(`\r\x1b[2K${fileName}: ${detail ?? `${STAGE_LABELS[stage]}…`}`);
    },
    done,
  };
}

/** An http(s) URL, as `--public-url` and `server connect` take them. */
export function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
