// The upload queue through the real service and the fake img402 on loopback: failures that pass are
// retried (honouring Retry-After), failures that cannot pass stop with their reason, concurrency is
// bounded, and retry/cancel work per job.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src-shared/history.ts';
import { retryDelayMs } from '../../src-main/core/queue/backoff.ts';
import { createAppService } from '../../src-main/core/service.ts';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import { cleanEnv, startTestService, type TestService } from '../support/test-service.ts';
import { distinctPng } from '../support/test-images.ts';
import { allSettled, jobsIn, until } from './helpers.ts';

let t: TestService | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function files(count: number, first = 0): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const path = join(t!.home, `shot-${first + i}.png`);
      await writeFile(path, await distinctPng(100 + first + i));
      return path;
    }),
  );
}

describe('backoff', () => {
  it('grows exponentially with jitter, is capped, and never undercuts the host', () => {
    const policy = { baseMs: 1000, maxMs: 10_000, maxAttempts: 5 };
    expect(retryDelayMs(1, undefined, policy, () => 0.5)).toBe(1000);
    expect(retryDelayMs(3, undefined, policy, () => 0.5)).toBe(4000);
    expect(retryDelayMs(9, undefined, policy, () => 0.5)).toBe(10_000);
    expect(retryDelayMs(1, undefined, policy, () => 0)).toBe(800);
    expect(retryDelayMs(1, undefined, policy, () => 1)).toBe(1200);
    expect(retryDelayMs(1, 30, policy, () => 1)).toBe(30_000);
  });
});

describe('upload queue', () => {
  it('writes the job and a copy of the bytes under SHOTLINK_HOME before anything is sent', async () => {
    t = await startTestService({ bridge: false });
    t.img402.failNext('hang');
    const [path] = await files(1);
    const [job] = await t.service.dispatch.api.uploadFiles([path!]);
    await until(t.service, () => t!.img402.requests.some((r) => r.method === 'POST'), 'the request');
    const queueDir = join(t.home, 'queue');
    expect((await readdir(queueDir)).sort()).toEqual([`${job!.id}.img`, `${job!.id}.json`]);
    expect(await readFile(join(queueDir, `${job!.id}.img`))).toEqual(await readFile(path!));
    // The state on disk says an attempt is under way: a crash now is known to be unfinished.
    expect(JSON.parse(await readFile(join(queueDir, `${job!.id}.json`), 'utf8'))).toMatchObject({
      state: 'running',
      attempts: 1,
    });
  });

  it('rides out a host that is down for a while, then uploads each job once', async () => {
    t = await startTestService({ bridge: false });
    // Connection resets, a 503 and an HTML error page: all failures that pass.
    t.img402.failNext('reset', { times: 2 });
    t.img402.failNext({ status: 503, body: { error: 'upload_failed' } });
    t.img402.failNext('html');
    const seen = new Set<JobInfo['state']>();
    t.service.events.on('job', (job) => seen.add(job.state));
    await t.service.dispatch.api.uploadFiles(await files(3));
    const jobs = await allSettled(t.service, 3);
    expect(jobs.map((job) => job.state)).toEqual(['done', 'done', 'done']);
    expect(seen.has('waiting-retry')).toBe(true);
    expect(jobs.reduce((sum, job) => sum + job.attempts, 0)).toBe(3 + 4);
    expect(t.img402.uploads).toHaveLength(3);
  });

  it('waits at least as long as the host asks (Retry-After) and shows why', async () => {
    t = await startTestService({ bridge: false });
    t.img402.failNext({ status: 429, body: { error: 'daily_limit' }, headers: { 'retry-after': '3600' } });
    const [job] = await t.service.dispatch.api.uploadFiles(await files(1));
    const waiting = await until(t.service, () => jobsIn(t!.service, 'waiting-retry')[0], 'waiting-retry');
    expect(waiting.error).toMatchObject({ kind: 'host', retryable: true, retryAfterSeconds: 3600 });
    expect(waiting.error!.message).toMatch(/daily limit/);
    expect(Date.parse(waiting.nextAttemptAt!) - Date.parse(waiting.updatedAt)).toBeGreaterThanOrEqual(
      3600_000,
    );
    // The user need not wait: retry now.
    await t.service.dispatch.api.retryJob(job!.id);
    const [done] = await allSettled(t.service, 1);
    expect(done).toMatchObject({ state: 'done' });
    expect(t.img402.uploads).toHaveLength(1);
  });

  it('stops a failure that cannot pass with its message, and retries it on request', async () => {
    t = await startTestService({ bridge: false });
    t.img402.failNext({ status: 400, body: { error: 'unsupported_format' } });
    const [job] = await t.service.dispatch.api.uploadFiles(await files(1));
    const [failed] = await allSettled(t.service, 1);
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, error: { retryable: false } });
    expect(t.notifier.notifications.at(-1)).toMatchObject({ level: 'error' });
    await t.service.dispatch.api.retryJob(job!.id);
    await until(t.service, () => t!.service.queue.get(job!.id)?.state === 'done', 'done after retry');
    expect(t.img402.uploads).toHaveLength(1);
    const again = await t.service.dispatch.call('retryJob', [job!.id]);
    expect(again).toMatchObject({
      ok: false,
      error: { kind: 'usage', message: expect.stringMatching(/already uploaded/) },
    });
  });

  it('gives up after the attempt limit with the last reason, keeping the job for a manual retry', async () => {
    t = await startTestService({
      bridge: false,
      service: { backoff: { baseMs: 10, maxMs: 20, maxAttempts: 3 } },
    });
    t.img402.failNext({ status: 502 }, { times: 3 });
    await t.service.dispatch.api.uploadFiles(await files(1));
    const [failed] = await allSettled(t.service, 1);
    expect(failed).toMatchObject({ state: 'failed', attempts: 3 });
    expect(failed!.error!.message).toMatch(/^Gave up after 3 attempts: .*HTTP 502/);
  });

  it('cancels a running upload and a queued one; cancelled jobs can be retried', async () => {
    t = await startTestService({ bridge: false, service: { concurrency: 1 } });
    t.img402.failNext('hang');
    const [first, second] = await t.service.dispatch.api.uploadFiles(await files(2));
    // In flight at the host (the request hangs there), not merely optimizing.
    await until(t.service, () => t!.img402.requests.some((r) => r.method === 'POST'), 'first request');
    expect(t.service.queue.get(first!.id)?.state).toBe('running');
    expect(await t.service.dispatch.api.cancelJob(second!.id)).toMatchObject({ state: 'cancelled' });
    const cancelled = await t.service.dispatch.api.cancelJob(first!.id);
    expect(cancelled).toMatchObject({ state: 'cancelled', error: { message: 'Cancelled.' } });
    expect(t.img402.uploads).toHaveLength(0);
    await t.service.dispatch.api.retryJob(second!.id);
    await until(t.service, () => t!.service.queue.get(second!.id)?.state === 'done', 'second done');
    expect(t.service.queue.get(first!.id)?.state).toBe('cancelled');
    expect(t.img402.uploads).toHaveLength(1);
  });

  it('runs at most `concurrency` uploads at once', async () => {
    t = await startTestService({ bridge: false, service: { concurrency: 2 } });
    t.img402.delay(150);
    let most = 0;
    t.service.events.on('jobs', (jobs) => {
      most = Math.max(most, jobs.filter((job) => job.state === 'running').length);
    });
    await t.service.dispatch.api.uploadFiles(await files(5));
    await allSettled(t.service, 5);
    expect(most).toBe(2);
    expect(t.img402.uploads).toHaveLength(5);
  });

  it('does not queue the same image twice while the first is pending', async () => {
    t = await startTestService({ bridge: false });
    t.img402.failNext('hang');
    const [path] = await files(1);
    const [a] = await t.service.dispatch.api.uploadFiles([path!]);
    const [b] = await t.service.dispatch.api.uploadFiles([path!]);
    expect(b!.id).toBe(a!.id);
    expect(t.service.queue.list()).toHaveLength(1);
  });

  it('after a crash between recording the upload and writing "done", restarts without sending it again', async () => {
    t = await startTestService({ bridge: false });
    const [job] = await t.service.dispatch.api.uploadFiles(await files(1));
    await allSettled(t.service, 1);
    expect(t.img402.uploads).toHaveLength(1);
    const [entry] = t.service.core.history.list();
    await t.service.close();

    // What a crash right after the pipeline recorded the upload leaves: the job still "running" from
    // before the request, its bytes still there, the history entry already written.
    const jobFile = join(t.home, 'queue', `${job!.id}.json`);
    const stored = JSON.parse(await readFile(jobFile, 'utf8'));
    const startedAt = new Date(Date.parse(entry!.uploadedAt) - 1000).toISOString();
    await writeFile(
      jobFile,
      JSON.stringify({ ...stored, state: 'running', historyId: undefined, updatedAt: startedAt }),
    );
    await writeFile(join(t.home, 'queue', `${job!.id}.img`), await distinctPng(100));

    const again = createAppService({
      home: t.home,
      env: cleanEnv({ SHOTLINK_HOME: t.home }),
      secrets: createMemoryStore(),
      clipboard: t.clipboard,
      notifier: t.notifier,
      screenshotFolder: null,
    });
    try {
      await again.start();
      expect(again.queue.get(job!.id)).toMatchObject({ state: 'done', historyId: entry!.id });
      await again.queue.idle();
      expect(t.img402.uploads).toHaveLength(1);
      expect(await readdir(join(t.home, 'queue'))).toEqual([`${job!.id}.json`]);
    } finally {
      await again.close();
    }
  });
});
