// Where the GitHub token comes from, in this order: GH_TOKEN, GITHUB_TOKEN (as `gh` reads them), the
// keychain (`shotlink config set-secret github-token`), then what `gh auth token` prints, read through a
// pipe. The token is never put on a command line (every local process can read argv), never written to
// a file, and never printed: callers get it with the name of its source, and messages name only that.
import { execFile } from 'node:child_process';
import type { CoreContext } from '../../context.ts';

export const GITHUB_TOKEN_ACCOUNT = 'github-token';

export type TokenSource = 'GH_TOKEN' | 'GITHUB_TOKEN' | 'keychain' | 'gh auth token';

export interface GithubToken {
  token: string;
  source: TokenSource;
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

/** The token and where it came from; null when no source has one. */
export async function githubToken(ctx: Pick<CoreContext, 'env' | 'secrets'>): Promise<GithubToken | null> {
  for (const variable of ['GH_TOKEN', 'GITHUB_TOKEN'] as const) {
    const token = clean(ctx.env[variable]);
    if (token) return { token, source: variable };
  }
  try {
    const token = clean(await ctx.secrets.get(GITHUB_TOKEN_ACCOUNT));
    if (token) return { token, source: 'keychain' };
  } catch {
    // No keychain on this machine: `gh` may still have a token.
  }
  // Asked once per environment (a process): a run that uploads several files starts gh once.
  let asked = ghAnswers.get(ctx.env);
  if (!asked) ghAnswers.set(ctx.env, (asked = ghAuthToken(ctx.env)));
  const token = clean(await asked);
  return token ? { token, source: 'gh auth token' } : null;
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
