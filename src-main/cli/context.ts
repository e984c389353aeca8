// What every `shotlink` command shares: building core for a terminal, reporting errors the same way,
// exit codes (worst wins), progress on stderr, and the one-time notice about public links.
// Output rule: stdout carries only results (links, JSON); everything for the person goes to stderr.
import { exitCodeFor, ShotlinkError, worstExitCode } from '../../src-shared/errors.ts';
import {
  createCore,
  type Core,
  type CreateCoreOptions,
  type PipelineStage,
} from '../core/for-shells/core.ts';
import type { PublicNotice } from '../core/for-shells/upload.ts';

/** Core for this process: SHOTLINK_HOME (or the OS app-data folder), the OS keychain. */
export function buildCore(options: Omit<CreateCoreOptions, 'env'> = {}): Core {
  const core = createCore({ env: process.env, ...options });
  // Read both stores once now, so a damaged file is reported before any other output.
  core.history.list({ limit: 1 });
  try {
    core.settings.get();
  } catch {
    // A bad environment override: the command reports it when it reads settings itself.
  }
  for (const problem of core.problems()) process.stderr.write(`shotlink: warning: ${problem}\n`);
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
 * Progress for one file on stderr, only when stderr is a terminal (never in pipes and logs).
 * Returns the pipeline's onStage callback and a `done` that clears the line.
 */
export function progressLine(fileName: string, quiet: boolean) {
  const enabled = !quiet && process.stderr.isTTY === true;
  return {
    onStage(stage: PipelineStage, detail?: string) {
      if (!enabled) return;
      // Paying may ask a question on the terminal: leave the line clear for it.
      if (stage === 'pay') return void process.stderr.write('\r\x1b[2K');
      process.stderr.write(`\r\x1b[2K${fileName}: ${detail ?? `${STAGE_LABELS[stage]}…`}`);
    },
    done() {
      if (enabled) process.stderr.write('\r\x1b[2K');
    },
  };
}

const shownNotices = new Set<string>();

/**
 * Before the first upload whose link is public, the notice core decided is due (publicNoticeDue: a
 * public host's tier, or a public GitHub repository), said once and remembered.
 */
export function showPublicNoticeOnce(notice: PublicNotice | null): void {
  // Several files upload in parallel, each with the same notice: it is said once.
  if (!notice || shownNotices.has(notice.text)) return;
  shownNotices.add(notice.text);
  process.stderr.write(`shotlink: ${notice.text}\n`);
  notice.given();
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
