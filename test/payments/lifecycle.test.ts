// One payment, one upload: what happens to a token between buying it and using it, and every reason
// Shotlink stops before signing (the daily cap, a declined or impossible confirmation).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { createPaymentsService } from '../../src-main/core/payments/payments-service.ts';
import { createSettingsStore } from '../../src-main/core/store/settings-store.ts';
import { startFakeImg402 } from '../support/fake-img402.ts';
import { createFakeChain } from '../support/fake-x402-chain.ts';
import { startFakeX402V1 } from '../support/fake-x402-v1.ts';
import { startFakeX402V2, type FakeX402Host } from '../support/fake-x402-v2.ts';
import { damagedLedgers, restoreDamagedLedgers } from '../../src-main/core/payments/damaged-ledger.ts';
import { screenshotPng } from '../cli/fixtures.ts';
import { runCli } from '../cli/run-cli.ts';
import { makeHarness, tier, type Harness } from './harness.ts';

// Runs of the `shotlink` command start tsx: seconds on a busy machine.
const SLOW_DAMAGE = { timeout: 120_000 };

let host: FakeX402Host | undefined;
let harness: Harness | undefined;

afterEach(async () => {
  harness?.cleanup();
  await host?.close();
  host = harness = undefined;
});

const buy = (h: Harness, uploadKey = 'upload-1', tierId: '1y' | 'permanent' = '1y') =>
  h.payments.tokenFor({ provider: 'img402', tier: tier(tierId), uploadKey, fileName: 'shot.png' });

async function failure(promise: Promise<unknown>): Promise<ShotlinkError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ShotlinkError);
  return error as ShotlinkError;
}

describe('a token bought for an upload', () => {
  it('is reused by the next try of the same upload while valid, and never bought twice', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host);
    const first = await buy(harness);
    const again = await buy(harness);
    expect(again).toEqual(first);
    expect(host.chain.transfers).toHaveLength(1);
    expect(harness.asked).toHaveLength(1);

    // Another upload is another payment.
    const other = await buy(harness, 'upload-2');
    expect(other.token).not.toBe(first.token);
    expect(host.chain.transfers).toHaveLength(2);
  });

  it('is bought once when two tries of one upload race', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host);
    const [a, b] = await Promise.all([buy(harness), buy(harness)]);
    expect(a).toEqual(b);
    expect(host.chain.transfers).toHaveLength(1);
  });

  it('is not reused once marked used', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host);
    const first = await buy(harness);
    harness.payments.markUsed('upload-1');
    expect(harness.payments.list()[0]!.usedAt).not.toBeNull();
    const second = await buy(harness);
    expect(second.token).not.toBe(first.token);
    expect(host.chain.transfers).toHaveLength(2);
  });

  it('is in the ledger file before the caller gets it', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host);
    const { token } = await buy(harness);
    const onDisk = JSON.parse(readFileSync(harness.payments.ledger.path, 'utf8')) as {
      payments: { token: string; signedPayment?: unknown }[];
    };
    expect(onDisk.payments).toHaveLength(1);
    expect(onDisk.payments[0]!.token).toBe(token);
    // Once the token is in, the replayable signed payment is dropped.
    expect(onDisk.payments[0]!.signedPayment).toBeUndefined();
  });

  it('refused by img402 at upload: not offered again; a new one only after asking', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host, { payments: { askBeforePaying: false } });
    const first = await buy(harness);
    harness.payments.tokenRejected!('upload-1');
    const second = await buy(harness);
    expect(second.token).not.toBe(first.token);
    expect(harness.asked).toHaveLength(1);
    expect(harness.asked[0]!.note).toMatch(/refused by img402 at upload/);
    expect(host.chain.transfers).toHaveLength(2);
  });

  it('expired unused: says so, asks again even when asking is off, and only then buys a new one', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host, {
      payments: { askBeforePaying: false, autoApproveUpToUsdc: '0.01' },
    });
    const first = await buy(harness);
    expect(harness.asked).toEqual([]); // within the auto-approve limit: no question the first time

    harness.advance(11 * 60_000); // img402 tokens last about 10 minutes
    harness.answer.value = false;
    const declined = await failure(buy(harness));
    expect(declined.message).toMatch(/declined.*Nothing was signed/);
    expect(harness.asked).toHaveLength(1);
    expect(harness.asked[0]!.note).toMatch(/expired before it could be used.*Paying again buys a new one/);
    expect(host.chain.transfers).toHaveLength(1);

    harness.answer.value = true;
    const second = await buy(harness);
    expect(second.token).not.toBe(first.token);
    expect(host.chain.transfers).toHaveLength(2);
    expect(harness.payments.list().map((p) => p.token)).toEqual([second.token, first.token]);
  });
});

describe('the ledger', () => {
  it('damaged: set aside and reported, and no payment is made until someone has looked', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host);
    writeFileSync(harness.payments.ledger.path, '{"payments": [ {"id": "half a record"');
    const error = await failure(buy(harness));
    expect(error.kind).toBe('payment');
    expect(error.code).toBe('ledger_damaged');
    expect(error.message).toMatch(
      /payments file .* was damaged .* moved to .*corrupt.* no payment is made until/,
    );
    expect(host.img402.requests).toEqual([]);
  });

  it('cannot be written: the signed payment is not sent', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host);
    const settings = createSettingsStore(harness.home, {});
    const payments = createPaymentsService({
      home: harness.home,
      settings,
      wallet: harness.wallet,
      // Between the question and the signature, the ledger file becomes impossible to write.
      confirmPayment: async () => {
        mkdirSync(payments.ledger.path);
        return true;
      },
    });
    const error = await failure(
      payments.tokenFor({ provider: 'img402', tier: tier('1y'), uploadKey: 'k', fileName: 'a.png' }),
    );
    expect(error.message).toMatch(/Could not record the payment, so it was not sent/);
    expect(host.paymentHeadersSeen()).toBe(0);
    expect(host.chain.transfers).toEqual([]);
  });

  it('a token that expired before an earlier successful upload of the same file is not a reason to ask', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host, { payments: { askBeforePaying: false } });
    await buy(harness);
    harness.advance(11 * 60_000); // expires unused
    harness.answer.value = true;
    await buy(harness); // asked (lapsed), bought
    harness.payments.markUsed('upload-1');
    expect(harness.asked).toHaveLength(1);
    harness.advance(60_000);
    await buy(harness); // the same file uploaded again later: an ordinary purchase
    expect(harness.asked).toHaveLength(1);
    expect(host.chain.transfers).toHaveLength(3);
  });
});

describe('a payment whose answer was lost', () => {
  it('is sent again as the same signed payment on the next try: one payment, one token', async () => {
    host = await startFakeX402V1();
    // The server settles the paid request, then the answer never reaches us (the connection drops).
    let dropPaidAnswer = true;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const response = await globalThis.fetch(input, init);
      const request = new Request(input, init);
      if (dropPaidAnswer && request.headers.has('X-PAYMENT'))
        throw new TypeError('fetch failed: socket hang up');
      return response;
    };
    harness = makeHarness(host, {}, { fetch });
    const lost = await failure(buy(harness));
    expect(lost.kind).toBe('host');
    expect(lost.retryable).toBe(true);
    expect(lost.message).toMatch(/signed and sent.*cannot be charged twice/);
    expect(host.chain.transfers).toHaveLength(1);
    expect(harness.payments.list()).toEqual([expect.objectContaining({ token: '', amountAtomic: '10000' })]);

    dropPaidAnswer = false;
    const { token } = await buy(harness);
    expect(token).toBe(host.sales[0]!.token);
    expect(host.sales).toHaveLength(1);
    expect(host.chain.transfers).toHaveLength(1);
    expect(harness.asked).toHaveLength(1); // the replay is the payment already approved
    expect(harness.payments.list()).toEqual([
      expect.objectContaining({ token, transaction: host.chain.transfers[0]!.transaction }),
    ]);
  });
});

describe('a token endpoint that does not answer', () => {
  it('times out as a retryable host error, with nothing signed', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host, { requestTimeoutSeconds: 1 });
    host.img402.failNext('hang', { path: '/api/upload/token' });
    const error = await failure(buy(harness));
    expect(error.kind).toBe('host');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/Could not reach img402 to buy an upload token/);
    expect(host.paymentHeadersSeen()).toBe(0);
    expect(harness.payments.list()).toEqual([]);
  });
});

describe('the spend policy before signing', () => {
  it('stops at the daily cap, counting every payment of the last 24 hours', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host, { payments: { dailyCapUsdc: '1.5' } });
    await buy(harness, 'a', 'permanent'); // 1.00
    const error = await failure(buy(harness, 'b', 'permanent')); // 2.00 > 1.5
    expect(error.kind).toBe('payment');
    expect(error.code).toBe('daily_cap');
    expect(error.message).toMatch(
      /exceed the daily cap of 1\.50 USDC \(1\.00 USDC already paid in the last 24 hours\)/,
    );
    expect(host.paymentHeadersSeen()).toBe(1);
    // Small payments still fit under the cap.
    await buy(harness, 'c', '1y');
    // A day later the window has moved on.
    harness.advance(24 * 60 * 60_000 + 1000);
    await buy(harness, 'd', 'permanent');
    expect(host.chain.transfers).toHaveLength(3);
  });

  it('holds when several uploads pay at once: together they cannot pass the cap', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host, { payments: { dailyCapUsdc: '2' } });
    // A person slow to answer keeps the window between the cap check and the record wide open.
    harness.answer.before = () => new Promise((resolve) => setTimeout(resolve, 100));
    const results = await Promise.allSettled(['a', 'b', 'c'].map((key) => buy(harness!, key, 'permanent')));
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(host.chain.transfers).toHaveLength(2);
    expect(host.paymentHeadersSeen()).toBe(2);
  });

  it('stops when the user declines: nothing signed, nothing recorded', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host);
    harness.answer.value = false;
    const error = await failure(buy(harness));
    expect(error.kind).toBe('payment');
    expect(error.code).toBe('payment_declined');
    expect(harness.asked[0]).toMatchObject({ amountAtomic: '10000', fileName: 'shot.png', tier: '1y' });
    expect(host.paymentHeadersSeen()).toBe(0);
    expect(harness.payments.list()).toEqual([]);
  });

  it('asks unless asking is off and the amount is within the auto-approve limit', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host, { payments: { askBeforePaying: false, autoApproveUpToUsdc: '0.01' } });
    await buy(harness, 'a', '1y');
    expect(harness.asked).toHaveLength(0);
    await buy(harness, 'b', 'permanent');
    expect(harness.asked).toHaveLength(1);
  });

  it('refuses when it must ask and has no way to', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host);
    const settings = createSettingsStore(harness.home, {});
    const silent = createPaymentsService({ home: harness.home, settings, wallet: harness.wallet });
    const error = await failure(
      silent.tokenFor({ provider: 'img402', tier: tier('1y'), uploadKey: 'k', fileName: 'a.png' }),
    );
    expect(error.code).toBe('confirmation_needed');
    expect(host.paymentHeadersSeen()).toBe(0);
  });

  it('says how to set up a wallet when there is none, before any request', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host);
    await harness.wallet.remove();
    const error = await failure(buy(harness));
    expect(error.kind).toBe('payment');
    expect(error.message).toMatch(
      /1 year tier is paid \(0\.01 USDC per upload\)\. No wallet is set up.*shotlink wallet create/,
    );
    expect(host.img402.requests).toEqual([]);
  });
});

describe('a token endpoint that does not ask to be paid', () => {
  it('keeps the token in the ledger like any other, with nothing signed', async () => {
    const img402 = await startFakeImg402({
      fallback: (req, res) => {
        req.resume();
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({ token: 'free-token', expiresAt: new Date(Date.now() + 600_000).toISOString() }),
        );
      },
    });
    host = {
      url: img402.url,
      img402,
      chain: createFakeChain(),
      sales: [],
      paymentHeadersSeen: () => 0,
      close: () => img402.close(),
    };
    harness = makeHarness(host);
    expect((await buy(harness)).token).toBe('free-token');
    expect(harness.asked).toEqual([]);
    expect(harness.payments.list()).toEqual([
      expect.objectContaining({ token: 'free-token', amountAtomic: '0' }),
    ]);
    expect(await buy(harness)).toMatchObject({ token: 'free-token' });
  });
});

describe('a damaged ledger, seen by two processes', () => {
  it('blocks payments in the other process too, until restored or accepted', SLOW_DAMAGE, async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host);
    writeFileSync(harness.payments.ledger.path, '{"payments": [ {"id": "half a record"');
    // The first process finds the damage and sets the file aside.
    expect((await failure(buy(harness))).code).toBe('ledger_damaged');
    // A second process (here: a CLI run on the same data folder) starts from a missing ledger and still refuses.
    const env = {
      SHOTLINK_HOME: harness.home,
      SHOTLINK_IMG402_URL: host.url,
      SHOTLINK_WALLET_KEY: harness.key,
    };
    await writeFile(join(harness.home, 'shot.png'), await screenshotPng(320, 200));
    const second = await runCli(['upload', '--tier', '1y', '--yes', join(harness.home, 'shot.png')], { env });
    expect(second.code).toBe(5);
    expect(second.stderr).toMatch(/was damaged and was moved to .*corrupt.*no payment is made until/);
    expect(host.paymentHeadersSeen()).toBe(0);

    // Accepting the loss (the file is kept, marked) lets payments go on.
    const accepted = await runCli(['payments', 'accept-damaged'], { env });
    expect(accepted.stderr).toMatch(/1 damaged ledger file\(s\) accepted as lost/);
    expect(
      readdirSync(harness.home).some((name) => /^payments\.json\.corrupt-.*\.accepted$/.test(name)),
    ).toBe(true);
    const paid = await runCli(['upload', '--tier', '1y', '--yes', join(harness.home, 'shot.png')], { env });
    expect(paid.code).toBe(0);
    expect(host.paymentHeadersSeen()).toBe(1);
  });

  it('restores a repaired ledger, its payments back in the count', async () => {
    host = await startFakeX402V2();
    harness = makeHarness(host);
    await buy(harness);
    const good = readFileSync(harness.payments.ledger.path, 'utf8');
    writeFileSync(harness.payments.ledger.path, good.slice(0, 40));
    expect((await failure(buy(harness))).code).toBe('ledger_damaged');
    const [damaged] = damagedLedgers(harness.home);
    expect(damaged!.restorable).toBe(false);
    writeFileSync(damaged!.file, good); // repaired by hand
    expect(damagedLedgers(harness.home)[0]!.restorable).toBe(true);
    expect(restoreDamagedLedgers(harness.home, harness.payments.ledger)).toBe(1);
    expect(damagedLedgers(harness.home)).toEqual([]);
    expect(harness.payments.list()).toHaveLength(1);
  });
});
