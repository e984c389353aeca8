// `shotlink capture`: select a region of the screen with this desktop's capture tool, then upload it
// exactly as `shotlink upload` would (same options, output and exit codes). Made for desktops where the
// app's own hotkeys cannot be registered (many Wayland sessions): bind `shotlink capture` to a key in the
// desktop's keyboard settings instead.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { LINK_FORMATS, type LinkFormat } from '../../../src-shared/links.ts';
import { OUTPUT, PREVIOUS, type CapturePlan } from '../../core/capture/plan.ts';
import { createToolCapturer } from '../../core/capture/run.ts';
import { defaultDataDir } from '../../core/store/paths.ts';
import { timestampedName } from '../../core/watch/watch-manager.ts';
import { runCommand } from '../context.ts';

interface CaptureOptions {
  provider?: string;
  tier?: string;
  format?: LinkFormat;
  json?: boolean;
  quiet?: boolean;
  yes?: boolean;
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
    .option('-o, --output <file>', 'also save the capture as this PNG file')
    .option('--no-upload', 'only capture (with --output), do not upload')
    .option('--tool', 'print the capture tool this desktop would use, and its command lines, then exit')
    .action((options: CaptureOptions) => runCommand(() => capture(program, options)));
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

async function capture(program: Command, options: CaptureOptions): Promise<void> {
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

  const bytes = await capturer.captureRegion();
  if (!bytes) {
    // Esc in the selection is a choice, not a failure.
    if (!options.quiet) process.stderr.write('shotlink: capture cancelled.\n');
    return;
  }
  if (options.output) await writeFile(options.output, bytes);
  if (!options.upload) return;

  // The capture goes through `shotlink upload` itself, so both commands behave exactly alike.
  const dir = await mkdtemp(join(tmpdir(), 'shotlink-capture-'));
  const file = join(dir, timestampedName('capture'));
  try {
    await writeFile(file, bytes);
    const before = Number(process.exitCode ?? 0);
    await uploadCommand(program).parseAsync(uploadArgs(file, options), { from: 'user' });
    if (Number(process.exitCode ?? 0) > before && !options.output) {
      // The upload failed: keep the screenshot rather than lose it.
      const kept = join(defaultDataDir(), 'captures', timestampedName('capture'));
      await mkdir(join(kept, '..'), { recursive: true });
      await copyFile(file, kept);
      process.stderr.write(
        `shotlink: the capture is kept at ${kept}; upload it later with \`shotlink upload "${kept}"\`.\n`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function uploadCommand(program: Command): Command {
  const command = program.commands.find((c) => c.name() === 'upload');
  if (!command)
    throw new ShotlinkError('internal', 'The upload command is missing from this build of shotlink.');
  return command;
}

function uploadArgs(file: string, options: CaptureOptions): string[] {
  return [
    file,
    ...(options.provider ? ['--provider', options.provider] : []),
    ...(options.tier ? ['--tier', options.tier] : []),
    ...(options.format ? ['--format', options.format] : []),
    ...(options.json ? ['--json'] : []),
    ...(options.quiet ? ['--quiet'] : []),
    ...(options.yes ? ['--yes'] : []),
  ];
}
