// `shotlink upload --provider github --comment N [--body text | --body-file file]`: the files go to the
// repository's attachments and into one comment on issue or pull request #N, whose URL is printed.
// Every file is read (and covered, with --redact) before anything is sent: one comment, all or nothing.
import { readFile } from 'node:fs/promises';
import { ShotlinkError } from '../../src-shared/errors.ts';
import type { HistoryEntry } from '../../src-shared/history.ts';
import type { Core } from '../core/for-shells/core.ts';
import { commentNow, type UploadTarget } from '../core/for-shells/upload.ts';
import type { terminalShell } from './context.ts';

interface CommentOptions {
  repo?: string;
  alt?: string;
  comment?: string;
  body?: string;
  bodyFile?: string;
  json?: boolean;
  quiet?: boolean;
  redact?: boolean;
}

/** The largest --body-file read: GitHub takes 65,536 characters in a comment. */
const MAX_BODY_FILE_BYTES = 256 * 1024;

/** Options that only make sense together, refused before anything is read or sent. */
export function checkGithubOptions(target: UploadTarget, options: CommentOptions): void {
  const usage = (message: string) => new ShotlinkError('usage', message);
  if (target.providerId !== 'github') {
    const given = (['repo', 'comment'] as const).filter((name) => options[name] !== undefined);
    if (given.length > 0) {
      throw usage(`--${given[0]} is for GitHub: add --provider github (or set provider to github).`);
    }
  }
  if ((options.body !== undefined || options.bodyFile !== undefined) && options.comment === undefined) {
    throw usage('--body and --body-file give the text of a comment: add --comment <issue or PR number>.');
  }
  if (options.body !== undefined && options.bodyFile !== undefined) {
    throw usage('Give the comment text once: --body or --body-file, not both.');
  }
  if (options.comment !== undefined && !/^#?[1-9]\d{0,9}$/.test(options.comment.trim())) {
    throw usage(`--comment takes an issue or pull request number such as 123, not "${options.comment}".`);
  }
}

export async function commentUpload(
  core: Core,
  files: string[],
  target: UploadTarget,
  options: CommentOptions,
  shared: {
    shell: ReturnType<typeof terminalShell>;
    jsonLine: (file: string, entry: HistoryEntry) => object;
  },
): Promise<void> {
  const { shell } = shared;
  const body = options.bodyFile !== undefined ? await readBodyFile(options.bodyFile) : options.body;
  const posted = await commentNow(
    core,
    files,
    target,
    {
      redact: options.redact,
      repo: options.repo,
      cwd: process.cwd(),
      issue: Number(options.comment!.trim().replace(/^#/, '')),
      body,
      alt: options.alt,
    },
    shell,
  ).finally(shell.done);
  if (posted.found) shell.note('this comment was posted by an earlier run; it was not posted again.');
  process.stdout.write(
    options.json
      ? `${JSON.stringify({
          comment: posted.commentUrl,
          images: posted.entries.map((entry, index) => shared.jsonLine(files[index]!, entry)),
        })}\n`
      : `${posted.commentUrl}\n`,
  );
}

/** The comment text from a file, or stdin for "-": UTF-8, bounded. */
async function readBodyFile(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = path === '-' ? await readStdin() : await readFile(path);
  } catch (error) {
    throw new ShotlinkError(
      'input',
      `Cannot read the comment text from ${path}: ${(error as Error).message}`,
    );
  }
  if (bytes.length > MAX_BODY_FILE_BYTES) {
    throw new ShotlinkError(
      'input',
      `${path} is over 256 KB; a GitHub comment takes up to 65,536 characters.`,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ShotlinkError('input', `${path} is not UTF-8 text.`);
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    chunks.push(chunk);
    if (size > MAX_BODY_FILE_BYTES) break; // enough to say it is too long
  }
  return Buffer.concat(chunks);
}
