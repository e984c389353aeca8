// Exactly once through crashes: the service runs in a child process that kills itself with SIGKILL at
// one step boundary after the host answered (the answer saved, the thumbnail made, the history written;
// see core/util/failpoint.ts), then a new process on the same data folder finishes the work. For N jobs
// the host sees N uploads, the chain N payments, and history N entries, whatever the step.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src-shared/history.ts';
import { createCore } from '../../src-main/core/create-core.ts';
import { NETWORKS } from '../../src-main/core/payments/networks.ts';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import type { FailpointName } from '../../src-main/core/util/failpoint.ts';
import { startFakeImg402, type FakeImg402 } from '../support/fake-img402.ts';
import { startFakeX402V2, type FakeX402Host } from '../support/fake-x402-v2.ts';
import { distinctPng } from '../support/test-images.ts';
import { count, startChild, type Child } from './child-process.ts';

const JOBS = 3;
const STEPS: FailpointName[] = ['after-answer', 'after-thumbnail', 'after-record'];

let home: string | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  if (home) await rm(home, { recursive: true, force: true });
});

const exited = (child: Child) =>
  new Promise<string | null>((resolve) => child.process.once('exit', (_code, signal) => resolve(signal)));

async function setUp(
  paid: boolean,
): Promise<{ env: Record<string, string>; files: string[]; host: FakeImg402; x402?: FakeX402Host }> {
  home = await mkdtemp(join(tmpdir(), 'shotlink-kill-'));
  const data = join(home, 'data');
  const files = await Promise.all(
    Array.from({ length: JOBS }, async (_, i) => {
      const path = join(home!, `shot-${i}.png`);
      await writeFile(path, await distinctPng(300 + i + (paid ? 50 : 0)));
      return path;
    }),
  );
  // One upload at a time: at the kill, the only request in flight is the one at the failpoint.
  const env: Record<string, string> = { SHOTLINK_HOME: data, CHILD_BACKOFF_MS: '50', CHILD_CONCURRENCY: '1' };
  if (!paid) {
    const host = await startFakeImg402();
    closers.push(() => host.close());
    return { env: { ...env, SHOTLINK_IMG402_URL: host.url }, files, host };
  }
  const key = generatePrivateKey();
  const x402 = await startFakeX402V2();
  closers.push(() => x402.close());
  x402.chain.fund(NETWORKS.base.usdc, privateKeyToAccount(key).address, 5_000_000n);
  // Paid without asking (auto-approve): the case where a crash used to pay twice with no question.
  createCore({ home: data, env: {}, secrets: createMemoryStore() }).settings.set({
    provider: 'img402',
    tier: '1y',
    payments: { askBeforePaying: false, autoApproveUpToUsdc: '0.01', dailyCapUsdc: '1' },
  });
  return {
    env: { ...env, SHOTLINK_IMG402_URL: x402.url, SHOTLINK_WALLET_KEY: key },
    files,
    host: x402.img402,
    x402,
  };
}

describe('SIGKILL at each step after the host answered', { timeout: 120_000 }, () => {
  for (const paid of [false, true]) {
    for (const step of STEPS) {
      it(`${paid ? 'paid' : 'free'}, killed ${step}: ${JOBS} jobs, ${JOBS} uploads${paid ? `, ${JOBS} payments` : ''}, ${JOBS} history entries`, async () => {
        const { env, files, host, x402 } = await setUp(paid);

        // Every life of the process with the failpoint set dies at it, one job further each time.
        // The files are queued before its queue starts, so all are on disk when the first job dies.
        const doomed = startChild({ ...env, SHOTLINK_FAILPOINT: step, CHILD_ENQUEUE: JSON.stringify(files) });
        expect(await exited(doomed)).toBe('SIGKILL');
        expect(host.uploads).toHaveLength(1); // the host has the first image; the process never recorded it fully

        const healthy = startChild(env);
        await healthy.ready;
        await healthy.until((jobs) => jobs.length === JOBS && count(jobs, 'done') === JOBS, 'every job done');

        expect(host.uploads).toHaveLength(JOBS);
        if (x402) {
          expect(x402.sales).toHaveLength(JOBS);
          expect(x402.chain.transfers).toHaveLength(JOBS);
        }
        const history = (await healthy.call('listHistory', {})).value as HistoryEntry[];
        expect(history.map((entry) => entry.fileName).sort()).toEqual(files.map((_, i) => `shot-${i}.png`));
        expect(new Set(history.map((entry) => entry.url)).size).toBe(JOBS);
        if (x402) {
          const payments = (await healthy.call('listPayments')).value as { usedAt: string | null }[];
          expect(payments).toHaveLength(JOBS);
          expect(payments.every((payment) => payment.usedAt !== null)).toBe(true);
        }
        // Nothing left half-done: no saved answer waits, no image copy stays in the queue.
        expect(await readdir(join(env.SHOTLINK_HOME!, 'answers')).catch(() => [])).toEqual([]);
        // (A copy is deleted just after "done" is written: wait for that rather than race it.)
        const copies = async () =>
          (await readdir(join(env.SHOTLINK_HOME!, 'queue'))).filter((name) => name.endsWith('.img'));
        await expect.poll(copies, { timeout: 5000 }).toEqual([]);
      });
    }
  }
});
