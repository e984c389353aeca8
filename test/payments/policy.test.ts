// The spend policy as pure functions: both protocol shapes, every field a server could bend, the cap
// window, and when to ask.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/settings.ts';
import { NETWORKS } from '../../src-main/core/payments/networks.ts';
import type { LedgerEntry } from '../../src-main/core/payments/ledger.ts';
import {
  dailyCapRefusal,
  needsConfirmation,
  refusalReason,
  spentInWindow,
  type Allowance,
  type RawRequirement,
} from '../../src-main/core/payments/policy.ts';

const allowance: Allowance = {
  network: NETWORKS.base,
  maxAmountAtomic: 10_000n,
  tierLabel: 'the 1 year tier',
};
const v2: RawRequirement = {
  scheme: 'exact',
  network: 'eip155:8453',
  asset: NETWORKS.base.usdc.toLowerCase(),
  payTo: '0xbeef',
  amount: '10000',
};
const v1: RawRequirement = { ...v2, network: 'base', amount: undefined, maxAmountRequired: '10000' };

describe('refusalReason', () => {
  it('accepts the tier price or less, in USDC, on the chosen network, in either version', () => {
    expect(refusalReason(2, v2, allowance)).toBeNull();
    expect(refusalReason(1, v1, allowance)).toBeNull();
    expect(refusalReason(2, { ...v2, amount: '9999' }, allowance)).toBeNull();
  });

  it('reads the amount from the field of the version the server spoke', () => {
    // A v1 answer carrying a harmless-looking v2 `amount` must be judged by maxAmountRequired.
    expect(refusalReason(1, { ...v1, amount: '1', maxAmountRequired: '20000' }, allowance)).toMatch(
      /0\.02 USDC/,
    );
    expect(refusalReason(1, { ...v1, maxAmountRequired: undefined }, allowance)).toMatch(
      /not a whole number/,
    );
  });

  it('names what was asked and what is allowed', () => {
    expect(refusalReason(2, { ...v2, amount: '10001' }, allowance)).toBe(
      'it asks for 0.010001 USDC, but the 1 year tier costs 0.01 USDC',
    );
    expect(refusalReason(2, { ...v2, amount: '1e9' }, allowance)).toMatch(/not a whole number/);
    expect(refusalReason(2, { ...v2, amount: '-1' }, allowance)).toMatch(/not a whole number/);
    expect(refusalReason(2, { ...v2, network: 'eip155:1' }, allowance)).toMatch(/network "eip155:1".*Base/);
    expect(refusalReason(1, { ...v1, network: 'base-sepolia' }, allowance)).toMatch(
      /network "base-sepolia".*"base"/,
    );
    expect(refusalReason(2, { ...v2, asset: NETWORKS['base-sepolia'].usdc }, allowance)).toMatch(
      /not USDC on Base/,
    );
    expect(refusalReason(2, { ...v2, scheme: 'upto' }, allowance)).toMatch(/"upto"/);
  });
});

describe('daily cap', () => {
  const entry = (createdAt: string, amountAtomic: string) => ({ createdAt, amountAtomic }) as LedgerEntry;
  const now = new Date('2026-11-21T12:00:00Z');

  it('counts the last 24 hours, whatever became of each payment', () => {
    const entries = [
      entry('2026-11-20T11:59:59Z', '1000000'), // just outside
      entry('2026-11-20T12:00:01Z', '500000'),
      entry('2026-11-21T11:00:00Z', '10000'),
    ];
    expect(spentInWindow(entries, now)).toBe(510_000n);
  });

  it('allows reaching the cap exactly, refuses going over it', () => {
    expect(dailyCapRefusal(1_000_000n, 1_000_000n, '2')).toBeNull();
    expect(dailyCapRefusal(1_000_001n, 1_000_000n, '2')).toMatch(/exceed the daily cap of 2\.00 USDC/);
  });
});

describe('needsConfirmation', () => {
  const payments = DEFAULT_SETTINGS.payments;
  it('asks by default, and above the auto-approve limit when asking is off', () => {
    expect(needsConfirmation(10_000n, payments)).toBe(true);
    const quiet = { ...payments, askBeforePaying: false, autoApproveUpToUsdc: '0.01' };
    expect(needsConfirmation(10_000n, quiet)).toBe(false);
    expect(needsConfirmation(10_001n, quiet)).toBe(true);
  });
});
