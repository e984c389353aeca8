// Small display helpers shared by the views.
import { findTier, type ProviderInfo } from '../../src-shared/catalog.ts';

/** "img402.dev · 1 year" for a provider and tier id, falling back to the ids for unknown ones. */
export function destinationLabel(providers: ProviderInfo[], providerId: string, tierId: string): string {
  const provider = providers.find((p) => p.id === providerId);
  return `${provider?.label ?? providerId} · ${findTier(providers, providerId, tierId)?.label ?? tierId}`;
}

/** 1536 -> "1.5 KB" (binary units, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1).replace(/\.0$/, '')} ${units[unit]}`;
}

/** "-42%" for a smaller output, "+3%" for a larger one, "" when unchanged. */
export function formatSaving(before: number, after: number): string {
  if (before <= 0 || before === after) return '';
  const change = Math.round(((after - before) / before) * 100);
  if (change === 0) return '';
  return `${change > 0 ? '+' : '−'}${Math.abs(change)}%`;
}

/** The host part of a URL, for a compact "where is it" column. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const NETWORKS: Record<string, string> = {
  base: 'Base',
  'base-sepolia': 'Base Sepolia (test)',
  'eip155:8453': 'Base',
  'eip155:84532': 'Base Sepolia (test)',
};

/** "base" -> "Base"; x402 v2 names networks by CAIP-2 id, v1 by name. */
export function networkLabel(network: string): string {
  return NETWORKS[network] ?? network;
}

/** 0x1234…cdef */
export function shortAddress(address: string): string {
  return address.length > 14 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
