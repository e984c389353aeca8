// The wallet over a secret store: create, import, export, remove, the SHOTLINK_WALLET_KEY override, the
// refusal to keep a key anywhere but a keychain, messages that never quote a key, and the optional
// USDC balance through a JSON-RPC endpoint that may fail without blocking anything.
import { afterEach, describe, expect, it } from 'vitest';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { ShotlinkError } from '../../src-shared/errors.ts';
import type { SecretStore } from '../../src-main/core/ports.ts';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import { createWallet, WALLET_SECRET_ACCOUNT } from '../../src-main/core/payments/wallet.ts';
import { NETWORKS } from '../../src-main/core/payments/networks.ts';
import { startHttpServer, type LoopbackServer } from '../support/http-server.ts';
import { startFakeRpc } from '../support/fake-rpc.ts';

const walletOver = (secrets: SecretStore, env: NodeJS.ProcessEnv = {}) =>
  createWallet({ secrets, env, network: () => 'base' });

async function failure(promise: Promise<unknown>): Promise<ShotlinkError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ShotlinkError);
  return error as ShotlinkError;
}

describe('wallet', () => {
  it('creates a key in the secret store, shows only the address, exports it once asked, removes it', async () => {
    const secrets = createMemoryStore();
    const wallet = walletOver(secrets);
    expect(await wallet.status()).toEqual({ address: null, source: null, network: 'base' });

    const created = await wallet.create();
    const stored = await secrets.get(WALLET_SECRET_ACCOUNT);
    expect(stored).toMatch(/^0x[0-9a-f]{64}$/);
    expect(created).toEqual({
      address: privateKeyToAccount(stored as `0x${string}`).address,
      source: 'keychain',
      network: 'base',
    });
    expect(JSON.stringify(created)).not.toContain(stored!.slice(2));
    expect(await wallet.export()).toBe(stored);
    expect((await wallet.account()).address).toBe(created.address);

    // A second wallet would replace the first and could lose its funds.
    const again = await failure(wallet.create());
    expect(again.code).toBe('wallet_exists');
    expect(again.message).toContain(created.address!);
    expect(await secrets.get(WALLET_SECRET_ACCOUNT)).toBe(stored);

    expect(await wallet.remove()).toEqual({ address: null, source: null, network: 'base' });
    expect(await secrets.get(WALLET_SECRET_ACCOUNT)).toBeNull();
    expect((await failure(wallet.remove())).code).toBe('no_wallet');
    const none = await failure(wallet.account());
    expect(none.kind).toBe('payment');
    expect(none.message).toMatch(/shotlink wallet create/);
  });

  it('imports a hex key with or without 0x and stores it normalized', async () => {
    const key = generatePrivateKey();
    const secrets = createMemoryStore();
    const status = await walletOver(secrets).import(`  ${key.slice(2).toUpperCase()}\n`);
    expect(status.address).toBe(privateKeyToAccount(key).address);
    expect(await secrets.get(WALLET_SECRET_ACCOUNT)).toBe(key);
  });

  it('rejects a malformed key without quoting it', async () => {
    const almost = `0x${'ab'.repeat(31)}zz`;
    const invalid = `0x${'0'.repeat(64)}`; // not a valid secp256k1 scalar
    for (const bad of [almost, invalid, 'hello']) {
      const error = await failure(walletOver(createMemoryStore()).import(bad));
      expect(error.kind).toBe('usage');
      expect(error.message).not.toContain(bad.slice(2, 40));
    }
  });

  it('SHOTLINK_WALLET_KEY overrides the keychain, and a bad one is named without being quoted', async () => {
    const envKey = generatePrivateKey();
    const secrets = createMemoryStore({ [WALLET_SECRET_ACCOUNT]: generatePrivateKey() });
    const wallet = walletOver(secrets, { SHOTLINK_WALLET_KEY: envKey });
    expect(await wallet.status()).toMatchObject({
      address: privateKeyToAccount(envKey).address,
      source: 'env',
    });
    expect((await wallet.account()).address).toBe(privateKeyToAccount(envKey).address);

    const broken = `${envKey.slice(0, -1)}`;
    const error = await failure(walletOver(secrets, { SHOTLINK_WALLET_KEY: broken }).account());
    expect(error.message).toMatch(/SHOTLINK_WALLET_KEY is not a private key/);
    expect(error.message).not.toContain(broken.slice(2, 40));
  });

  it('without a keychain: says so plainly and refuses to store the key anywhere else', async () => {
    const reason = 'The OS keychain is not available (no Secret Service).';
    const writes: string[] = [];
    const noKeychain: SecretStore = {
      get: async () => {
        throw new Error(reason);
      },
      set: async (account) => void writes.push(account),
      delete: async () => false,
      unavailableReason: async () => reason,
    };
    const wallet = walletOver(noKeychain);
    expect(await wallet.status()).toEqual({
      address: null,
      source: null,
      network: 'base',
      keychainProblem: reason,
    });
    for (const attempt of [wallet.create(), wallet.import(generatePrivateKey())]) {
      const error = await failure(attempt);
      expect(error.kind).toBe('payment');
      expect(error.message).toMatch(/keychain is not available.*will not store a wallet key in plain text/);
    }
    expect(writes).toEqual([]);
  });
});

describe('wallet balance', () => {
  let rpc: LoopbackServer | undefined;
  afterEach(async () => {
    await rpc?.close();
    rpc = undefined;
  });

  it('reads the USDC balance of the wallet address with balanceOf', async () => {
    const key = generatePrivateKey();
    const address = privateKeyToAccount(key).address.toLowerCase().slice(2);
    // 12.5 USDC = 12500000 atomic units.
    const node = await startFakeRpc(12_500_000n);
    rpc = node;
    const { calls } = node;
    const wallet = walletOver(createMemoryStore({ [WALLET_SECRET_ACCOUNT]: key }));
    expect(await wallet.balance(rpc.url)).toEqual({ usdc: '12.50' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.to.toLowerCase()).toBe(NETWORKS.base.usdc.toLowerCase());
    expect(calls[0]!.data).toBe(`0x70a08231${address.padStart(64, '0')}`); // balanceOf(address)
  });

  it('reports a failing RPC instead of throwing', async () => {
    rpc = await startHttpServer((_req, res) => {
      res.statusCode = 500;
      res.end('internal error');
    });
    const wallet = walletOver(createMemoryStore({ [WALLET_SECRET_ACCOUNT]: generatePrivateKey() }));
    const result = await wallet.balance(rpc.url);
    expect(result.usdc).toBeNull();
    expect(result.error).toMatch(/^Could not read the USDC balance: /);
  });
});
