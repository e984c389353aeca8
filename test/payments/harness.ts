// What the payments tests share: a temporary data folder, settings pointing img402 at a local x402
// server, a funded wallet, and the payments service with a scripted confirmation and a movable clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { ConfirmPayment } from '../../src-main/core/context.ts';
import {
  createPaymentsService,
  type PaymentsService,
} from '../../src-main/core/payments/payments-service.ts';
import { createWallet, WALLET_SECRET_ACCOUNT, type Wallet } from '../../src-main/core/payments/wallet.ts';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import { NETWORKS } from '../../src-main/core/payments/networks.ts';
import { createSettingsStore } from '../../src-main/core/store/settings-store.ts';
import type { SettingsPatch } from '../../src-shared/settings.ts';
import { findTier, BUILTIN_PROVIDERS, type TierInfo } from '../../src-shared/catalog.ts';
import type { FakeX402Host } from '../support/fake-x402-v2.ts';

export const tier = (id: '1y' | 'permanent'): TierInfo => findTier(BUILTIN_PROVIDERS, 'img402', id)!;

export interface Harness {
  home: string;
  key: `0x${string}`;
  payer: `0x${string}`;
  wallet: Wallet;
  payments: PaymentsService;
  /** Every confirmation asked, in order. */
  asked: Parameters<ConfirmPayment>[0][];
  /** What the next confirmations answer (true by default), and what they wait for before answering. */
  answer: { value: boolean; before?: () => Promise<void> };
  /** Moves the service's clock forward. */
  advance(ms: number): void;
  cleanup(): void;
}

export function makeHarness(
  host: FakeX402Host,
  settings: SettingsPatch = {},
  options: { fetch?: typeof globalThis.fetch } = {},
): Harness {
  const home = mkdtempSync(join(tmpdir(), 'shotlink-payments-'));
  const store = createSettingsStore(home, {});
  store.set({ ...settings, hosts: { img402Url: host.url, ...settings.hosts } });
  const key = generatePrivateKey();
  const payer = privateKeyToAccount(key).address;
  const network = store.get().payments.network;
  const wallet = createWallet({
    secrets: createMemoryStore({ [WALLET_SECRET_ACCOUNT]: key }),
    env: {},
    network: () => store.get().payments.network,
  });
  host.chain.fund(NETWORKS[network].usdc, payer, 100_000_000n);
  const asked: Harness['asked'] = [];
  const answer: Harness['answer'] = { value: true };
  let offset = 0;
  const payments = createPaymentsService({
    home,
    settings: store,
    wallet,
    confirmPayment: async (request) => {
      asked.push(request);
      await answer.before?.();
      return answer.value;
    },
    now: () => new Date(Date.now() + offset),
    ...options,
  });
  return {
    home,
    key,
    payer,
    wallet,
    payments,
    asked,
    answer,
    advance: (ms) => void (offset += ms),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}
