// GitHub attachments as a destination: each image goes to the repository's attachment store, where it
// is seen by whoever can read the repository (nobody else when it is private), kept for good, free,
// and never deletable. The repository is looked up once per provider (or given, as the call that
// checked it before any image was read found it): its id is what the store wants, and whether it is
// private is what the person is told.
import { ShotlinkError } from '../../../../src-shared/errors.ts';
import type { CoreContext } from '../../context.ts';
import type { Provider, UploadInput, UploadOutcome } from '../provider.ts';
import {
  cannotPush,
  lookupRepository,
  NO_DELETE,
  uploadAttachment,
  visibilityOf,
  type GithubEndpoints,
  type Repository,
} from './api.ts';
import { parseRepo, repoName, type RepoRef } from './repository.ts';
import { githubToken, NO_TOKEN_HELP, type GithubToken } from './token.ts';

export interface GithubDestination {
  endpoints: GithubEndpoints;
  token: GithubToken;
  repo: RepoRef;
}

/** The token (with the addresses it may go to), or a usage error that says every way to give one. */
export async function requireGithubToken(ctx: CoreContext): Promise<GithubToken> {
  const token = await githubToken(ctx);
  if (!token) {
    throw new ShotlinkError('usage', `GitHub needs a token, and none was found. ${NO_TOKEN_HELP}`, {
      code: 'github_no_token',
    });
  }
  return token;
}

/**
 * The destination for an upload: the repository named for it (`--repo`, the MCP tool's argument), else
 * the github.repo setting. Shells that know a working directory resolve its origin remote first.
 */
export async function resolveGithubDestination(
  ctx: CoreContext,
  repo: string | undefined,
): Promise<GithubDestination> {
  const name = repo ?? ctx.settings.get().github.repo;
  const parsed = name ? parseRepo(name) : null;
  if (!parsed) {
    throw new ShotlinkError(
      'usage',
      name
        ? `"${name}" is not a GitHub repository: write it as owner/name.`
        : 'Uploads to GitHub need a repository: set it with `shotlink config set github.repo owner/name` ' +
            '(or under Settings in the window), or pass --repo owner/name.',
      { code: name ? 'github_bad_repo' : 'github_no_repo' },
    );
  }
  const token = await requireGithubToken(ctx);
  // Only the addresses the token was checked for: never one set after the check.
  return { endpoints: token.endpoints, token, repo: parsed };
}

/** Looks the repository up and refuses early when GitHub says the token cannot push to it. */
export async function checkedRepository(destination: GithubDestination): Promise<Repository> {
  const repository = await lookupRepository(destination.endpoints, destination.token, destination.repo);
  if (repository.canPush === false) throw cannotPush(destination.token, repository);
  return repository;
}

/** `known`: the repository as the caller already looked it up (and checked) for this upload. */
export function createGithubProvider(destination: GithubDestination, known?: Repository): Provider {
  let repository: Promise<Repository> | null = known ? Promise.resolve(known) : null;
  return {
    id: 'github',
    async upload(input: UploadInput): Promise<UploadOutcome> {
      repository ??= checkedRepository(destination).catch((error: unknown) => {
        repository = null; // a failed lookup is tried again by the next upload
        throw error;
      });
      const repo = await repository;
      const url = await uploadAttachment(destination.endpoints, destination.token, repo, {
        bytes: input.bytes,
        fileName: input.fileName,
        contentType: input.contentType,
        signal: input.signal,
      });
      return {
        url,
        // The asset's id under its repository: where a comment may show it (see github/comment.ts).
        hostId: `${repoName(repo)}/${url.slice(url.lastIndexOf('/') + 1)}`,
        expiresAt: null,
        visibility: visibilityOf(repo),
        noDelete: NO_DELETE,
      };
    },
  };
}
