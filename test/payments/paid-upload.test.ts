// A paid upload through the whole of core (createCore + the upload pipeline + the img402 provider) against
// both local x402 servers: 402 -> sign -> retry -> token -> upload with X-Upload-Token. The wallet key comes
// from SHOTLINK_WALLET_KEY here (the headless path); the keychain path is in wallet-keychain.test.ts.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { createCore, type Core } from '../../src-main/core/create-core.ts';
import { NETWORKS } from '../../src-main/core/payments/networks.ts';
import { uploadImage, type UploadRequest } from '../../src-main/core/pipeline.ts';
import type { PaymentQuestion } from '../../src-main/core/context.ts';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import { startFakeX402V1 } from '../support/fake-x402-v1.ts';
import { startFakeX402V2, type FakeX402Host } from '../support/fake-x402-v2.ts';
import { screenshotPng } from '../cli/fixtures.ts';
import { cuttingRelay } from '../support/cutting-relay.ts';

let shot: Buffer;
let home: string;
let host: FakeX402Host | undefined;
const key = generatePrivateKey();
const payer = privateKeyToAccount(key).address;

beforeAll(async () => {
  shot = await screenshotPng(320, 200);
});
afterEach(async () => {
  await host?.close();
  host = undefined;
  rmSync(home, { recursive: true, force: true });
});

function coreFor(
  server: FakeX402Host,
  options: { url?: string; confirmPayment?: (question: PaymentQuestion) => Promise<boolean> } = {},
): Core {
  home = mkdtempSync(join(tmpdir(), 'shotlink-paid-'));
  server.chain.fund(NETWORKS.base.usdc, payer, 10_000_000n);
  return createCore({
    home,
    env: { SHOTLINK_IMG402_URL: options.url ?? server.url, SHOTLINK_WALLET_KEY: key },
    secrets: createMemoryStore(),
    confirmPayment: options.confirmPayment ?? (async () => true),
  });
}

const request = (tierId: string, uploadKey = 'paid-1'): UploadRequest => ({
  bytes: shot,
  fileName: 'Screen Shot.png',
  providerId: 'img402',
  tierId,
  uploadKey,
});

/** Every file under the data folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe.each([
  ['v1', startFakeX402V1],
  ['v2', startFakeX402V2],
] as const)('a paid upload over x402 %s', (_version, start) => {
  it.each(['1y', 'permanent'] as const)(
    '%s: pays once, uploads with the token, links history to the payment',
    async (tierId) => {
      host = await start();
      const core = coreFor(host);
      const entry = await uploadImage(core, request(tierId));

      expect(host.chain.transfers).toHaveLength(1);
      expect(host.img402.uploads).toHaveLength(1);
      expect(host.img402.uploads[0]).toMatchObject({ tier: tierId, token: host.sales[0]!.token });
      expect(entry.url).toBe(host.img402.uploads[0]!.url);
      const [payment] = core.payments!.list();
      expect(entry.paymentId).toBe(payment!.id);
      expect(payment!.usedAt).not.toBeNull();
      expect(payment!.payer).toBe(payer);

      // The key is in no file Shotlink wrote (settings, history, ledger, thumbnails).
      const secretHex = key.slice(2).toLowerCase();
      for (const file of filesUnder(home)) {
        expect(readFileSync(file).toString('latin1').toLowerCase(), file).not.toContain(secretHex);
      }
    },
  );

  it('upload fails after payment: the token is kept, the next try uses it, one payment, one upload', async () => {
    host = await start();
    const core = coreFor(host);
    host.img402.failNext({ status: 500, body: { error: 'upload_failed' } }, { path: '/api/upload' });

    const error = await uploadImage(core, request('1y')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ShotlinkError);
    expect((error as ShotlinkError).kind).toBe('host');
    expect(core.payments!.list()).toEqual([
      expect.objectContaining({ usedAt: null, token: host.sales[0]!.token }),
    ]);

    const entry = await uploadImage(core, request('1y'));
    expect(host.chain.transfers).toHaveLength(1);
    expect(host.sales).toHaveLength(1);
    expect(host.img402.uploads).toHaveLength(1);
    expect(host.img402.uploads[0]!.token).toBe(host.sales[0]!.token);
    expect(entry.paymentId).toBe(core.payments!.list()[0]!.id);
    expect(core.payments!.list()[0]!.usedAt).not.toBeNull();
  });

  it('a token the host rejects is forgotten: the next try pays again instead of offering the dead token', async () => {
    host = await start();
    const core = coreFor(host);
    host.img402.failNext({ status: 401, body: { error: 'invalid_token' } }, { path: '/api/upload' });

    const error = await uploadImage(core, request('1y')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'payment', code: 'token_rejected' });

    await uploadImage(core, request('1y'));
    expect(host.sales).toHaveLength(2);
    expect(host.img402.uploads).toHaveLength(1);
    expect(host.img402.uploads[0]!.token).toBe(host.sales[1]!.token);
  });

  it('the answer of a paid upload is cut: the job says the token was spent on it, and asks before paying again with that reason', async () => {
    host = await start();
    const relay = await cuttingRelay(Number(new URL(host.url).port), { path: '/api/upload' });
    const questions: PaymentQuestion[] = [];
    const core = coreFor(host, {
      url: relay.url,
      confirmPayment: async (question) => {
        questions.push(question);
        return true;
      },
    });
    try {
      // The first try sends the token and img402 stores the image, but its answer never arrives.
      const cut = await uploadImage(core, request('1y')).then(
        () => undefined,
        (e: unknown) => e as ShotlinkError,
      );
      expect(cut).toBeInstanceOf(ShotlinkError);
      expect(host.img402.uploads).toHaveLength(1);
      expect(questions).toHaveLength(1); // the first purchase
      // The next try offers the same token (img402 cannot be asked what became of it): refused as used.
      const refused = await uploadImage(core, request('1y')).then(
        () => undefined,
        (e: unknown) => e as ShotlinkError,
      );
      expect(refused).toMatchObject({ kind: 'payment', code: 'token_rejected' });
      expect(refused!.message).toMatch(/spent on an upload whose answer never arrived.*asked first/s);
      expect(host.sales).toHaveLength(1); // nothing paid again without asking
      // Going on asks first, and the question says why a second payment is needed.
      const entry = await uploadImage(core, request('1y'));
      expect(questions).toHaveLength(2);
      expect(JSON.stringify(questions[1])).toMatch(/spent on an upload whose answer never arrived/);
      expect(host.sales).toHaveLength(2);
      expect(entry.url).toBe(host.img402.uploads[1]!.url);
    } finally {
      await relay.close();
    }
  });
});
