// Which GitHub repository an upload belongs to: `--repo`, the github.repo setting, or the `origin`
// remote of the directory the command runs in. Only github.com remotes count: GitHub Enterprise Server
// has no attachment store, so its remotes are never taken for a github.com repository.
import { execFile } from 'node:child_process';
import { ShotlinkError } from '../../../../src-shared/errors.ts';

export interface RepoRef {
  owner: string;
  name: string;
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

export const repoName = (repo: RepoRef) => `${repo.owner}/${repo.name}`;

/** "owner/name" as typed; null when it is not one. */
export function parseRepo(text: string): RepoRef | null {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(text.trim());
  if (!match) return null;
  const [, owner, name] = match as unknown as [string, string, string];
  const clean = name.replace(/\.git$/, '');
  return OWNER.test(owner) && NAME.test(clean) && clean !== '.' && clean !== '..'
    ? { owner, name: clean }
    : null;
}

/**
 * The repository a github.com remote URL points at, in the forms git accepts: https://github.com/o/r(.git),
 * git@github.com:o/r.git, ssh://git@github.com/o/r.git (and ssh.github.com:443). Null for anything else.
 */
export function repoFromRemoteUrl(url: string): RepoRef | null {
  const text = url.trim();
  const scp = /^[\w.-]+@(?:ssh\.)?github\.com:(.+)$/.exec(text);
  if (scp) return parseRepo(scp[1]!.replace(/^\/+/, ''));
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return null;
  }
  if (!['https:', 'http:', 'ssh:', 'git:'].includes(parsed.protocol)) return null;
  if (!['github.com', 'www.github.com', 'ssh.github.com'].includes(parsed.hostname)) return null;
  return parseRepo(decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, ''));
}

/** The `origin` remote of `cwd` when it is a github.com repository; null otherwise (or without git). */
export function repoFromOrigin(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<RepoRef | null> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-C', cwd, 'remote', 'get-url', 'origin'],
      { env, timeout: 5000, maxBuffer: 64 * 1024 },
      (error, stdout) => resolve(error ? null : repoFromRemoteUrl(String(stdout))),
    );
  });
}

/** The repository for this run: asked (--repo), else the setting, else the origin remote of `cwd`. */
export async function resolveRepository(options: {
  asked?: string | undefined;
  setting: string;
  cwd?: string | undefined;
  env?: NodeJS.ProcessEnv;
}): Promise<RepoRef> {
  const given = options.asked ?? (options.setting || undefined);
  if (given !== undefined) {
    const repo = parseRepo(given);
    if (!repo) {
      throw new ShotlinkError(
        'usage',
        `"${given}" is not a GitHub repository: write it as owner/name (e.g. octocat/hello-world).`,
        { code: 'github_bad_repo' },
      );
    }
    return repo;
  }
  const fromOrigin = options.cwd ? await repoFromOrigin(options.cwd, options.env) : null;
  if (fromOrigin) return fromOrigin;
  throw new ShotlinkError(
    'usage',
    'Which GitHub repository? Pass --repo owner/name, set it with `shotlink config set github.repo owner/name`' +
      (options.cwd ? ', or run this inside a clone whose origin is on github.com.' : '.'),
    { code: 'github_no_repo' },
  );
}
