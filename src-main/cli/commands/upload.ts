// `shotlink upload <file...>`: one link per file on stdout, in the chosen format (or one JSON object per
// line). A file that fails is reported on stderr and the others still upload; the exit code is the worst.
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import type { HistoryEntry } from '../../../src-shared/history.ts';
import { formatEntryLink, LINK_FORMATS, type LinkFormat } from '../../../src-shared/links.ts';
import { providerHelp, tierHelp } from '../../../src-shared/hosts/index.ts';
import type { Core } from '../../core/for-shells/core.ts';
import {
  checkImageFile,
  publicNoticeDue,
  readImageFile,
  type RetryPolicy,
  resolveUploadTarget,
  uploadNow,
  type UploadTarget,
  runLimited,
} from '../../core/for-shells/upload.ts';
import { terminalPaymentConfirm } from '../confirm.ts';
import { copyLinks } from '../copy-links.ts';
import { redactForUpload, stopOcr, type RedactionReport } from '../redaction.ts';
import { buildCore, progressLine, reportError, runCommand, showPublicNoticeOnce } from '../context.ts';
import { prepareGithubUpload } from '../../core/for-shells/github.ts';
import { checkGithubOptions, commentUpload } from '../github-comment.ts';

export interface UploadOptions {
  provider?: string;
  tier?: string;
  format?: LinkFormat;
  json?: boolean;
  quiet?: boolean;
  yes?: boolean;
  /** Cover secrets and personal data found in the image before uploading it. */
  redact?: boolean;
  /** false with --no-copy: the links are only printed. */
  copy?: boolean;
  /** GitHub: the repository (owner/name). */
  repo?: string;
  /** Alt text for Markdown and HTML links (default: the file name). */
  alt?: string;
  /** GitHub: post the images as one comment on this issue or pull request. */
  comment?: string;
  body?: string;
  bodyFile?: string;
}

/** The copy option both upload commands take. */
export const NO_COPY_HELP = 'print the link only, do not put it on the clipboard';

/** In-process retries of host errors that can pass (5xx, timeouts, img.pro "wait"), bounded. */
const CLI_RETRY: RetryPolicy = { attempts: 3, maxWaitSeconds: 60 };

export function register(program: Command): void {
  program
    .command('upload')
    .description('Upload images and print their links, one per file.')
    .argument('<file...>', 'PNG, JPEG, GIF or WebP files')
    .option('-p, --provider <id>', providerHelp())
    .option('-t, --tier <id>', tierHelp())
    .addOption(
      new Option('-f, --format <format>', 'link format (default: the linkFormat setting)').choices(
        LINK_FORMATS,
      ),
    )
    .option('--json', 'print one JSON object per uploaded file instead of links')
    .option('-q, --quiet', 'no progress output')
    .option('-y, --yes', 'pay for a paid tier without asking (required when not on a terminal)')
    .option('--redact', 'cover secrets and personal data found in the image before uploading it')
    .option('--no-copy', NO_COPY_HELP)
    .option('--alt <text>', 'alt text of Markdown and HTML links (default: the file name)')
    .option('--repo <owner/name>', 'github: the repository (default: github.repo, else the origin remote)')
    .option('--comment <number>', 'github: post the images as one comment on this issue or pull request')
    .option('--body <text>', 'with --comment: text around the images (an image goes where it names the file)')
    .option('--body-file <file>', 'with --comment: the text from a file ("-" reads stdin)')
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
  const target: UploadTarget = resolveUploadTarget(core, options);
  checkGithubOptions(target, options);
  if (target.providerId === 'github') {
    // Where the images go and who will see them, before any is read or sent.
    const github = await prepareGithubUpload(core, { repo: options.repo, cwd: process.cwd() });
    target.repo = github.repo;
    if (!options.quiet) process.stderr.write(`shotlink: ${github.notice}\n`);
    if (options.comment !== undefined) {
      // A comment on a public repository: its images are public; said before any is sent.
      showPublicNoticeOnce(await publicNoticeDue(core, target));
      return commentUpload(core, files, target.repo, options, { retry: CLI_RETRY, jsonLine });
    }
  }
  // Several files on a free tier go up to the core count at once (optimizing is CPU work, sending waits
  // on the network); a paid tier goes one by one, so each payment question stands alone. Either way
  // the links come out in the order of the files.
  const parallel = target.tier.priceAtomic === null ? Math.min(files.length, availableParallelism()) : 1;
  const uploads = runLimited(
    files.map((file) => async () => {
      const bytes = await readImageFile(await checkImageFile(file));
      // One progress line cannot follow several files: in parallel, progress stays quiet.
      const quiet = options.quiet === true || parallel > 1;
      return uploadOne(core, { bytes, fileName: basename(file) }, target, { ...options, quiet });
    }),
    parallel,
  );
  const links: string[] = [];
  for (const [index, file] of files.entries()) {
    try {
      links.push(printUpload(core, await uploads[index]!, { ...options, label: file }));
    } catch (error) {
      reportError(error, file);
    }
  }
  await stopOcr();
  await copyPrinted(links, options);
}

/** The printed links onto the clipboard, as the app does; --json output is for scripts and is not copied. */
async function copyPrinted(links: string[], options: Pick<UploadOptions, 'copy' | 'json' | 'quiet'>) {
  if (options.copy === false || options.json) return;
  await copyLinks(links, { quiet: options.quiet });
}

/** Uploads one image at once, with progress on a terminal and the public-link notice before sending. */
async function uploadOne(
  core: Core,
  image: { bytes: Uint8Array; fileName: string },
  target: UploadTarget,
  options: Pick<UploadOptions, 'quiet' | 'redact'>,
): Promise<HistoryEntry & { redaction?: RedactionReport }> {
  // Covered before anything else sees the image: the original never reaches the host or the history.
  let redaction: RedactionReport | undefined;
  if (options.redact) ({ redaction, ...image } = await redactForUpload(image));
  const notice = await publicNoticeDue(core, target);
  const progress = progressLine(image.fileName, options.quiet === true);
  try {
    const entry = await uploadNow(core, image, target, {
      retry: CLI_RETRY,
      onStage(stage, detail) {
        if (stage === 'pay' || stage === 'upload') {
          progress.done(); // the notice gets a line of its own
          showPublicNoticeOnce(notice);
        }
        progress.onStage(stage, detail);
      },
    });
    return redaction ? { ...entry, redaction } : entry;
  } finally {
    progress.done();
  }
}

/** The link (or JSON line) on stdout, and what fitting cost on stderr; returns the link. */
function printUpload(
  core: Core,
  entry: HistoryEntry & { redaction?: RedactionReport },
  options: Pick<UploadOptions, 'format' | 'json' | 'quiet' | 'alt'> & { label: string },
): string {
  for (const note of [entry.fitNote, entry.hostNote]) {
    if (note && !options.quiet) process.stderr.write(`shotlink: ${entry.fileName}: ${note}\n`);
  }
  const format = options.format ?? core.settings.get().linkFormat;
  const formatted = link(core, entry, format, options.alt);
  process.stdout.write(`${options.json ? JSON.stringify(jsonLine(options.label, entry)) : formatted}\n`);
  return formatted;
}

/**
 * Uploads one image and prints its link: what `capture` does with its one capture. Throws what
 * failed; the caller reports it.
 */
export async function uploadAndPrint(
  core: Core,
  image: { bytes: Uint8Array; fileName: string },
  target: UploadTarget,
  options: Pick<UploadOptions, 'format' | 'json' | 'quiet' | 'redact' | 'copy'> & { label: string },
): Promise<HistoryEntry> {
  let printed: string;
  let entry: HistoryEntry;
  try {
    entry = await uploadOne(core, image, target, options);
    printed = printUpload(core, entry, options);
  } finally {
    await stopOcr();
  }
  await copyPrinted([printed], options);
  return entry;
}

function link(core: Core, entry: HistoryEntry, format: LinkFormat, alt?: string): string {
  return formatEntryLink(alt ? { ...entry, fileName: alt } : entry, format, core.settings.get().linkTemplate);
}

/** The documented `--json` fields first, then the rest of the history entry for scripts that want it. */
function jsonLine(file: string, entry: HistoryEntry & { redaction?: RedactionReport }) {
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
    ...(entry.visibility && { visibility: entry.visibility }),
    // With --redact: the kinds covered, and what may still be partly readable (never the text).
    redaction: entry.redaction ?? null,
  };
}
