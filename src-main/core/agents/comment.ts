// An agent's comment on a GitHub issue or pull request: images and text as one comment, through the
// same use case as `shotlink upload --provider github --comment` (github/comment.ts), with the agents'
// rules in front: the text checked for secrets by the images' rules, GitHub allowed for agents and the
// repository checked (github.ts), every image covered first and refused whole when a finding cannot be
// covered (redaction.ts), all before anything is sent. GitHub attachments are free, so no budget is spent. A client that retries the call within a
// day gets the comment already posted, never a second one.
import type { HistoryEntry } from '../../../src-shared/history.ts';
import type { CoreContext } from '../context.ts';
import { postImagesAsComment } from '../github/comment.ts';
import type { OcrEngine } from '../redact/ocr.ts';
import type { AgentImage } from './files.ts';
import { agentRepository } from './github.ts';
import { redactForAgent, refuseSecretsInText, type AgentRedaction } from './redaction.ts';
import { AGENT_RETRY, SAME_UPLOAD_MS } from './upload.ts';

export interface AgentCommentRequest {
  /** owner/name; else the github.repo setting, else the origin remote of `cwd`. */
  repo?: string | undefined;
  cwd?: string | undefined;
  issue: number;
  body?: string | undefined;
  images: (AgentImage & { alt?: string | undefined })[];
}

export interface AgentComment {
  commentUrl: string;
  repo: string;
  visibility: string;
  entries: HistoryEntry[];
  /** What was covered, per image, in the order given. */
  redactions: AgentRedaction[];
  /** True when this comment had already been posted (a retried call): nothing was sent again. */
  repeated: boolean;
}

export async function commentForAgent(
  ctx: CoreContext,
  engine: OcrEngine,
  request: AgentCommentRequest,
): Promise<AgentComment> {
  // The text first: a secret in it goes nowhere, GitHub included.
  refuseSecretsInText(ctx.settings, request.body, 'The comment text');
  for (const [index, image] of request.images.entries())
    refuseSecretsInText(
      ctx.settings,
      image.alt ?? image.fileName,
      `The name or alt text of image ${index + 1}`,
    );
  const { repo, visibility, repository } = await agentRepository(ctx, request);
  const redactions: AgentRedaction[] = [];
  for (const image of request.images) redactions.push(await redactForAgent(engine, ctx.settings, image));
  const posted = await postImagesAsComment(ctx, {
    repo,
    repository,
    issue: request.issue,
    body: request.body,
    images: request.images.map((image, index) => ({
      bytes: redactions[index]!.bytes,
      fileName: image.fileName,
      alt: image.alt,
    })),
    retry: AGENT_RETRY,
    repeat: { scope: 'mcp', withinMs: SAME_UPLOAD_MS },
  });
  return {
    commentUrl: posted.commentUrl,
    repo,
    visibility,
    entries: posted.entries,
    redactions,
    repeated: posted.found,
  };
}
