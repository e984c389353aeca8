// `shotlink capture`: select a region of the screen with this desktop's capture tool, then upload it
// exactly as `shotlink upload` would (same options, output and exit codes). Made for desktops where the
// app's own hotkeys cannot be registered (many Wayland sessions): bind `shotlink capture` to a key in the
// desktop's keyboard settings instead.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { LINK_FORMATS } from '../../../src-shared/links.ts';
import { OUTPUT, PREVIOUS, type CapturePlan, createToolCapturer } from '../../core/for-shells/capture.ts';
import { dataPaths } from '../../core/for-shells/core.ts';
import { resolveUploadTarget, timestampedName } from '../../core/for-shells/upload.ts';
import { terminalPaymentConfirm } from '../confirm.ts';
import { buildCore, reportError, runCommand } from '../context.ts';
import { stopOcr, warmOcr } from '../redaction.ts';
import { NO_COPY_HELP, uploadAndPrint, type UploadOptions } from './upload.ts';

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

  const core = buildCore({ confirmPayment: terminalPaymentConfirm({ yes: options.yes === true }) });
  const redact = options.redact === true || core.settings.get().capture.redact;
  // The OCR workers start while the person selects the region, so covering adds only the reading.
  if (options.upload && redact) warmOcr();
  let bytes: Uint8Array | null;
  try {
    bytes = await capturer.captureRegion();
    if (bytes && options.output) await writeFile(options.output, bytes);
  } catch (error) {
    await stopOcr();
    throw error;
  }
  if (!bytes || !options.upload) {
    await stopOcr();
    // Esc in the selection is a choice, not a failure.
    if (!bytes && !options.quiet) process.stderr.write('shotlink: capture cancelled.\n');
    return;
  }

  const fileName = timestampedName('capture');
  try {
    // The same use case as `shotlink upload`, so both commands behave exactly alike.
    await uploadAndPrint(core, { bytes, fileName }, resolveUploadTarget(core, options), {
      ...options,
      redact,
      label: options.output ?? fileName,
    });
  } catch (error) {
    reportError(error, fileName);
    if (options.output) return;
    // The upload failed: keep the screenshot rather than lose it.
    const kept = join(dataPaths(core.home).captures, fileName);
    await mkdir(dirname(kept), { recursive: true });
    await writeFile(kept, bytes);
    process.stderr.write(
      `shotlink: the capture is kept at ${kept}; upload it later with \`shotlink upload "${kept}"\`.\n`,
    );
  } finally {
    await stopOcr();
  }
}
