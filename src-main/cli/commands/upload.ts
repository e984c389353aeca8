// `shotlink upload <file...>`: one link per file on stdout, in the chosen format (or one JSON object per
// line). A file that fails is reported on stderr and the others still upload; the exit code is the worst.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { HistoryEntry } from '../../../src-shared/history.ts';
import { formatEntryLink, LINK_FORMATS, type LinkFormat } from '../../../src-shared/links.ts';
import type { Core } from '../../core/create-core.ts';
import { uploadImage, type RetryPolicy } from '../../core/pipeline.ts';
import { listProviders, resolveTier } from '../../core/providers/registry.ts';
import { terminalPaymentConfirm } from '../confirm.ts';
import { buildCore, progressLine, reportError, runCommand, showPublicNoticeOnce } from '../context.ts';

interface UploadOptions {
  provider?: string;
  tier?: string;
  format?: LinkFormat;
  json?: boolean;
  quiet?: boolean;
  yes?: boolean;
}

/** In-process retries of host errors that can pass (5xx, timeouts, img.pro "wait"), bounded. */
const CLI_RETRY: RetryPolicy = { attempts: 3, maxWaitSeconds: 60 };

export function register(program: Command): void {
  program
    .command('upload')
    .description('Upload images and print their links, one per file.')
    .argument('<file...>', 'PNG, JPEG, GIF or WebP files')
    .option(
      '-p, --provider <id>',
      'img402, imgpro, server or an imported uploader (default: the provider setting)',
    )
    .option(
      '-t, --tier <id>',
      'img402: free, 1y, permanent; imgpro: anonymous, key (default: the tier setting)',
    )
    .addOption(
      new Option('-f, --format <format>', 'link format (default: the linkFormat setting)').choices(
        LINK_FORMATS,
      ),
    )
    .option('--json', 'print one JSON object per uploaded file instead of links')
    .option('-q, --quiet', 'no progress output')
    .option('-y, --yes', 'pay for a paid tier without asking (required when not on a terminal)')
    .addHelpText(
      'after',
      '\nExit codes (several files: the worst): 0 all uploaded, 2 usage, 3 input rejected,\n' +
        '4 host or network error, 5 payment refused or declined.',
    )
    .action((files: string[], options: UploadOptions) => runCommand(() => upload(files, options)));
}

async function upload(files: string[], options: UploadOptions): Promise<void> {
  // Paid tiers ask on the terminal before paying; --yes answers for the person (scripts, no terminal).
  const core = buildCore({ confirmPayment: terminalPaymentConfirm({ yes: options.yes === true }) });
  const settings = core.settings.get();
  const providerId = options.provider ?? settings.provider;
  const tierId = options.tier ?? defaultTierOf(core, providerId);
  // A wrong provider or tier is a usage error for the whole command: nothing is read or sent.
  const tier = resolveTier(core, providerId, tierId);
  const format = options.format ?? settings.linkFormat;

  for (const file of files) {
    const progress = progressLine(basename(file), options.quiet === true);
    try {
      const bytes = await readInput(file);
      const entry = await uploadImage(core, {
        bytes,
        fileName: basename(file),
        providerId,
        tierId,
        // The same file to the same tier is the same upload: a paid token bought for it by a run that
        // failed afterwards is reused by the next run instead of paying again.
        uploadKey: `cli:${providerId}:${tierId}:${createHash('sha256').update(bytes).digest('hex')}`,
        retry: CLI_RETRY,
        onStage(stage, detail) {
          if (stage === 'pay' || stage === 'upload') {
            progress.done(); // the notice gets a line of its own
            showPublicNoticeOnce(core, tier);
          }
          progress.onStage(stage, detail);
        },
      });
      progress.done();
      process.stdout.write(
        `${options.json ? JSON.stringify(jsonLine(file, entry)) : link(core, entry, format)}\n`,
      );
    } catch (error) {
      progress.done();
      reportError(error, file);
    }
  }
}

/**
 * The tier setting when that host has such a tier; otherwise the host's first (free) tier. So
 * `--provider imgpro` alone, or `config set provider imgpro` without a tier, means img.pro anonymous.
 */
function defaultTierOf(core: Core, providerId: string): string {
  const { tier } = core.settings.get();
  const provider = listProviders(core).find((candidate) => candidate.id === providerId);
  // An unknown provider falls through to resolveTier, which names the valid ones.
  if (!provider || provider.tiers.some((candidate) => candidate.id === tier)) return tier;
  return provider.tiers[0]?.id ?? tier;
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file.'
        : code === 'EISDIR'
          ? 'is a folder, not an image file.'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be read: permission denied.'
            : `cannot be read: ${(error as Error).message}`;
    throw new ShotlinkError('input', why);
  }
}

function link(core: Core, entry: HistoryEntry, format: LinkFormat): string {
  return formatEntryLink(entry, format, core.settings.get().linkTemplate);
}

/** The documented `--json` fields first, then the rest of the history entry for scripts that want it. */
function jsonLine(file: string, entry: HistoryEntry) {
  return {
    file,
    url: entry.url,
    provider: entry.provider,
    tier: entry.tier,
    bytes: entry.bytes,
    originalBytes: entry.originalBytes,
    width: entry.width,
    height: entry.height,
    format: entry.format,
    expiresAt: entry.expiresAt,
    viewUrl: entry.viewUrl ?? null,
    deleteUrl: entry.deleteUrl ?? null,
    id: entry.id,
    hostId: entry.hostId,
    uploadedAt: entry.uploadedAt,
    contentHash: entry.contentHash,
    paymentId: entry.paymentId ?? null,
  };
}
