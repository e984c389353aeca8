// An agent's upload: the same pipeline as `shotlink upload`, with the agents' rules in front of it.
// The destination must be one the person allowed (destination.ts; for GitHub, github.ts checks the
// repository too); the image is covered first
// (redaction.ts); the upload key is made from the image and the destination, so a client that retries
// a call, even after the server was killed mid-way, gets the first upload's link and never a second
// upload or payment.
import { formatEntryLink, type LinkFormat } from '../../../src-shared/links.ts';
import { summarizeFindings, type FindingKind } from '../../../src-shared/findings.ts';
import type { HistoryEntry } from '../../../src-shared/history.ts';
import type { CoreContext } from '../context.ts';
import { uploadImage, type RetryPolicy } from '../pipeline.ts';
import type { OcrEngine } from '../redact/ocr.ts';
import { hashBytes } from '../util/hash.ts';
import { agentTarget } from './destination.ts';
import { agentRepository } from './github.ts';
import { redactForAgent, type AgentRedaction } from './redaction.ts';
import type { AgentImage } from './files.ts';

/** Retries in the call, bounded so a call answers within about a minute. */
export const AGENT_RETRY: RetryPolicy = { attempts: 3, maxWaitSeconds: 30 };

/** How long the same image to the same destination is the same upload (a client's retries). */
export const SAME_UPLOAD_MS = 24 * 60 * 60 * 1000;

export interface AgentUploadRequest {
  image: AgentImage;
  provider?: string | undefined;
  tier?: string | undefined;
  alt?: string | undefined;
  format?: LinkFormat | undefined;
  /** GitHub: the repository (owner/name); else the github.repo setting, else the origin remote of `cwd`. */
  repo?: string | undefined;
  /** The project the client shared (its first root), where a repository's origin remote is looked for. */
  cwd?: string | undefined;
}

export interface AgentUpload {
  entry: HistoryEntry;
  link: string;
  markdown: string;
  visibility: string;
  redaction: AgentRedaction;
  /** True when this image had already been uploaded there by an agent: its link, nothing sent again. */
  repeated: boolean;
}

/**
 * The same image to the same place (a GitHub upload's place is its repository) is the same upload. An
 * image sent unchecked (the person turned agents.redact off) is another upload than a covered one: once
 * redaction is back on, the image is covered and sent again rather than its uncovered link given.
 */
export const agentUploadKey = (
  providerId: string,
  tierId: string,
  bytes: Uint8Array,
  repo?: string,
  checked = true,
) => `mcp:${providerId}${repo ? `/${repo}` : ''}:${tierId}:${hashBytes(bytes)}${checked ? '' : ':unchecked'}`;

/** Whether a history entry was uploaded by an agent. */
export const byAgent = (entry: Pick<HistoryEntry, 'uploadKey'>) =>
  entry.uploadKey?.startsWith('mcp:') === true;

/** A retried call's redaction: what the first upload covered, as its history entry keeps it. */
function asFirstCovered(earlier: HistoryEntry, bytes: Uint8Array, checked: boolean): AgentRedaction {
  const covered = earlier.covered ?? [];
  const what =
    covered.length > 0 ? `covered ${summarizeFindings(covered.map((kind) => ({ kind })))}` : 'nothing found';
  return { bytes, checked, findings: [], covered, summary: `${what} when first uploaded (not read again)` };
}

/**
 * A capture's upload: what was covered when it was taken counts too (its kept image shows it covered, so
 * reading it again finds nothing there), in the answer and in the history entry.
 */
function withCaptureCovered(redaction: AgentRedaction, whenCaptured: FindingKind[] = []): AgentRedaction {
  if (whenCaptured.length === 0) return redaction;
  const captured = `${summarizeFindings(whenCaptured.map((kind) => ({ kind })))} covered when captured`;
  return {
    ...redaction,
    covered: [...whenCaptured, ...redaction.covered],
    summary: [captured, redaction.summary].filter(Boolean).join('; '),
  };
}

export async function uploadForAgent(
  ctx: CoreContext,
  engine: OcrEngine,
  request: AgentUploadRequest,
): Promise<AgentUpload> {
  const target = agentTarget(ctx, request);
  const github = target.providerId === 'github' ? await agentRepository(ctx, request) : undefined;
  const { image } = request;
  const checked = ctx.settings.get().agents.redact;
  const uploadKey = agentUploadKey(target.providerId, target.tierId, image.bytes, github?.repo, checked);
  // A client's retry is answered at once, before the image is read again: its key is the image's own
  // bytes, and the earlier upload was covered (or not) as this one would be.
  const earlier = ctx.history
    .list()
    .find(
      (entry) => entry.uploadKey === uploadKey && Date.now() - Date.parse(entry.uploadedAt) < SAME_UPLOAD_MS,
    );
  const redaction = earlier
    ? asFirstCovered(earlier, image.bytes, checked)
    : withCaptureCovered(await redactForAgent(engine, ctx.settings, image), image.coveredWhenCaptured);
  const entry =
    earlier ??
    (await uploadImage(ctx, {
      bytes: redaction.bytes,
      fileName: image.fileName,
      providerId: target.providerId,
      tierId: target.tierId,
      uploadKey,
      covered: redaction.covered,
      retry: AGENT_RETRY,
      ...(github && { hostOptions: { repo: github.repo, repository: github.repository } }),
    }));
  const name = request.alt ?? entry.fileName;
  const settings = ctx.settings.get();
  const named = { ...entry, fileName: name };
  return {
    entry,
    link: formatEntryLink(named, request.format ?? settings.linkFormat, settings.linkTemplate),
    markdown: formatEntryLink(named, 'markdown'),
    visibility: github?.visibility ?? target.visibility,
    redaction,
    repeated: earlier !== undefined,
  };
}
