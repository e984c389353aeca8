// The upload queue: nothing lost, nothing sent twice. Each job is written to disk (its image bytes
// first) before anything is sent; its state is written again before each request and after it. Jobs
// run with bounded concurrency; failures that can pass wait and retry, the others stop with the reason.
import { randomBytes } from 'node:crypto';
import type { HistoryEntry, JobInfo } from '../../../src-shared/history.ts';
import { ShotlinkError, serializeError } from '../../../src-shared/errors.ts';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from './backoff.ts';
import type { JobStore, StoredJob } from './job-store.ts';
import { hashBytes } from '../util/hash.ts';

/** Uploads one job's bytes (intake, optimize, upload, record) and returns the history entry. */
export type UploadRunner = (request: {
  job: JobInfo;
  bytes: Uint8Array;
  signal: AbortSignal;
  onProgress: (progress: number) => void;
}) => Promise<HistoryEntry>;

export interface NewJob {
  bytes: Uint8Array;
  fileName: string;
  source: JobInfo['source'];
  provider: string;
  tier: string;
  /**
   * Watched folders and the clipboard poller set this: an image already uploaded (same bytes, same
   * destination) is not uploaded again. Explicit uploads only skip a duplicate that is still pending.
   */
  skipIfUploaded?: boolean;
}

export interface QueueHooks {
  /** Any change; `listChanged` when a job appeared, changed state or disappeared (not mere progress). */
  onChange?(job: JobInfo, listChanged: boolean): void;
  onDone?(job: JobInfo, entry: HistoryEntry): void;
  onFailed?(job: JobInfo): void;
  /** A job was dismissed: it is gone from the list and from disk. */
  onRemoved?(id: string): void;
  /**
   * For a job found interrupted mid-attempt at start: the history entry its attempt recorded, if the
   * upload finished but the "done" write did not. Such a job is marked done instead of sent again.
   */
  findRecorded?(job: StoredJob): string | undefined;
}

export interface QueueOptions {
  store: JobStore;
  run: UploadRunner;
  concurrency?: number;
  backoff?: BackoffPolicy;
  hooks?: QueueHooks;
  /** Done and cancelled jobs older than this are pruned at start. Failed jobs stay until retried. */
  keepFinishedMs?: number;
  random?: () => number;
}

const PENDING: ReadonlySet<JobInfo['state']> = new Set([
  'queued',
  'running',
  'waiting-retry',
  'awaiting-payment',
]);

export function isPending(job: JobInfo): boolean {
  return PENDING.has(job.state);
}

export function newJobId(now = Date.now()): string {
  return `j${now.toString(36)}-${randomBytes(6).toString('hex')}`;
}

/** What the UI sees of a stored job: the internal bookkeeping fields stay here. */
function toInfo(job: StoredJob): JobInfo {
  const { inputHash: _hash, inputBytes: _bytes, ...info } = job;
  return { ...info };
}

export class UploadQueue {
  private readonly jobs = new Map<string, StoredJob>();
  private readonly running = new Map<
    string,
    { controller: AbortController; cancelled: boolean; done: Promise<void> }
  >();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Jobs whose link reached the clipboard before their "done" state was written. */
  private readonly copiedBeforeDone = new Set<string>();
  /** Per-job chain of writes, so two state changes of one job reach the disk in order. */
  private readonly writes = new Map<string, Promise<void>>();
  /** Jobs whose first write is still under way: known (for duplicates) but not yet runnable. */
  private readonly persisting = new Set<string>();
  /** Slots promised to jobs being added that start at once (see `add`). */
  private launching = 0;
  private readonly concurrency: number;
  private readonly backoff: BackoffPolicy;
  private readonly hooks: QueueHooks;
  private started = false;
  private closed = false;

  constructor(private readonly options: QueueOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.hooks = options.hooks ?? {};
  }

  /** Loads the jobs on disk and resumes the pending ones. Returns problems worth telling the user. */
  async start(): Promise<string[]> {
    const { jobs, problems } = await this.options.store.load();
    const keepUntil = Date.now() - (this.options.keepFinishedMs ?? 7 * 24 * 3600_000);
    for (const job of jobs) {
      if ((job.state === 'done' || job.state === 'cancelled') && Date.parse(job.updatedAt) < keepUntil) {
        await this.options.store.remove(job.id);
        continue;
      }
      this.jobs.set(job.id, job);
      // Interrupted mid-attempt (crash, kill, quit): its state was written before the request, so
      // it is known to be unfinished; it goes again. Done jobs are never run again.
      if (job.state === 'running' || job.state === 'awaiting-payment') {
        const recorded = this.hooks.findRecorded?.(job);
        await this.commit(job, (next) => {
          next.state = recorded ? 'done' : 'queued';
          if (recorded) next.historyId = recorded;
        });
        if (recorded) await this.options.store.dropBytes(job.id).catch(() => {});
      }
      if (job.state === 'waiting-retry') this.scheduleRetry(job);
    }
    this.started = true;
    this.pump();
    return problems;
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map(toInfo);
  }

  get(id: string): JobInfo | undefined {
    const job = this.jobs.get(id);
    return job && toInfo(job);
  }

  /** Persists the job (bytes, then state) and only then lets it run. */
  async add(request: NewJob): Promise<JobInfo> {
    if (this.closed)
      throw new ShotlinkError('internal', 'Shotlink is shutting down; try again after it restarts.');
    const inputHash = hashBytes(request.bytes);
    const duplicate = [...this.jobs.values()].find(
      (job) =>
        job.inputHash === inputHash &&
        job.provider === request.provider &&
        job.tier === request.tier &&
        (isPending(job) || (request.skipIfUploaded === true && job.state === 'done')),
    );
    if (duplicate) return toInfo(duplicate);

    const now = new Date().toISOString();
    const job: StoredJob = {
      id: newJobId(),
      fileName: request.fileName,
      source: request.source,
      provider: request.provider,
      tier: request.tier,
      state: 'queued',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
      inputHash,
      inputBytes: request.bytes.byteLength,
    };
    // Registered before the awaits so a second identical add while this one is being written is
    // recognised as a duplicate, but not runnable until it is on disk.
    this.jobs.set(job.id, job);
    this.persisting.add(job.id);
    // A free slot and nobody queued ahead: the job's first state on disk is its first attempt, one
    // write instead of two on the way from a new screenshot to its link.
    const startNow = this.started && this.hasFreeSlot() && !this.nextQueued();
    const first: StoredJob = startNow ? { ...job, state: 'running', attempts: 1 } : job;
    if (startNow) this.launching++;
    try {
      await this.options.store.create(first, request.bytes);
    } catch (error) {
      this.jobs.delete(job.id);
      await this.options.store.remove(job.id).catch(() => {});
      throw new ShotlinkError(
        'internal',
        `Could not save the upload to the queue: ${(error as Error).message}`,
      );
    } finally {
      this.persisting.delete(job.id);
      if (startNow) this.launching--;
    }
    if (startNow && !this.closed) {
      Object.assign(job, first, { progress: 0 });
      this.changed(job, true);
      this.launch(job, { bytes: request.bytes, committed: true });
    } else {
      this.changed(job, true);
      this.pump();
    }
    return toInfo(job);
  }

  /** Runs a failed, cancelled or waiting job again now. */
  async retry(id: string): Promise<JobInfo> {
    const job = this.require(id);
    if (job.state === 'done') throw new ShotlinkError('usage', `${job.fileName} is already uploaded.`);
    if (job.state === 'failed' || job.state === 'cancelled' || job.state === 'waiting-retry') {
      this.clearTimer(id);
      await this.commit(job, (next) => {
        next.state = 'queued';
        next.attempts = 0;
        delete next.nextAttemptAt;
      });
      this.changed(job, true);
      this.pump();
    }
    return toInfo(job);
  }

  async cancel(id: string): Promise<JobInfo> {
    const job = this.require(id);
    const active = this.running.get(id);
    if (active) {
      active.cancelled = true;
      active.controller.abort(new ShotlinkError('usage', 'Cancelled.'));
      await active.done;
      return toInfo(job);
    }
    if (job.state === 'queued' || job.state === 'waiting-retry' || job.state === 'failed') {
      this.clearTimer(id);
      await this.commit(job, (next) => {
        next.state = 'cancelled';
        delete next.nextAttemptAt;
      });
      this.changed(job, true);
    }
    return toInfo(job);
  }

  /** Records that the done job's link reached the clipboard, so the window can say so truthfully. */
  async noteLinkCopied(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (!job) return;
    // Delivery starts before "done" is on disk (see attempt): remember it for when it is.
    if (job.state !== 'done') return void this.copiedBeforeDone.add(id);
    await this.commit(job, (next) => {
      next.linkCopied = true;
    });
    this.changed(job, false);
  }

  /**
   * Forgets a job that is over (done, failed, declined or cancelled) and deletes its image copy: what
   * a person does with a failure they do not want to retry. A job still in progress is cancelled first.
   */
  async dismiss(id: string): Promise<void> {
    const job = this.require(id);
    if (isPending(job)) {
      throw new ShotlinkError('usage', `${job.fileName} is still in progress: cancel it first.`);
    }
    this.clearTimer(id);
    this.jobs.delete(id);
    await this.writes.get(id)?.catch(() => {});
    this.writes.delete(id);
    await this.options.store.remove(id);
    this.hooks.onRemoved?.(id);
  }

  /** A paid upload waiting for the user's yes or no shows as such; not persisted (a restart asks again). */
  setAwaitingPayment(id: string, waiting: boolean): void {
    const job = this.jobs.get(id);
    if (!job || !this.running.has(id)) return;
    job.state = waiting ? 'awaiting-payment' : 'running';
    job.updatedAt = new Date().toISOString();
    this.changed(job, true);
  }

  /** Stops starting jobs, interrupts running ones (they resume at the next start) and waits for the disk. */
  async close(): Promise<void> {
    this.closed = true;
    for (const id of [...this.timers.keys()]) this.clearTimer(id);
    const running = [...this.running.values()];
    for (const active of running)
      active.controller.abort(new ShotlinkError('internal', 'Shotlink is shutting down.'));
    await Promise.allSettled(running.map((active) => active.done));
    await Promise.allSettled([...this.writes.values()]);
  }

  /** Resolves when no job is queued, running or waiting (tests and the CLI use it). */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (![...this.jobs.values()].some(isPending)) {
          clearInterval(timer);
          resolve();
        }
      };
      const timer = setInterval(check, 20);
      check();
    });
  }

  private require(id: string): StoredJob {
    const job = this.jobs.get(id);
    if (!job)
      throw new ShotlinkError('usage', `There is no upload job "${id}" (it may have been cleaned up).`);
    return job;
  }

  private hasFreeSlot(): boolean {
    return !this.closed && this.running.size + this.launching < this.concurrency;
  }

  private nextQueued(): StoredJob | undefined {
    for (const job of this.jobs.values()) {
      if (job.state === 'queued' && !this.running.has(job.id) && !this.persisting.has(job.id)) return job;
    }
    return undefined;
  }

  private pump(): void {
    if (!this.started) return;
    while (this.hasFreeSlot()) {
      const next = this.nextQueued();
      if (!next) return;
      this.launch(next, { committed: false });
    }
  }

  /** Runs one attempt in a slot; `committed` when its running state is already on disk (see `add`). */
  private launch(job: StoredJob, first: { bytes?: Uint8Array; committed: boolean }): void {
    const controller = new AbortController();
    const active = { controller, cancelled: false, done: Promise.resolve() };
    this.running.set(job.id, active);
    active.done = this.attempt(job, active, first)
      .catch((error: unknown) => {
        // Only the queue's own writes can land here (the disk refused the state): nothing was sent.
        job.state = 'failed';
        job.error = serializeError(error);
        this.changed(job, true);
        this.hooks.onFailed?.(toInfo(job));
      })
      .finally(() => {
        this.running.delete(job.id);
        this.pump();
      });
  }

  private async attempt(
    job: StoredJob,
    active: { controller: AbortController; cancelled: boolean },
    first: { bytes?: Uint8Array; committed: boolean },
  ): Promise<void> {
    if (!first.committed) {
      // Written before the request: after a crash this job is known to be unfinished, never "maybe done".
      await this.commit(job, (next) => {
        next.state = 'running';
        next.attempts += 1;
        next.progress = 0;
        delete next.error;
        delete next.nextAttemptAt;
      });
      this.changed(job, true);
    }

    let entry: HistoryEntry;
    try {
      // A job added a moment ago still has its bytes in hand; a resumed or retried one reads its copy.
      const bytes =
        first.bytes ??
        (await this.options.store.readBytes(job.id).catch((error: NodeJS.ErrnoException) => {
          throw new ShotlinkError(
            'input',
            `The queued copy of ${job.fileName} is missing (${error.code ?? error.message}); add the file again.`,
          );
        }));
      active.controller.signal.throwIfAborted();
      entry = await this.options.run({
        job: toInfo(job),
        bytes,
        signal: active.controller.signal,
        onProgress: (progress) => {
          if (job.state !== 'running') return;
          job.progress = progress;
          this.changed(job, false);
        },
      });
    } catch (error) {
      await this.settleFailure(job, error, active.cancelled);
      return;
    }

    // The link goes out first: the upload is in history already, and a crash before the next write is
    // recognised at restart (findRecorded), so delivering does not wait for the disk.
    const { progress: _progress, error: _error, ...info } = toInfo(job);
    this.hooks.onDone?.({ ...info, state: 'done', historyId: entry.id }, entry);
    // Written after the request: from here on the job is never sent again.
    await this.commit(job, (next) => {
      next.state = 'done';
      next.historyId = entry.id;
      if (entry.fitNote) next.fitNote = entry.fitNote;
      delete next.error;
    });
    this.changed(job, true);
    // The link may have reached the clipboard while "done" was being written.
    if (this.copiedBeforeDone.delete(job.id)) await this.noteLinkCopied(job.id);
    this.hostIsBack(job.provider);
    await this.options.store.dropBytes(job.id).catch(() => {});
  }

  private async settleFailure(job: StoredJob, error: unknown, cancelled: boolean): Promise<void> {
    if (this.closed && !cancelled) {
      // Shutting down: not the job's fault; it resumes at the next start.
      await this.commit(job, (next) => {
        next.state = 'queued';
        next.attempts = Math.max(0, next.attempts - 1);
      });
      return;
    }
    await this.commit(job, (next) => {
      if (cancelled) {
        next.state = 'cancelled';
        next.error = { kind: 'usage', message: 'Cancelled.', retryable: false };
        return;
      }
      const reason = serializeError(error);
      next.error = reason;
      if (reason.retryable && next.attempts < this.backoff.maxAttempts) {
        const delay = retryDelayMs(
          next.attempts,
          reason.retryAfterSeconds,
          this.backoff,
          this.options.random,
        );
        next.state = 'waiting-retry';
        next.nextAttemptAt = new Date(Date.now() + delay).toISOString();
      } else {
        next.state = 'failed';
        if (reason.retryable) {
          next.error = { ...reason, message: `Gave up after ${next.attempts} attempts: ${reason.message}` };
        }
      }
    });
    if (job.state === 'waiting-retry') this.scheduleRetry(job);
    this.changed(job, true);
    if (job.state === 'failed') this.hooks.onFailed?.(toInfo(job));
  }

  private scheduleRetry(job: StoredJob): void {
    this.clearTimer(job.id);
    const delay = Math.max(0, Date.parse(job.nextAttemptAt ?? '') - Date.now() || 0);
    const timer = setTimeout(() => {
      this.timers.delete(job.id);
      if (job.state !== 'waiting-retry') return;
      job.state = 'queued';
      delete job.nextAttemptAt;
      this.changed(job, true);
      this.pump();
    }, delay);
    timer.unref();
    this.timers.set(job.id, timer);
  }

  /** One success proves the host reachable again: jobs waiting on it go now instead of sleeping on. */
  private hostIsBack(provider: string): void {
    for (const job of this.jobs.values()) {
      if (job.state !== 'waiting-retry' || job.provider !== provider) continue;
      // Only jobs that failed on reachability, not ones the host asked to wait (rate limits).
      if (job.error?.retryAfterSeconds !== undefined) continue;
      this.clearTimer(job.id);
      job.state = 'queued';
      delete job.nextAttemptAt;
      this.changed(job, true);
    }
    this.pump();
  }

  private clearTimer(id: string): void {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
  }

  /**
   * Writes the job's next state to disk and only then makes it the state everyone sees, so what the
   * UI shows (and what a hook acts on) is always what a restart would find.
   */
  private async commit(job: StoredJob, update: (next: StoredJob) => void): Promise<void> {
    const next: StoredJob = { ...job, updatedAt: new Date().toISOString() };
    delete next.progress;
    update(next);
    await this.persist(next);
    for (const key of Object.keys(job) as (keyof StoredJob)[]) if (!(key in next)) delete job[key];
    Object.assign(job, next);
  }

  private persist(job: StoredJob): Promise<void> {
    const snapshot: StoredJob = { ...job };
    delete snapshot.progress;
    const previous = this.writes.get(job.id) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => this.options.store.save(snapshot));
    this.writes.set(job.id, next);
    return next;
  }

  private changed(job: StoredJob, listChanged: boolean): void {
    this.hooks.onChange?.(toInfo(job), listChanged);
  }
}
