// A comment begun and not yet posted, made durable before its first image is sent: the same request
// again (after a crash, or a retry) finds the same plan, so it reuses the images already uploaded under
// the plan's id and looks for the comment by the plan's marker before posting. Removed once posted;
// the same request after that is a new comment, as a second `shotlink upload` is a second upload.
// Agents' plans (scoped "mcp") are kept for a day after posting instead: an MCP client that retries a
// call it got no answer to finds the comment already posted, as a retried upload_image finds its link.
import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomic.ts';
import { dataPaths } from '../store/paths.ts';
import { hashBytes } from '../util/hash.ts';

export interface CommentPlan {
  /** The request's fingerprint: repository, number, text and images. */
  key: string;
  planId: string;
  /** Comments updated since this time are searched for the marker (a little before the plan began). */
  since: string;
}

const planSchema = z.object({ planId: z.string().uuid(), since: z.iso.datetime() });

/** Clocks differ: GitHub's updated_at may read earlier than this machine's now. */
const CLOCK_SLACK_MS = 15 * 60_000;

export function planKey(
  request: { repo: string; issue: number; body: string; images: string[] },
  scope?: string,
): string {
  const hash = hashBytes(new TextEncoder().encode(JSON.stringify(request))).slice(0, 32);
  return scope ? `${scope}-${hash}` : hash;
}

const pathOf = (home: string, key: string) => join(dataPaths(home).githubComments, `${key}.json`);

/**
 * The plan for this key: the one a earlier run left, or a new one, saved before it is returned. With
 * `maxAgeMs`, a plan begun longer ago than that is over: the same request is a new comment.
 */
export async function openPlan(
  home: string,
  key: string,
  options: { maxAgeMs?: number } = {},
): Promise<CommentPlan> {
  const path = pathOf(home, key);
  try {
    const saved = planSchema.parse(JSON.parse(await readFile(path, 'utf8')));
    const age = Date.now() - Date.parse(saved.since) - CLOCK_SLACK_MS;
    if (options.maxAgeMs === undefined || age <= options.maxAgeMs) return { key, ...saved };
  } catch {
    // None yet, or damaged: a new plan (a damaged one's images are sent again, its comment not found).
  }
  const since = new Date(Date.now() - CLOCK_SLACK_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const plan = { planId: randomUUID(), since };
  await writeFileAtomic(path, `${JSON.stringify(plan)}\n`);
  return { key, ...plan };
}

export async function closePlan(home: string, key: string): Promise<void> {
  await unlink(pathOf(home, key)).catch(() => {});
}

/** Kept plans of one scope older than `maxAgeMs` go (a person's unfinished plans are never swept). */
export async function sweepPlans(home: string, scope: string, maxAgeMs: number): Promise<void> {
  const folder = dataPaths(home).githubComments;
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(`${scope}-`))) {
    const info = await stat(join(folder, name)).catch(() => null);
    if (info && Date.now() - info.mtimeMs > maxAgeMs + CLOCK_SLACK_MS) {
      await unlink(join(folder, name)).catch(() => {});
    }
  }
}
