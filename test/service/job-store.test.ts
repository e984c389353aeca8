// The queue on disk: a damaged job file is set aside and reported, never deleted; leftovers of a crash
// mid-write (an image copy without its job, temp files) are cleaned up.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createJobStore, type StoredJob } from '../../src-main/core/queue/job-store.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const job = (id: string): StoredJob => ({
  id,
  fileName: 'a.png',
  source: 'file',
  provider: 'img402',
  tier: 'free',
  state: 'queued',
  attempts: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  inputHash: 'ab',
  inputBytes: 3,
});

describe('job store', () => {
  it('keeps good jobs, sets damaged ones aside with a message, and removes crash leftovers', async () => {
    dir = await mkdtemp(join(tmpdir(), 'shotlink-jobs-'));
    const store = createJobStore(dir);
    await store.create(job('j1-aa'), new Uint8Array([1, 2, 3]));
    await writeFile(join(dir, 'j2-bb.json'), '{"id": "j2-bb", "state": ');
    await writeFile(join(dir, 'j3-cc.img'), 'an image whose job was never written');
    await writeFile(join(dir, '.j4-dd.json.123abc.tmp'), 'half a write');

    const { jobs, problems } = await store.load();
    expect(jobs.map((j) => j.id)).toEqual(['j1-aa']);
    expect(await store.readBytes('j1-aa')).toEqual(new Uint8Array([1, 2, 3]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/j2-bb\.json could not be read.*kept as .*j2-bb\.json\.corrupt/);
    expect((await readdir(dir)).sort()).toEqual(['j1-aa.img', 'j1-aa.json', 'j2-bb.json.corrupt']);
  });
});
