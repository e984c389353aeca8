// Killed at the instant the host stored the image: the Shotlink server has it, and the process that
// sent it dies (SIGKILL) before the answer arrives. A new process on the same data folder tries the
// queued job again with the same upload key; the server answers with the image it already has. For N
// jobs the server holds N images and history N entries (before Idempotency-Key: N + 1 images).
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src-shared/history.ts';
import { createCore } from '../../src-main/core/create-core.ts';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import { startTestServer } from '../server/helpers.ts';
import { cuttingRelay } from '../support/cutting-relay.ts';
import { distinctPng } from '../support/test-images.ts';
import { count, startChild, type Child } from './child-process.ts';

const JOBS = 3;
let home: string | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('SIGKILL the instant the Shotlink server stored the image', { timeout: 120_000 }, () => {
  for (const run of [1, 2]) {
    it(`run ${run}: ${JOBS} jobs, ${JOBS} images on the server, ${JOBS} history entries`, async () => {
      home = await mkdtemp(join(tmpdir(), 'shotlink-kill-stored-'));
      const data = join(home, 'data');
      const server = await startTestServer(join(home, 'server-home'));
      closers.push(() => server.close());
      const files = await Promise.all(
        Array.from({ length: JOBS }, async (_, i) => {
          const path = join(home!, `shot-${i}.png`);
          await writeFile(path, await distinctPng(400 + i + run * 10));
          return path;
        }),
      );
      const killed: { child?: Child } = {};
      const cut = await cuttingRelay(Number(new URL(server.url).port), {
        path: '/api/upload',
        onCut: () => killed.child!.process.kill('SIGKILL'), // the answer never reaches the client
      });
      closers.push(cut.close);
      const relay = cut.url;
      createCore({ home: data, env: {}, secrets: createMemoryStore() }).settings.set({
        provider: 'server',
        tier: 'default',
        hosts: { serverUrl: relay },
      });
      const env = {
        SHOTLINK_HOME: data,
        SHOTLINK_SERVER_TOKEN: server.token,
        CHILD_BACKOFF_MS: '50',
        CHILD_CONCURRENCY: '1',
      };
      const images = () => readdir(join(home!, 'server-home', 'server', 'images'));

      const doomed = (killed.child = startChild({ ...env, CHILD_ENQUEUE: JSON.stringify(files) }));
      await new Promise((resolve) => doomed.process.once('exit', resolve));
      expect(doomed.process.signalCode).toBe('SIGKILL');
      expect(await images()).toHaveLength(1); // stored; the client never heard

      const healthy = startChild(env);
      await healthy.ready;
      await healthy.until((jobs) => jobs.length === JOBS && count(jobs, 'done') === JOBS, 'every job done');
      expect(await images()).toHaveLength(JOBS); // 0 duplicates
      const history = (await healthy.call('listHistory', {})).value as HistoryEntry[];
      expect(history).toHaveLength(JOBS);
      expect(new Set(history.map((entry) => entry.url)).size).toBe(JOBS);
    });
  }
});
