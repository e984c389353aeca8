// Images and text as one comment on an issue or pull request: the use case behind
// `shotlink upload --provider github --comment N`, the window's "Post to #…", and the agents' tool.
// Idempotent like every upload: the request's plan (comment-plans.ts) is durable before anything is
// sent; each image goes through the pipeline under the plan's upload keys, so a retry reuses what is
// already stored; the comment carries the plan's marker, so a run after a crash between posting and
// recording finds it instead of posting again.
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { HistoryEntry } from '../../../src-shared/history.ts';
import type { CoreContext } from '../context.ts';
import { intakeImage } from '../images/intake.ts';
import { uploadImage, type PipelineStage, type RetryPolicy } from '../pipeline.ts';
import { checkIssue, findComment, postComment } from '../providers/github/api.ts';
import type { Repository } from '../providers/github/api.ts';
import { checkedRepository, resolveGithubDestination } from '../providers/github/provider.ts';
import { repoName } from '../providers/github/repository.ts';
import { failpoint } from '../util/failpoint.ts';
import { hashBytes } from '../util/hash.ts';
import {
  closePlan,
  openPlan,
  planKey,
  sweepPlans,
  withIssueLock,
  type CommentPlan,
} from './comment-plans.ts';
import { commentMarker, composeComment, MAX_COMMENT_TEXT } from './compose.ts';

export interface CommentImageInput {
  bytes: Uint8Array;
  fileName: string;
  /** Alt text; the file name when absent. */
  alt?: string | undefined;
}

export interface CommentRequest {
  /** owner/name; the github.repo setting when absent. */
  repo?: string | undefined;
  /** The repository as the caller already looked it up and checked; else it is looked up here, once. */
  repository?: Repository | undefined;
  /** The issue or pull request number. */
  issue: number;
  /** Text around the images; each image goes where the text names its file, or after it. */
  body?: string | undefined;
  images: CommentImageInput[];
  retry?: RetryPolicy;
  /**
   * Agents: the same request again within this long (a client's retry) answers with the comment already
   * posted instead of posting a second. Such plans have their own scope, apart from the person's.
   */
  repeat?: { scope: string; withinMs: number };
  onStage?: (fileName: string, stage: PipelineStage, detail?: string) => void;
  /** Another run is posting to the same issue: this one waits for it (called once). */
  onWait?: () => void;
}

export interface PostedImagesComment {
  /** The comment's page (its html_url). */
  commentUrl: string;
  /** The history entries of the images, in the order given. */
  entries: HistoryEntry[];
  /** The comment had been posted by an earlier run that did not live to say so. */
  found: boolean;
}

/** Uploads the images to the repository's attachments and posts them, with the text, as one comment. */
export async function postImagesAsComment(
  ctx: CoreContext,
  request: CommentRequest,
): Promise<PostedImagesComment> {
  checkRequest(request.issue, request.body, request.images.length);
  // The token and repository first: a missing one fails before any image is read or sent.
  const destination = await resolveGithubDestination(ctx, request.repo);
  const repo = repoName(destination.repo);
  // One comment, all or nothing: every image must pass intake and the issue must exist before any is sent.
  const { maxInputPixels } = ctx.settings.get();
  for (const image of request.images)
    await intakeImage(image.bytes, { fileName: image.fileName, maxInputPixels });
  // One lookup for the whole comment (the provider would ask per image), checked before anything is sent.
  const repository = request.repository ?? (await checkedRepository(destination));
  await checkIssue(destination.endpoints, destination.token, destination.repo, request.issue);
  const { repeat } = request;
  if (repeat) await sweepPlans(ctx.home, repeat.scope, repeat.withinMs);
  const key = planKey(
    {
      repo,
      issue: request.issue,
      body: request.body ?? '',
      images: request.images.map((image) => `${image.alt ?? ''}:${hashBytes(image.bytes)}`),
    },
    repeat?.scope,
  );
  // An agent's (scoped) images are keyed as its uploads are, so the history shows who made them.
  const keyPrefix = (planId: string) => `${repeat ? `${repeat.scope}:` : ''}github-comment:${planId}:`;
  return withIssueLock(
    ctx.home,
    `${repo}#${request.issue}`,
    key,
    async (completed) => {
      // The run this one waited for posted this very request: its comment is the answer.
      const earlier =
        completed && (await findPlanComment(ctx, destination, request.issue, completed, keyPrefix));
      if (earlier) return earlier;
      const plan = await openPlan(ctx.home, key, { ...(repeat && { maxAgeMs: repeat.withinMs }) });
      const entries: HistoryEntry[] = [];
      for (const [index, image] of request.images.entries()) {
        const uploadKey = `${keyPrefix(plan.planId)}${index}`;
        // Recorded by an earlier run of this plan: the stored attachment is used again, nothing is sent.
        const recorded = ctx.history.list().find((entry) => entry.uploadKey === uploadKey);
        entries.push(
          recorded ??
            (await uploadImage(ctx, {
              bytes: image.bytes,
              fileName: image.fileName,
              providerId: 'github',
              tierId: 'default',
              uploadKey,
              hostOptions: { repo, repository },
              ...(request.retry && { retry: request.retry }),
              ...(request.onStage && {
                onStage: (stage: PipelineStage, detail?: string) =>
                  request.onStage?.(image.fileName, stage, detail),
              }),
            })),
        );
      }
      failpoint('after-attachments');
      const alts = request.images.map((image) => image.alt);
      const posted = await postOnce(destination, request.issue, plan, request.body, entries, alts);
      // Agents' plans stay (see comment-plans.ts): a retried call finds the comment posted.
      if (!repeat) await closePlan(ctx.home, plan.key);
      return { ...posted, entries };
    },
    request.onWait,
  );
}

/** The comment a completed plan posted, with its images' history entries; null when GitHub has none. */
async function findPlanComment(
  ctx: CoreContext,
  destination: Awaited<ReturnType<typeof resolveGithubDestination>>,
  issue: number,
  plan: CommentPlan,
  keyPrefix: (planId: string) => string = (planId) => `github-comment:${planId}:`,
): Promise<PostedImagesComment | null> {
  const { endpoints, token, repo } = destination;
  const found = await findComment(endpoints, token, repo, issue, commentMarker(plan.planId), plan.since);
  if (!found) return null;
  const prefix = keyPrefix(plan.planId);
  const entries = ctx.history
    .list()
    .filter((entry) => entry.uploadKey?.startsWith(prefix))
    .sort((a, b) => Number(a.uploadKey!.slice(prefix.length)) - Number(b.uploadKey!.slice(prefix.length)));
  return { commentUrl: found.url, entries, found: true };
}

/**
 * Images already uploaded to GitHub (history entries) posted as one comment, with text: the window's
 * "Post to #…" after an upload. They must all belong to one repository, which the comment goes to.
 */
export async function postEntriesAsComment(
  ctx: CoreContext,
  request: { entryIds: string[]; issue: number; body?: string | undefined },
): Promise<PostedImagesComment> {
  checkRequest(request.issue, request.body, request.entryIds.length);
  const entries = request.entryIds.map((id) => {
    const entry = ctx.history.get(id);
    if (!entry) throw new ShotlinkError('usage', 'That upload is not in the history any more.');
    if (entry.provider !== 'github') {
      throw new ShotlinkError(
        'usage',
        `${entry.fileName} was not uploaded to GitHub: only GitHub attachments can be posted as a comment.`,
      );
    }
    return entry;
  });
  const repos = [...new Set(entries.map((entry) => repoOfEntry(entry)))];
  if (repos.length !== 1 || !repos[0]) {
    throw new ShotlinkError(
      'usage',
      `These images belong to different repositories (${repos.join(', ')}): post each repository's on its own.`,
    );
  }
  const destination = await resolveGithubDestination(ctx, repos[0]);
  const key = planKey({
    repo: repos[0],
    issue: request.issue,
    body: request.body ?? '',
    images: request.entryIds,
  });
  return withIssueLock(ctx.home, `${repos[0]}#${request.issue}`, key, async (completed) => {
    const earlier = completed && (await findPlanComment(ctx, destination, request.issue, completed));
    if (earlier) return { ...earlier, entries };
    const plan = await openPlan(ctx.home, key);
    const posted = await postOnce(destination, request.issue, plan, request.body, entries, []);
    await closePlan(ctx.home, plan.key);
    return { ...posted, entries };
  });
}

/** "owner/name" of an attachment's entry (its host id is owner/name/<asset id>). */
export const repoOfEntry = (entry: HistoryEntry) => entry.hostId.split('/').slice(0, 2).join('/');

function checkRequest(issue: number, body: string | undefined, images: number): void {
  if (!Number.isSafeInteger(issue) || issue < 1) {
    throw new ShotlinkError('usage', `"${issue}" is not an issue or pull request number (1, 2, 3…).`);
  }
  if (images < 1) throw new ShotlinkError('usage', 'A comment needs at least one image.');
  if (body && body.length > MAX_COMMENT_TEXT) {
    throw new ShotlinkError(
      'usage',
      `The comment text is ${body.length} characters; GitHub takes up to 65,536, with room for the images: shorten it.`,
    );
  }
}

async function postOnce(
  destination: Awaited<ReturnType<typeof resolveGithubDestination>>,
  issue: number,
  plan: Awaited<ReturnType<typeof openPlan>>,
  text: string | undefined,
  entries: HistoryEntry[],
  alts: (string | undefined)[],
): Promise<Omit<PostedImagesComment, 'entries'>> {
  const marker = commentMarker(plan.planId);
  const body = composeComment(
    text,
    entries.map((entry, index) => ({
      fileName: entry.fileName,
      alt: alts[index] ?? entry.fileName,
      url: entry.url,
    })),
    marker,
  );
  const { endpoints, token, repo } = destination;
  // Posted by an earlier run of this plan that died before recording it: that comment is the answer.
  const earlier = await findComment(endpoints, token, repo, issue, marker, plan.since);
  if (earlier) return { commentUrl: earlier.url, found: true };
  const comment = await postComment(endpoints, token, repo, issue, body);
  failpoint('after-comment');
  return { commentUrl: comment.url, found: false };
}
