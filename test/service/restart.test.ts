// Nothing lost, nothing sent twice: the service runs in a child process that is killed with SIGKILL
// while jobs are queued, waiting to retry and in flight; a new process on the same SHOTLINK_HOME
// finishes every job, and the fake host counts each image exactly once.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeImg402, type FakeImg402 } from '../support/fake-img402.ts';
import { distinctPng } from '../support/test-images.ts';
import { count, startChild } from './child-process.ts';

let host: FakeImg402 | undefined;
let home: string | undefined;
afterEach(async () => {
  await host?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('restart after SIGKILL', () => {
  it('finishes every job exactly once: done ones are not redone, queued, waiting and in-flight ones complete', async () => {
    home = await mkdtemp(join(tmpdir(), 'shotlink-restart-'));
    host = await startFakeImg402();
    const files = await Promise.all(
      Array.from({ length: 7 }, async (_, i) => {
        const path = join(home!, `shot-${i}.png`);
        await writeFile(path, await distinctPng(200 + i));
        return path;
      }),
    );
    const env = { SHOTLINK_HOME: join(home, 'data'), SHOTLINK_IMG402_URL: host.url };

    // First life: two uploads finish.
    const first = startChild({ ...env, CHILD_BACKOFF_MS: '600000' });
    await first.ready;
    expect((await first.call('uploadFiles', files.slice(0, 2))).ok).toBe(true);
    await first.until((jobs) => count(jobs, 'done') === 2, 'two done');

    // Then the host has trouble: two answers of 503 (those jobs wait ten minutes to retry), then two
    // requests that hang (in flight when the process dies); the fifth job is still queued.
    host.failNext({ status: 503, body: { error: 'upload_failed' } }, { times: 2 });
    host.failNext('hang', { times: 2 });
    expect((await first.call('uploadFiles', files.slice(2))).ok).toBe(true);
    await first.until(
      (jobs) =>
        count(jobs, 'waiting-retry') === 2 && count(jobs, 'running') === 2 && count(jobs, 'queued') === 1,
      'two waiting, two in flight, one queued',
    );
    const posts = () => host!.requests.filter((r) => r.method === 'POST').length;
    await new Promise<void>((resolve) => {
      const check = setInterval(() => posts() === 6 && (clearInterval(check), resolve()), 10);
    });
    first.process.kill('SIGKILL');
    await new Promise((resolve) => first.process.once('exit', resolve));
    expect(host.uploads).toHaveLength(2);

    // Second life, same home, host healthy: everything finishes, nothing twice.
    const second = startChild({ ...env, CHILD_BACKOFF_MS: '50' });
    const resumed = await second.ready;
    expect(resumed).toHaveLength(7);
    expect(count(resumed, 'done')).toBe(2);
    await second.until((jobs) => jobs.length === 7 && count(jobs, 'done') === 7, 'all seven done');

    expect(host.uploads).toHaveLength(7);
    const uploadedHashes = new Set(host.uploads.map((upload) => sha(upload.bytes)));
    expect(uploadedHashes.size).toBe(7);
    const history = (await second.call('listHistory', {})).value as { fileName: string }[];
    expect(history.map((entry) => entry.fileName).sort()).toEqual(files.map((_, i) => `shot-${i}.png`));
  });
});
