// The queue on disk: one JSON file per job beside a copy of its image bytes, under SHOTLINK_HOME/queue.
// Every state change is written atomically before the queue acts on it, so a crash at any point leaves
// each job either as it was or as it became, and a restart finds every job that was not yet done.
import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { JOB_SOURCES, type JobInfo } from '../../../src-shared/history.ts';
import { writeFileAtomic, writeFilesAtomic } from '../store/atomic.ts';

/** A job as persisted: what the UI sees, plus what the queue needs to resume it. */
export interface StoredJob extends JobInfo {
  /** SHA-256 (hex) of the input bytes: the same image is recognised across sources and restarts. */
  inputHash: string;
  inputBytes: number;
}

const JOB_ID = /^j[0-9a-z]+-[0-9a-f]+$/;

/**
 * What a job file must hold to be resumed; anything else is set aside, never fatal. Loose: fields a
 * newer Shotlink wrote survive this one's rewrite.
 */
const storedJobSchema = z.looseObject({
  id: z.string().regex(JOB_ID),
  fileName: z.string(),
  source: z.enum(JOB_SOURCES),
  provider: z.string().min(1),
  tier: z.string().min(1),
  state: z.enum(['queued', 'running', 'waiting-retry', 'awaiting-payment', 'done', 'failed', 'cancelled']),
  attempts: z.number().int().nonnegative(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  inputHash: z.string(),
  inputBytes: z.number().int().nonnegative(),
});

export interface JobStore {
  readonly dir: string;
  /** Every readable job. Unreadable files are set aside (renamed *.corrupt) and reported, never deleted. */
  load(): Promise<{ jobs: StoredJob[]; problems: string[] }>;
  /** A new job: its image bytes and its first state, durable together (the bytes never missing). */
  create(job: StoredJob, bytes: Uint8Array): Promise<void>;
  readBytes(id: string): Promise<Uint8Array>;
  save(job: StoredJob): Promise<void>;
  /** Frees the image copy once the job no longer needs it (done or cancelled). */
  dropBytes(id: string): Promise<void>;
  remove(id: string): Promise<void>;
}

export function createJobStore(dir: string): JobStore {
  const jsonPath = (id: string) => join(dir, `${id}.json`);
  const bytesPath = (id: string) => join(dir, `${id}.img`);

  return {
    dir,
    async load() {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const jobs: StoredJob[] = [];
      const problems: string[] = [];
      const names = await readdir(dir);
      for (const name of names) {
        // Leftovers of a crash mid-write: image copies whose job was never written, temp files.
        const orphan = name.endsWith('.img') && !names.includes(`${name.slice(0, -4)}.json`);
        if (orphan || (name.startsWith('.') && name.endsWith('.tmp'))) {
          await rm(join(dir, name), { force: true });
          continue;
        }
        if (!name.endsWith('.json')) continue;
        const path = join(dir, name);
        try {
          const parsed = storedJobSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new Error(
              `not a job record: ${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'invalid'}`,
            );
          }
          jobs.push(parsed.data as StoredJob);
        } catch (error) {
          const aside = `${path}.corrupt`;
          await rename(path, aside).catch(() => {});
          problems.push(
            `The queued job ${name} could not be read (${(error as Error).message}); kept as ${aside}.`,
          );
        }
      }
      jobs.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      return { jobs, problems };
    },
    // One write of both files: synced side by side, the bytes renamed into place before the job.
    create: (job, bytes) =>
      writeFilesAtomic([
        { path: bytesPath(job.id), data: bytes },
        { path: jsonPath(job.id), data: JSON.stringify(job) },
      ]),
    async readBytes(id) {
      return new Uint8Array(await readFile(bytesPath(id)));
    },
    save: (job) => writeFileAtomic(jsonPath(job.id), JSON.stringify(job)),
    dropBytes: (id) => rm(bytesPath(id), { force: true }),
    async remove(id) {
      await rm(bytesPath(id), { force: true });
      await rm(jsonPath(id), { force: true });
    },
  };
}
