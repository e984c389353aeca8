// Benchmark of a paid img402 token (run: `npx tsx bench/payments.ts`).
//
// What Shotlink adds on top of the x402 reference client when it buys a token: the spend policy, the
// ledger written (fsync) after signing and again when the token arrives, and the per-request timeouts.
// Baseline: the bare `@x402/fetch` client (no policy, no ledger) against the same local x402 v2 server
// (official express middleware, in-process facilitator verifying and settling the signature) in the same
// run. Also: reusing a token already bought for the same upload (a ledger read, no network).
// Options: BENCH_RUNS (default 40) purchases per figure.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { wrapFetchWithPayment, x402Client } from '@x402/fetch';
import { ExactEvmScheme } from '@x402/evm/exact/client';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { BUILTIN_PROVIDERS, findTier } from '../src-shared/catalog.ts';
import { NETWORKS } from '../src-main/core/payments/networks.ts';
import { createPaymentsService } from '../src-main/core/payments/payments-service.ts';
import { createWallet, WALLET_SECRET_ACCOUNT } from '../src-main/core/payments/wallet.ts';
import { createMemoryStore } from '../src-main/core/secrets/memory-store.ts';
import { createSettingsStore } from '../src-main/core/store/settings-store.ts';
import { startFakeX402V2 } from '../test/support/fake-x402-v2.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);

async function main(): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), 'shotlink-bench-pay-'));
  const host = await startFakeX402V2();
  try {
    const key = generatePrivateKey();
    const account = privateKeyToAccount(key);
    host.chain.fund(NETWORKS.base.usdc, account.address, 1_000_000_000n);
    const settings = createSettingsStore(home, {});
    settings.set({
      hosts: { img402Url: host.url },
      payments: { askBeforePaying: false, dailyCapUsdc: '1000' },
    });
    const payments = createPaymentsService({
      home,
      settings,
      wallet: createWallet({
        secrets: createMemoryStore({ [WALLET_SECRET_ACCOUNT]: key }),
        env: {},
        network: () => 'base',
      }),
    });
    const tier = findTier(BUILTIN_PROVIDERS, 'img402', '1y')!;
    const bare = wrapFetchWithPayment(
      fetch,
      new x402Client().register('eip155:8453', new ExactEvmScheme(account)),
    );
    const url = `${host.url}/api/upload/token`;

    let n = 0;
    const shotlink = () =>
      payments.tokenFor({ provider: 'img402', tier, uploadKey: `bench-${n++}`, fileName: 'b.png' });
    const baseline = async () => {
      const response = await bare(url, { method: 'POST' });
      if (!response.ok) throw new Error(`baseline: HTTP ${response.status}`);
      await response.json();
    };
    const reuse = () =>
      payments.tokenFor({ provider: 'img402', tier, uploadKey: 'bench-0', fileName: 'b.png' });

    // Warm-up (JIT, connections), then alternating rounds so that load from elsewhere hits both alike.
    for (let i = 0; i < 5; i++) await Promise.all([shotlink(), baseline()].map((p) => p.then(() => {})));
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await time(shotlink));
      theirs.push(await time(baseline));
    }
    const reused: number[] = [];
    for (let i = 0; i < RUNS; i++) reused.push(await time(reuse));

    console.log(`Buying a 1-year token over x402 v2 on loopback, ${RUNS} runs each (ms):\n`);
    console.log('                                  median     p90     max');
    row('bare @x402/fetch (baseline)', theirs);
    row('Shotlink tokenFor (policy+ledger)', ours);
    row('Shotlink reuse of a bought token', reused);
    console.log(
      `\nOverhead over the baseline: ${(median(ours) - median(theirs)).toFixed(1)} ms per purchase (median), ` +
        `${host.chain.transfers.length} payments settled in total.`,
    );
  } finally {
    await host.close();
    await rm(home, { recursive: true, force: true });
  }
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)]!;
const p90 = (values: number[]) => sorted(values)[Math.floor(values.length * 0.9)]!;

function row(label: string, values: number[]): void {
  const cells = [median(values), p90(values), Math.max(...values)].map((v) => v.toFixed(1).padStart(7));
  console.log(`${label.padEnd(34)}${cells.join(' ')}`);
}

await main();
