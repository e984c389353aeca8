// `shotlink capture`: select a region of the screen with this desktop's capture tool, then upload it
// exactly as `shotlink upload` would (same options, output and exit codes). Made for desktops where the
// app's own hotkeys cannot be registered (many Wayland sessions): bind `shotlink capture` to a key in the
// desktop's keyboard settings instead.
import { Option, type Command } from 'commander';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { LINK_FORMATS } from '../../../src-shared/links.ts';
import { OUTPUT, PREVIOUS, type CapturePlan, createToolCapturer } from '../../core/for-shells/capture.ts';
import { captureAndUpload, resolveUploadTarget } from '../../core/for-shells/upload.ts';
import { terminalPaymentConfirm } from '../confirm.ts';
import { buildCore, reportError, runCommand, terminalShell } from '../context.ts';
import { copyPrinted, NO_COPY_HELP, printUpload, type UploadOptions } from './upload.ts';

interface CaptureOptions extends UploadOptions {
  output?: string;
  upload: boolean;
  tool?: boolean;
}

export function register(program: Command): void {
  program
    .command('capture')
    .description(
      "Select a region of the screen and upload it (bind this to a key in your desktop's settings).",
    )
    .option('-p, --provider <id>', 'host to upload to (default: the provider setting)')
    .option('-t, --tier <id>', 'tier of that host (default: the tier setting)')
    .addOption(
      new Option('-f, --format <format>', 'link format (default: the linkFormat setting)').choices(
        LINK_FORMATS,
      ),
    )
    .option('--json', 'print a JSON object instead of the link')
    .option('-q, --quiet', 'no progress output')
    .option('-y, --yes', 'pay for a paid tier without asking (required when not on a terminal)')
    .option(
      '--redact',
      'cover secrets and personal data found in the capture before uploading it (default: the capture.redact setting)',
    )
    .option('-o, --output <file>', 'also save the capture as this PNG file')
    .option('--no-upload', 'only capture (with --output), do not upload')
    .option('--no-copy', NO_COPY_HELP)
    .option('--tool', 'print the capture tool this desktop would use, and its command lines, then exit')
    .action((options: CaptureOptions) => runCommand(() => capture(options)));
}

/** The plan as a person reads it: `tool: command args` per step. */
export function describePlan(plan: CapturePlan): string {
  if (plan.kind === 'portal')
    return 'portal: the desktop screenshot portal (org.freedesktop.portal.Screenshot) through gdbus';
  return plan.steps
    .map((step) => {
      const args = step.args.map((arg) =>
        arg === OUTPUT ? '<file>' : arg === PREVIOUS ? '<selection>' : arg.length > 60 ? '<script>' : arg,
      );
      return `${plan.tool}: ${[step.command, ...args].join(' ')}`;
    })
    .join('\n');
}

async function capture(options: CaptureOptions): Promise<void> {
  const capturer = createToolCapturer();
  if (options.tool) {
    process.stdout.write(`${describePlan(capturer.plan())}\n`);
    return;
  }
  if (!options.upload && !options.output) {
    throw new ShotlinkError(
      'usage',
      '--no-upload needs --output <file>: otherwise the capture would go nowhere.',
    );
  }

  const core = buildCore({
    confirmPayment: terminalPaymentConfirm({ yes: options.yes === true }),
    // This run ends with its upload: history's thumbnail is drawn by whoever shows history.
    thumbnailsLater: true,
  });
  // A wrong --provider or --tier is said before the person selects anything.
  const target = options.upload ? resolveUploadTarget(core, options) : null;
  const shell = terminalShell(options.quiet === true);
  // The use case covers the capture when asked or when capture.redact is on, and keeps it when the
  // upload fails; this prints the link.
  const outcome = await captureAndUpload(
    core,
    capturer,
    target,
    { redact: options.redact, repo: options.repo, cwd: process.cwd(), output: options.output },
    shell,
  ).finally(shell.done);
  if (outcome.cancelled) {
    shell.note('capture cancelled.');
    return;
  }
  if (outcome.error !== undefined) {
    reportError(outcome.error, outcome.fileName);
    if (outcome.keptAt) {
      process.stderr.write(
        `shotlink: the capture is kept at ${outcome.keptAt}; upload it later with \`shotlink upload "${outcome.keptAt}"\`.\n`,
      );
    }
    return;
  }
  if (!outcome.entry) return;
  const printed = printUpload(core, outcome.entry, { ...options, label: options.output ?? outcome.fileName });
  await copyPrinted([printed], options);
}
