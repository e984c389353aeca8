// A comment begun and not yet posted, made durable before its first image is sent: the same request
// again (after a crash, or a retry) finds the same plan, so it reuses the images already uploaded under
// the plan's id and looks for the comment by the plan's marker before posting. Removed once posted;
// the same request after that is a new comment, as a second `shotlink upload` is a second upload.
// Agents' plans (scoped "mcp") are kept for a day after posting instead: an MCP client that retries a
// call it got no answer to finds the comment already posted, as a retried upload_image finds its link.
// One run at a time posts to an issue, across processes (withIssueLock): a second run waits; when the
// run it waited for completed the same request, that comment is its answer, not a second one.
import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from '../store/atomic.ts';
import { withLockAsync } from '../store/lock.ts';
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

/** The plan an earlier (or another) run left for this key; null when there is none, or it is damaged. */
async function readPlan(home: string, key: string): Promise<CommentPlan | null> {
  try {
    return { key, ...planSchema.parse(JSON.parse(await readFile(pathOf(home, key), 'utf8'))) };
  } catch {
    return null;
  }
}

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
  // None yet, or damaged: a new plan (a damaged one's images are sent again, its comment not found).
  const saved = await readPlan(home, key);
  if (saved) {
    const age = Date.now() - Date.parse(saved.since) - CLOCK_SLACK_MS;
    if (options.maxAgeMs === undefined || age <= options.maxAgeMs) return saved;
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

/** Long enough for a run that uploads several images with retries; a dead holder is taken over at once. */
const ISSUE_LOCK_TIMEOUT_MS = 15 * 60_000;

/**
 * Runs `body` while no other process posts to the same issue (`target`: owner/name#number). `body`
 * gets the plan for `key` that the run this one waited for completed meanwhile (then that run's
 * comment is the answer), or null. `onWait` is called once, when another run holds the issue.
 */
export async function withIssueLock<R>(
  home: string,
  target: string,
  key: string,
  body: (completedMeanwhile: CommentPlan | null) => Promise<R>,
  onWait?: () => void,
): Promise<R> {
  const lock = join(
    dataPaths(home).githubComments,
    'locks',
    `${hashBytes(new TextEncoder().encode(target)).slice(0, 24)}.lock`,
  );
  let seen: CommentPlan | null = null;
  let waited = false;
  return withLockAsync(
    lock,
    async () => {
      const open = await readPlan(home, key);
      return body(seen && (!open || open.planId !== seen.planId) ? seen : null);
    },
    {
      timeoutMs: ISSUE_LOCK_TIMEOUT_MS,
      async onWait() {
        if (!waited) onWait?.();
        waited = true;
        seen = (await readPlan(home, key)) ?? seen;
      },
    },
  );
}
