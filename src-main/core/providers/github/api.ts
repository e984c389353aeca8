// GitHub over HTTP (contract: docs/hosts.md, "GitHub attachments"): the repository lookup and
// the comments of the REST API, and the attachments store the web editor and `gh --attach` use. Both
// base URLs are settings, so tests point the same code at a fake. Every answer is checked: an
// attachment link is accepted only in its documented shape, anything else is a host error, never a link.
import * as z from 'zod';
import { ShotlinkError } from '../../../../src-shared/errors.ts';
import {
  hostMessage,
  httpStatusError,
  parseJsonBody,
  quoteHostMessage,
  requestJson,
  sendHttpRequest,
  trimBaseUrl,
  tryParseJson,
  validateAnswer,
  type HostTarget,
  type HttpResponse,
} from '../http.ts';
import { repoName, type RepoRef } from './repository.ts';
import { describeSource, NO_TOKEN_HELP, type GithubEndpoints, type GithubToken } from './token.ts';

export type { GithubEndpoints };

export interface Repository extends RepoRef {
  id: number;
  private: boolean;
  /** Whether the token may push; undefined when GitHub did not say. */
  canPush: boolean | undefined;
}

/** The only link shape an attachment may have: https://github.com/user-attachments/assets/<uuid>. */
export const ATTACHMENT_URL =
  /^https:\/\/github\.com\/user-attachments\/assets\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The types the store takes for images (it also takes MP4/MOV video, which Shotlink never sends). */
export const ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

const API_TARGET: HostTarget = { name: 'GitHub', addressSetting: 'hosts.githubApiUrl' };
const UPLOADS_TARGET: HostTarget = { name: 'GitHub attachments', addressSetting: 'hosts.githubUploadsUrl' };

/** Who the people who see a link are, in the words history and notices use. */
export const visibilityOf = (repo: Repository) =>
  repo.private ? `visible to people who can read ${repoName(repo)}` : `public (${repoName(repo)} is public)`;

export const NO_DELETE =
  'GitHub has no delete for attachments: the link stays valid as long as the repository exists.';

const repositoryAnswer = z.object({
  id: z.number().int().positive(),
  private: z.boolean(),
  permissions: z.object({ push: z.boolean().optional() }).partial().optional(),
});

const attachmentAnswer = z
  .object({ url: z.string().optional(), href: z.string().optional() })
  .transform((answer) => [answer.url, answer.href].find((link) => link && ATTACHMENT_URL.test(link)))
  .refine((link): link is string => link !== undefined, {
    message: 'no link of the shape https://github.com/user-attachments/assets/<uuid>',
  });

const commentAnswer = z.object({
  id: z.number().int(),
  html_url: z.url({ protocol: /^https?$/ }),
  body: z.string().nullable().optional(),
});

const headers = (token: GithubToken) => ({
  authorization: `Bearer ${token.token}`,
  'x-github-api-version': '2022-11-28',
  'user-agent': 'shotlink',
});

const ENTERPRISE_MESSAGE =
  'GitHub Enterprise Server has no attachment store (it exists only on github.com), so Shotlink cannot ' +
  'upload there. Point hosts.githubApiUrl at https://api.github.com, or choose another destination.';

/** An API address that is GitHub Enterprise Server's (`https://ghe.example.com/api/v3`). */
export function isEnterpriseApiUrl(apiUrl: string): boolean {
  return /\/api\/v3\/?$/.test(new URL(apiUrl).pathname);
}

function enterpriseError(version?: string): ShotlinkError {
  const which = version ? ` (version ${version})` : '';
  return new ShotlinkError('usage', ENTERPRISE_MESSAGE.replace('Server', `Server${which}`), {
    code: 'github_enterprise',
  });
}

/** 401 and 404 mean the same things on every GitHub endpoint; the rest is per endpoint. */
function authError(
  response: HttpResponse,
  json: unknown,
  token: GithubToken,
  repo: RepoRef,
): ShotlinkError | undefined {
  if (response.headers.get('x-github-enterprise-version')) {
    return enterpriseError(response.headers.get('x-github-enterprise-version') ?? undefined);
  }
  const said = quoteHostMessage(hostMessage(json));
  if (response.status === 401) {
    return new ShotlinkError(
      'usage',
      `GitHub refused ${describeSource(token.source)} (HTTP 401${said}): it is expired, revoked or mistyped. ${NO_TOKEN_HELP}`,
      { code: 'github_unauthorized' },
    );
  }
  if (response.status === 404) return cannotPush(token, repo);
  return undefined;
}

export function cannotPush(token: GithubToken, repo: RepoRef): ShotlinkError {
  return new ShotlinkError(
    'usage',
    `This token (${describeSource(token.source)}) cannot push to ${repoName(repo)} (or the repository does not exist). ` +
      'Check the name, and use a token with write access to it: GitHub App installation tokens are refused.',
    { code: 'github_cannot_push' },
  );
}

export async function lookupRepository(
  endpoints: GithubEndpoints,
  token: GithubToken,
  repo: RepoRef,
): Promise<Repository> {
  if (isEnterpriseApiUrl(endpoints.apiUrl)) throw enterpriseError();
  const response = await sendHttpRequest({
    target: API_TARGET,
    method: 'GET',
    url: `${trimBaseUrl(endpoints.apiUrl)}/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`,
    headers: { ...headers(token), accept: 'application/vnd.github+json' },
    timeoutMs: endpoints.timeoutMs,
  });
  const enterprise = response.headers.get('x-github-enterprise-version');
  if (enterprise) throw enterpriseError(enterprise);
  const answer = answerOf(response, repositoryAnswer, API_TARGET, (json) =>
    authError(response, json, token, repo),
  );
  return { ...repo, id: answer.id, private: answer.private, canPush: answer.permissions?.push };
}

export interface AttachmentFile {
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
  signal?: AbortSignal | undefined;
}

/** Uploads one image to the repository's attachments; answers its link (already checked). */
export async function uploadAttachment(
  endpoints: GithubEndpoints,
  token: GithubToken,
  repo: Repository,
  file: AttachmentFile,
): Promise<string> {
  const query = new URLSearchParams({
    name: file.fileName,
    content_type: file.contentType,
    repository_id: String(repo.id),
  });
  return requestJson({
    target: UPLOADS_TARGET,
    url: `${trimBaseUrl(endpoints.uploadsUrl)}/user-attachments/assets?${query.toString().replace(/\+/g, '%20')}`,
    headers: { ...headers(token), accept: 'application/json', 'content-type': file.contentType },
    body: file.bytes,
    timeoutMs: endpoints.timeoutMs,
    ...(file.signal && { signal: file.signal }),
    schema: attachmentAnswer as unknown as z.ZodType<string>,
    mapError(response, json) {
      if (response.status === 422) {
        return new ShotlinkError(
          'input',
          `GitHub does not take ${file.fileName} as ${file.contentType} (HTTP 422${quoteHostMessage(hostMessage(json))}): ` +
            'attachments are PNG, JPEG, GIF or WebP images up to 10 MB. Set outputFormat to auto, png, jpeg or webp.',
          { code: 'github_unsupported_type' },
        );
      }
      return authError(response, json, token, repo);
    },
  });
}

export interface PostedComment {
  id: number;
  url: string;
}

/** Posts a comment on issue or pull request #number (the documented REST API). */
export async function postComment(
  endpoints: GithubEndpoints,
  token: GithubToken,
  repo: RepoRef,
  number: number,
  body: string,
): Promise<PostedComment> {
  const answer = await requestJson({
    target: API_TARGET,
    url: commentsUrl(endpoints, repo, number),
    headers: { ...headers(token), accept: 'application/vnd.github+json' },
    json: { body },
    timeoutMs: endpoints.timeoutMs,
    schema: commentAnswer,
    mapError: (response, json) => commentError(response, json, token, repo, number),
  });
  return { id: answer.id, url: answer.html_url };
}

/** Whether #number is an issue or pull request GitHub shows this token: a usage error when it is not. */
export async function checkIssue(
  endpoints: GithubEndpoints,
  token: GithubToken,
  repo: RepoRef,
  number: number,
): Promise<void> {
  await requestJson({
    target: API_TARGET,
    method: 'GET',
    url: `${trimBaseUrl(endpoints.apiUrl)}/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}/issues/${number}`,
    headers: { ...headers(token), accept: 'application/vnd.github+json' },
    timeoutMs: endpoints.timeoutMs,
    maxResponseBytes: 4 * 1024 * 1024,
    schema: z.looseObject({ number: z.number().int() }),
    mapError: (response, json) => commentError(response, json, token, repo, number),
  });
}

/**
 * The comment on #number whose body contains `marker`, among those updated since `since`: how a run
 * after a crash finds the comment an earlier run posted but did not live to record.
 */
export async function findComment(
  endpoints: GithubEndpoints,
  token: GithubToken,
  repo: RepoRef,
  number: number,
  marker: string,
  since: string,
): Promise<PostedComment | null> {
  // A hundred per page, and no more than twenty pages: comments since the plan began are few.
  for (let page = 1; page <= 20; page++) {
    const query = new URLSearchParams({ since, per_page: '100', page: String(page) });
    const comments = await requestJson({
      target: API_TARGET,
      method: 'GET',
      url: `${commentsUrl(endpoints, repo, number)}?${query}`,
      headers: { ...headers(token), accept: 'application/vnd.github+json' },
      timeoutMs: endpoints.timeoutMs,
      maxResponseBytes: 16 * 1024 * 1024,
      schema: z.array(commentAnswer),
      mapError: (response, json) => commentError(response, json, token, repo, number),
    });
    const found = comments.find((comment) => comment.body?.includes(marker));
    if (found) return { id: found.id, url: found.html_url };
    if (comments.length < 100) return null;
  }
  return null;
}

const commentsUrl = (endpoints: GithubEndpoints, repo: RepoRef, number: number) =>
  `${trimBaseUrl(endpoints.apiUrl)}/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}/issues/${number}/comments`;

function commentError(
  response: HttpResponse,
  json: unknown,
  token: GithubToken,
  repo: RepoRef,
  number: number,
): ShotlinkError | undefined {
  const said = quoteHostMessage(hostMessage(json));
  if (response.status === 404) {
    return new ShotlinkError(
      'usage',
      `${repoName(repo)} has no issue or pull request #${number} that ${describeSource(token.source)} can comment on${said}.`,
      { code: 'github_no_issue' },
    );
  }
  if (response.status === 403 || response.status === 410 || response.status === 422) {
    return new ShotlinkError(
      'usage',
      `GitHub refused the comment on ${repoName(repo)}#${number} (HTTP ${response.status}${said}): the issue may be locked, or issues turned off.`,
      { code: 'github_comment_refused' },
    );
  }
  return authError(response, json, token, repo);
}

/** A successful answer's JSON checked against its schema; an error answer mapped, else by status. */
function answerOf<T>(
  response: HttpResponse,
  schema: z.ZodType<T>,
  target: HostTarget,
  mapError: (json: unknown) => ShotlinkError | undefined,
): T {
  if (response.status >= 200 && response.status < 300) {
    return validateAnswer(schema, parseJsonBody(response, target), target);
  }
  const json = tryParseJson(response);
  throw mapError(json) ?? httpStatusError(response, target, json);
}
