// The catalogue of hosts and their tiers: what the tier picker shows and what the optimizer and the spend
// policy enforce. The built-in hosts are described in hosts/ (one file each); imported ShareX uploaders
// share CUSTOM_TIER. Prices are in USDC atomic units (6 decimals) as strings, as x402 sends them.

import { MB, type ProviderInfo, type TierInfo } from './hosts/describe.ts';
export { BUILTIN_PROVIDERS, type BuiltinProviderId } from './hosts/index.ts';
export type { ProviderInfo, TierInfo };

/** A built-in id, or the name of an imported ShareX custom uploader. */
export type ProviderId = string;

/** Custom (.sxcu) uploaders have one tier; their limit is unknown, so we use a generous one. */
export const CUSTOM_TIER: TierInfo = {
  id: 'default',
  label: 'Custom',
  maxBytes: 20 * MB,
  retentionDays: null,
  priceAtomic: null,
  public: true,
};

export function findTier(
  providers: ProviderInfo[],
  providerId: string,
  tierId: string,
): TierInfo | undefined {
  return providers.find((p) => p.id === providerId)?.tiers.find((t) => t.id === tierId);
}

/** "10000" -> "0.01" (USDC has 6 decimals). */
export function formatUsdc(atomic: string | bigint): string {
  const value = BigInt(atomic);
  const whole = value / 1_000_000n;
  const fraction = (value % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction.padEnd(2, '0')}` : `${whole}.00`;
}

/** "0.01" -> 10000n. Throws on anything that is not a plain non-negative decimal. */
export function parseUsdc(text: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not an amount of USDC (e.g. 0.01)`);
  return BigInt(match[1]!) * 1_000_000n + BigInt((match[2] ?? '').padEnd(6, '0'));
}

export function describeRetention(days: number | null): string {
  if (days === null) return 'permanent';
  if (days % 365 === 0) return days === 365 ? '1 year' : `${days / 365} years`;
  return `${days} days`;
}
