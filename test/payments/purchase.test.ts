// Buying img402 upload tokens over x402 against local servers built from the official x402 packages:
// version 2 (@x402/express middleware) and version 1 (img402's JSON body), each verifying the signature
// with the library's own facilitator. Every refusal must happen before anything is signed.
import { afterEach, describe, expect, it } from 'vitest';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { startFakeX402V1 } from '../support/fake-x402-v1.ts';
import {
  startFakeX402V2,
  FAKE_PAY_TO,
  type FakeX402Host,
  type FakeX402Options,
} from '../support/fake-x402-v2.ts';
import { makeHarness, tier, type Harness } from './harness.ts';

const servers = { v1: startFakeX402V1, v2: startFakeX402V2 } as const;
let host: FakeX402Host | undefined;
let harness: Harness | undefined;

afterEach(async () => {
  harness?.cleanup();
  await host?.close();
  host = undefined;
  harness = undefined;
});

async function start(version: keyof typeof servers, options: FakeX402Options = {}, settings = {}) {
  host = await servers[version](options);
  harness = makeHarness(host, settings);
  return { host, harness };
}

async function refusal(promise: Promise<unknown>): Promise<ShotlinkError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ShotlinkError);
  return error as ShotlinkError;
}

describe.each(['v1', 'v2'] as const)('x402 %s', (version) => {
  it.each(['1y', 'permanent'] as const)(
    'buys a %s token: 402, confirm, sign, retry, token, ledger',
    async (tierId) => {
      const { host, harness } = await start(version);
      const price = tierId === '1y' ? 10_000n : 1_000_000n;

      const { token, paymentId } = await harness.payments.tokenFor({
        provider: 'img402',
        tier: tier(tierId),
        uploadKey: 'upload-1',
        fileName: 'shot.png',
      });

      // The facilitator verified the signature and settled exactly the price, from our wallet to the payee.
      expect(host.chain.transfers).toHaveLength(1);
      expect(host.chain.transfers[0]).toMatchObject({ from: harness.payer, to: FAKE_PAY_TO, value: price });
      expect(host.sales.map((s) => [s.tier, s.token])).toEqual([[tierId, token]]);
      expect(harness.asked).toEqual([
        expect.objectContaining({
          tier: tierId,
          amountAtomic: price.toString(),
          network: 'base',
          payTo: FAKE_PAY_TO,
        }),
      ]);
      const [record] = harness.payments.list();
      expect(record).toMatchObject({
        id: paymentId,
        provider: 'img402',
        tier: tierId,
        amountAtomic: price.toString(),
        network: 'base',
        payer: harness.payer,
        payTo: FAKE_PAY_TO,
        transaction: host.chain.transfers[0]!.transaction,
        token,
        uploadKey: 'upload-1',
        usedAt: null,
      });
      expect(record!.tokenExpiresAt).toBe(host.sales[0]!.expiresAt);
    },
  );

  it('refuses a server asking 5 USDC for the 1 year tier, with nothing signed', async () => {
    const { host, harness } = await start(version, { prices: { '1y': '5000000' } });
    const error = await refusal(
      harness.payments.tokenFor({ provider: 'img402', tier: tier('1y'), uploadKey: 'k', fileName: 'a.png' }),
    );
    expect(error.kind).toBe('payment');
    expect(error.message).toMatch(
      /asks for 5\.00 USDC, but the 1 year tier costs 0\.01 USDC.*Nothing was signed/,
    );
    expect(host.paymentHeadersSeen()).toBe(0);
    expect(harness.asked).toEqual([]);
    expect(harness.payments.list()).toEqual([]);
  });

  it('refuses an authorization valid for ten years, with nothing signed', async () => {
    const { host, harness } = await start(version, { maxTimeoutSeconds: 315_360_000 });
    const error = await refusal(
      harness.payments.tokenFor({ provider: 'img402', tier: tier('1y'), uploadKey: 'k', fileName: 'a.png' }),
    );
    expect(error.kind).toBe('payment');
    expect(error.message).toMatch(
      /asks for an authorization valid for 3650 days; Shotlink signs payments valid for at most 60 minutes.*Nothing was signed/,
    );
    expect(host.paymentHeadersSeen()).toBe(0);
    expect(harness.payments.list()).toEqual([]);
  });

  it('refuses another asset, with nothing signed', async () => {
    const other = '0x1111111111111111111111111111111111111111';
    const { host, harness } = await start(version, { asset: other });
    const error = await refusal(
      harness.payments.tokenFor({ provider: 'img402', tier: tier('1y'), uploadKey: 'k', fileName: 'a.png' }),
    );
    expect(error.kind).toBe('payment');
    expect(error.message).toContain(`asks for asset ${other}, which is not USDC on Base`);
    expect(host.paymentHeadersSeen()).toBe(0);
  });

  it('refuses another network, with nothing signed', async () => {
    const { host, harness } = await start(version, { network: 'base-sepolia' });
    const error = await refusal(
      harness.payments.tokenFor({ provider: 'img402', tier: tier('1y'), uploadKey: 'k', fileName: 'a.png' }),
    );
    expect(error.kind).toBe('payment');
    expect(error.message).toMatch(
      /asks for payment on network "(base-sepolia|eip155:84532)", but Shotlink is set to pay on Base/,
    );
    expect(host.paymentHeadersSeen()).toBe(0);
  });

  it('pays on Base Sepolia when that network is selected', async () => {
    const { host, harness } = await start(
      version,
      { network: 'base-sepolia' },
      { payments: { network: 'base-sepolia' } },
    );
    await harness.payments.tokenFor({
      provider: 'img402',
      tier: tier('1y'),
      uploadKey: 'k',
      fileName: 'a.png',
    });
    expect(host.chain.transfers).toHaveLength(1);
    expect(harness.payments.list()[0]).toMatchObject({
      network: 'base-sepolia',
      asset: expect.stringMatching(/^0x036CbD53842c5426634e7929541eC2318f3dCF7e$/i),
    });
  });
});
