// A paid upload through the queue: the payment question is raised as an event and answered through
// the API, the job shows awaiting-payment meanwhile, and when the upload fails after paying the queue's
// retry reuses the token bought for that job (uploadKey = job id): one payment, one upload.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { JobInfo } from '../../src-shared/history.ts';
import { NETWORKS } from '../../src-main/core/payments/networks.ts';
import { startFakeX402V2, type FakeX402Host } from '../support/fake-x402-v2.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { distinctPng } from '../support/test-images.ts';
import { allSettled, until } from './helpers.ts';

let t: TestService | undefined;
let x402: FakeX402Host | undefined;
afterEach(async () => {
  await t?.close();
  await x402?.close();
  t = undefined;
  x402 = undefined;
});

async function paidService(watched: string[] = []): Promise<{ t: TestService; x402: FakeX402Host }> {
  const key = generatePrivateKey();
  const host = await startFakeX402V2();
  x402 = host;
  host.chain.fund(NETWORKS.base.usdc, privateKeyToAccount(key).address, 5_000_000n);
  t = await startTestService({
    bridge: false,
    env: { SHOTLINK_WALLET_KEY: key },
    settings: { provider: 'img402', tier: '1y', hosts: { img402Url: host.url }, watch: { folders: watched } },
  });
  return { t, x402: host };
}

describe('paid uploads through the queue', () => {
  it('asks, waits for the answer, and reuses the token when the upload after paying fails', async () => {
    const { t, x402 } = await paidService();
    const states = new Set<JobInfo['state']>();
    t.service.events.on('job', (job) => states.add(job.state));
    const questions: { requestId: string; jobId?: string }[] = [];
    t.service.events.on('payment-request', (request) => questions.push(request));
    // The upload right after the payment fails once (a 503 the queue retries).
    x402.img402.failNext({ status: 503, body: { error: 'upload_failed' } }, { path: '/api/upload' });

    const job = await t.service.dispatch.api.uploadBytes(
      'invoice.png',
      (await distinctPng(60)).toString('base64'),
    );
    const question = await until(t.service, () => questions[0], 'the payment question');
    expect(question.jobId).toBe(job.id);
    expect(t.service.queue.get(job.id)?.state).toBe('awaiting-payment');
    expect(await t.service.dispatch.api.listPaymentRequests()).toMatchObject([
      { requestId: question.requestId, amountAtomic: '10000', tier: '1y' },
    ]);
    await t.service.dispatch.api.answerPayment(question.requestId, true);

    const [done] = await allSettled(t.service, 1);
    expect(done).toMatchObject({ state: 'done', attempts: 2 });
    expect(states).toContain('waiting-retry');
    expect(x402.sales).toHaveLength(1);
    expect(questions).toHaveLength(1);
    expect(x402.img402.uploads).toHaveLength(1);
    const payments = await t.service.dispatch.api.listPayments();
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ uploadKey: job.id, usedAt: expect.any(String) });
  });

  it('a declined question fails the job with the reason and pays nothing', async () => {
    const { t, x402 } = await paidService();
    t.service.events.on('payment-request', (request) => {
      void t.service.dispatch.api.answerPayment(request.requestId, false);
    });
    await t.service.dispatch.api.uploadBytes('photo.png', (await distinctPng(61)).toString('base64'));
    const [failed] = await allSettled(t.service, 1);
    expect(failed).toMatchObject({ state: 'failed', error: { kind: 'payment', retryable: false } });
    expect(x402.paymentHeadersSeen()).toBe(0);
    expect(x402.img402.uploads).toHaveLength(0);
  });

  it('a declined job can be dismissed: gone from the list, its image copy deleted from the queue', async () => {
    const { t } = await paidService();
    t.service.events.on('payment-request', (request) => {
      void t.service.dispatch.api.answerPayment(request.requestId, false);
    });
    const job = await t.service.dispatch.api.uploadBytes(
      'no.png',
      (await distinctPng(63)).toString('base64'),
    );
    const [failed] = await allSettled(t.service, 1);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'payment_declined' } });
    expect(await readdir(join(t.home, 'queue'))).toContain(`${job.id}.img`);
    const lists: JobInfo[][] = [];
    t.service.events.on('jobs', (jobs) => lists.push(jobs));

    await t.service.dispatch.api.dismissJob(job.id);
    expect(await t.service.dispatch.api.listJobs()).toEqual([]);
    expect(lists.at(-1)).toEqual([]);
    expect((await readdir(join(t.home, 'queue'))).filter((name) => name.startsWith(job.id))).toEqual([]);
  });

  it('cancelling a job that waits for an answer declines the question', async () => {
    const { t, x402 } = await paidService();
    const closed: string[] = [];
    t.service.events.on('payment-request-closed', ({ requestId }) => closed.push(requestId));
    const job = await t.service.dispatch.api.uploadBytes(
      'later.png',
      (await distinctPng(62)).toString('base64'),
    );
    await until(
      t.service,
      () => t!.service.queue.get(job.id)?.state === 'awaiting-payment',
      'awaiting-payment',
    );
    expect(await t.service.dispatch.api.cancelJob(job.id)).toMatchObject({ state: 'cancelled' });
    expect(closed).toHaveLength(1);
    expect(await t.service.dispatch.api.listPaymentRequests()).toEqual([]);
    expect(x402.paymentHeadersSeen()).toBe(0);
  });

  it('quitting while a question is open keeps the job for the next start instead of failing it', async () => {
    // A watched folder makes shutting down take a while, as in the app.
    const { t, x402 } = await paidService([await mkdtemp(join(tmpdir(), 'shotlink-paid-watch-'))]);
    const job = await t.service.dispatch.api.uploadBytes(
      'quit.png',
      (await distinctPng(63)).toString('base64'),
    );
    await until(
      t.service,
      () => t.service.queue.get(job.id)?.state === 'awaiting-payment',
      'awaiting-payment',
    );
    await t.service.close();
    const stored = JSON.parse(await readFile(join(t.home, 'queue', `${job.id}.json`), 'utf8'));
    expect(stored).toMatchObject({ state: 'queued', attempts: 0 });
    expect(x402.paymentHeadersSeen()).toBe(0);
  });
});
