// Where the GitHub token comes from, in this order: GH_TOKEN, GITHUB_TOKEN (as `gh` reads them), the
// keychain (`shotlink config set-secret github-token`), then what `gh auth token` prints, read through a
// pipe. The token is never put on a command line (every local process can read argv), never written to
// a file, and never printed: callers get it with the name of its source, and messages name only that.
//
// Whatever its source, the token is bound to the two addresses it is sent to (hosts.githubApiUrl and
// hosts.githubUploadsUrl), as every host secret is (secrets/accounts.ts): github.com's own, those it
// was saved or confirmed for, or — from the environment — those this process first read it for. A
// token is handed out only with the addresses it was checked for, so a setting changed meanwhile
// cannot redirect it.
import { execFile } from 'node:child_process';
import type { Settings } from '../../../../src-shared/settings.ts';
import type { SecretStatus } from '../../../../src-shared/secrets.ts';
import type { CoreContext } from '../../context.ts';
import {
  borrowedSecretStatus,
  checkBorrowedSecret,
  confirmSecretOrigin,
  readSecretAndSource,
  secretStatus,
} from '../../secrets/accounts.ts';

export const GITHUB_TOKEN_ACCOUNT = 'github-token';

export type TokenSource = 'GH_TOKEN' | 'GITHUB_TOKEN' | 'keychain' | 'gh auth token';

export interface GithubEndpoints {
  apiUrl: string;
  uploadsUrl: string;
  timeoutMs: number;
}

export interface GithubToken {
  token: string;
  source: TokenSource;
  /** The addresses the token was checked for: the only ones it may be sent to. */
  endpoints: GithubEndpoints;
}

/** The base URLs and timeout from settings (and their SHOTLINK_GITHUB_* overrides). */
export function endpointsOf(settings: Settings): GithubEndpoints {
  return {
    apiUrl: settings.hosts.githubApiUrl,
    uploadsUrl: settings.hosts.githubUploadsUrl,
    timeoutMs: settings.requestTimeoutSeconds * 1000,
  };
}

/** A token as HTTP can carry it: printable ASCII without spaces (gh prints a trailing newline). */
const clean = (text: string | null | undefined): string | null => {
  const token = text?.trim();
  return token && /^[\x21-\x7e]{1,1024}$/.test(token) ? token : null;
};

/** "the token from GH_TOKEN": how messages name a token without showing it. */
export const describeSource = (source: TokenSource) =>
  source === 'keychain'
    ? 'the token in the keychain'
    : source === 'gh auth token'
      ? 'the token `gh auth token` prints'
      : `the token from ${source}`;

const GH_INSTEAD =
  'run with GH_TOKEN="$(gh auth token)" meant for them (it is read from the environment, not argv)';

/**
 * The token, where it came from, and the addresses it may go to; null when no source has one. Throws
 * (secret_origin_changed) when the addresses are not ones the token is meant for: nothing is sent.
 */
export async function githubToken(ctx: CoreContext): Promise<GithubToken | null> {
  let stored: Awaited<ReturnType<typeof readSecretAndSource>> = null;
  try {
    stored = await readSecretAndSource(ctx, GITHUB_TOKEN_ACCOUNT);
  } catch (error) {
    // No keychain on this machine: `gh` may still have a token. A refused address is said.
    if ((error as { code?: string }).code !== 'keychain_unavailable') throw error;
  }
  const token = clean(stored?.value);
  if (stored && token) {
    return { token, source: stored.source as TokenSource, endpoints: endpointsOf(stored.settings) };
  }
  const fromGh = clean(await askGh(ctx.env));
  if (!fromGh) return null;
  const settings = await checkBorrowedSecret(
    ctx,
    GITHUB_TOKEN_ACCOUNT,
    describeSource('gh auth token'),
    GH_INSTEAD,
  );
  return { token: fromGh, source: 'gh auth token', endpoints: endpointsOf(settings) };
}

/** For the window: where the token comes from (GitHub's sources, `gh` included), never the token. */
export async function githubTokenStatus(ctx: CoreContext): Promise<SecretStatus> {
  const status = await secretStatus(ctx, GITHUB_TOKEN_ACCOUNT);
  if (status.set || !clean(await askGh(ctx.env))) return status;
  const borrowed = await borrowedSecretStatus(ctx, GITHUB_TOKEN_ACCOUNT, '`gh auth token`');
  return status.keychainProblem ? { ...borrowed, keychainProblem: status.keychainProblem } : borrowed;
}

/** The window's "Use it for …": binds the token in use, `gh`'s included, to the addresses now set. */
export async function confirmGithubTokenOrigin(ctx: CoreContext): Promise<SecretStatus> {
  const status = await githubTokenStatus(ctx);
  return confirmSecretOrigin(ctx, GITHUB_TOKEN_ACCOUNT, status.source === 'command' ? { status } : undefined);
}

/** Asked once per environment (a process): a run that uploads several files starts gh once. */
function askGh(env: NodeJS.ProcessEnv): Promise<string | null> {
  let asked = ghAnswers.get(env);
  if (!asked) ghAnswers.set(env, (asked = ghAuthToken(env)));
  return asked;
}

const ghAnswers = new WeakMap<NodeJS.ProcessEnv, Promise<string | null>>();

/** What `gh auth token` prints on stdout (a pipe); null when gh is missing or logged out. */
function ghAuthToken(env: NodeJS.ProcessEnv): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      'gh',
      ['auth', 'token', '--hostname', 'github.com'],
      // gh must not answer from the variables already checked above, nor ask anything.
      { env: { ...env, GH_PROMPT_DISABLED: '1' }, timeout: 10_000, maxBuffer: 16 * 1024 },
      (error, stdout) => resolve(error ? null : String(stdout)),
    );
  });
}

export const NO_TOKEN_HELP =
  'Log in with `gh auth login` (Shotlink then reads `gh auth token`), store a token with ' +
  '`shotlink config set-secret github-token` (it reads it from stdin), or set GH_TOKEN for this run. ' +
  "A personal access token needs write access to the repository's contents.";
