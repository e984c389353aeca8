// `shotlink upload <file...>`: one link per file on stdout, in the chosen format (or one JSON object per
// line). A file that fails is reported on stderr and the others still upload; the exit code is the worst.
import { type Command, Option } from 'commander';
import {
  formatEntryLink,
  LINK_CONVERSIONS,
  LINK_FORMATS,
  LINK_SIZES,
  type LinkConversion,
  type LinkFormat,
  type LinkSize,
  type LinkVariant,
} from '../../../src-shared/links.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { findHost } from '../../../src-shared/hosts/index.ts';
import { describeOffer, offerToTell } from '../../core/for-shells/upload.ts';
import { providerHelp, tierHelp } from '../../../src-shared/hosts/index.ts';
import type { Core } from '../../core/for-shells/core.ts';
import {
  resolveUploadTarget,
  uploadFilesNow,
  type UploadedNow,
  type UploadTarget,
} from '../../core/for-shells/upload.ts';
import { terminalPaymentConfirm } from '../confirm.ts';
import { copyLinks } from '../copy-links.ts';
import { buildCore, reportError, runCommand, terminalShell } from '../context.ts';
import { checkGithubOptions, commentUpload } from '../github-comment.ts';

export interface UploadOptions {
  provider?: string;
  tier?: string;
  format?: LinkFormat;
  /** img.pro: link a smaller variant (`?size=s|m|l`). */
  size?: LinkSize;
  /** img.pro: link the image converted to another format (by extension). */
  convert?: LinkConversion;
  /** img.pro with a key: this upload's tags and namespace instead of the settings'. */
  tag?: string[];
  namespace?: string;
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

export function register(program: Command): void {
  program
    .command('upload')
    .description('Upload images and print their links, one per file.')
    .argument('<file...>', 'PNG, JPEG, GIF or WebP files, or http(s) links to images (re-hosted)')
    .option('-p, --provider <id>', providerHelp())
    .option('-t, --tier <id>', tierHelp())
    .addOption(
      new Option('-f, --format <format>', 'link format (default: the linkFormat setting)').choices(
        LINK_FORMATS,
      ),
    )
    .addOption(
      new Option(
        '--size <size>',
        'img.pro: link a smaller size (short edge s 320, m 640, l 1080 px)',
      ).choices(Object.keys(LINK_SIZES)),
    )
    .addOption(
      new Option('--convert <format>', 'img.pro: link the image converted to this format').choices(
        LINK_CONVERSIONS,
      ),
    )
    .option(
      '--tag <tag>',
      'img.pro with a key: tag this upload (repeat for several; default: imgpro.tags)',
      (tag: string, tags: string[] = []) => [...tags, tag],
    )
    .option('--namespace <name>', "img.pro with a key: this upload's namespace (default: imgpro.namespace)")
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
  const core = buildCore({
    confirmPayment: terminalPaymentConfirm({ yes: options.yes === true }),
    // This run ends with its upload: history's thumbnail is drawn by whoever shows history, and its
    // entries are checked by whoever lists them.
    thumbnailsLater: true,
    addsToHistoryOnly: true,
  });
  const target: UploadTarget = resolveUploadTarget(core, options);
  checkGithubOptions(target, options);
  checkImgproOptions(target, options);
  const shell = terminalShell(options.quiet === true);
  const request = { redact: options.redact, repo: options.repo, cwd: process.cwd() };
  if (options.comment !== undefined) return commentUpload(core, files, target, options, { shell, jsonLine });
  // The use case decides consent, notices, covering and how many go at once; this prints the links,
  // in the order of the files.
  const links: string[] = [];
  try {
    for await (const upload of uploadFilesNow(core, files, target, request, shell)) {
      shell.done();
      if ('error' in upload) reportError(upload.error, upload.file);
      else links.push(printUpload(core, upload.entry, { ...options, label: upload.file }));
    }
  } finally {
    shell.done();
  }
  await copyPrinted(links, options);
}

/** The printed links onto the clipboard, as the app does; --json output is for scripts and is not copied. */
export async function copyPrinted(
  links: string[],
  options: Pick<UploadOptions, 'copy' | 'json' | 'quiet'>,
): Promise<void> {
  if (options.copy === false || options.json) return;
  await copyLinks(links, { quiet: options.quiet });
}

/** The link (or JSON line) on stdout; returns the link. */
export function printUpload(
  core: Core,
  entry: UploadedNow,
  options: Pick<UploadOptions, 'format' | 'json' | 'alt' | 'size' | 'convert' | 'quiet'> & { label: string },
): string {
  const format = options.format ?? core.settings.get().linkFormat;
  const variant: LinkVariant = { size: options.size, convert: options.convert };
  const formatted = link(core, entry, format, options.alt, variant);
  const json = {
    ...jsonLine(options.label, entry),
    ...(variant.size || variant.convert ? { link: formatted } : {}),
  };
  process.stdout.write(`${options.json ? JSON.stringify(json) : formatted}\n`);
  // What the host offers (img.pro: a free key for permanent storage), told once, not on every upload.
  const offer = !options.quiet && offerToTell(core, entry);
  if (offer) {
    const host = findHost(entry.provider)?.label ?? entry.provider;
    process.stderr.write(`shotlink: ${host}: ${describeOffer(offer)}\n`);
  }
  return formatted;
}

function link(
  core: Core,
  entry: UploadedNow,
  format: LinkFormat,
  alt?: string,
  variant: LinkVariant = {},
): string {
  const named = alt ? { ...entry, fileName: alt } : entry;
  return formatEntryLink(named, format, core.settings.get().linkTemplate, variant);
}

/** --size, --convert, --tag and --namespace name what only some hosts offer: elsewhere they are mistakes. */
function checkImgproOptions(target: UploadTarget, options: UploadOptions): void {
  const host = findHost(target.providerId);
  if ((options.size || options.convert) && !host?.linkVariants) {
    throw new ShotlinkError(
      'usage',
      `--size and --convert pick a variant the host's CDN serves; ${host?.label ?? target.providerId} serves none (img.pro does).`,
    );
  }
  if (options.tag === undefined && options.namespace === undefined) return;
  if (target.providerId !== 'imgpro' || target.tierId !== 'key') {
    throw new ShotlinkError(
      'usage',
      '--tag and --namespace are sent with img.pro API-key uploads only: add --provider imgpro --tier key.',
    );
  }
  if (options.tag)
    target.tags = options.tag
      .map((tag) => tag.trim())
      .filter(Boolean)
      .join(',');
  if (options.namespace !== undefined) target.namespace = options.namespace.trim();
}

/** The documented `--json` fields first, then the rest of the history entry for scripts that want it. */
function jsonLine(file: string, entry: UploadedNow) {
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
    ...(entry.sourceUrl && { sourceUrl: entry.sourceUrl }),
    ...(entry.offer && { offer: entry.offer }),
    // With --redact: the kinds covered, and what may still be partly readable (never the text).
    redaction: entry.redaction ?? null,
  };
}
