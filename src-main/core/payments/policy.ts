// The spend policy, as pure functions: what Shotlink agrees to sign, checked against each x402 requirement
// before anything is signed. A server may ask for anything; we pay at most the tier's catalogue price,
// only in USDC, only on the network the user chose, and never past the daily cap.
import { formatUsdc, parseUsdc } from '../../../src-shared/catalog.ts';
import type { Settings } from '../../../src-shared/settings.ts';
import { networkNameOf, type UsdcNetwork } from './networks.ts';
import type { LedgerEntry } from './ledger.ts';

/** One payment option from a 402 answer, in either protocol version (v1 says maxAmountRequired). */
export interface RawRequirement {
  scheme: string;
  network: string;
  asset: string;
  payTo: string;
  /** v2's field; a v1 requirement may carry it as undefined. */
  amount?: string | undefined;
  maxAmountRequired?: string | undefined;
  /** How long the signed authorization stays valid: the payment can be settled until then. */
  maxTimeoutSeconds?: number | undefined;
}

/**
 * The longest validity Shotlink signs. An upload token is bought and used within minutes; an
 * authorization valid for years is a cheque anyone holding it can cash long after.
 */
export const MAX_AUTHORIZATION_SECONDS = 3600;

export interface Allowance {
  network: UsdcNetwork;
  /** The tier's catalogue price, in USDC atomic units: the most we sign for. */
  maxAmountAtomic: bigint;
  /** For messages: "the 1 year tier". */
  tierLabel: string;
}

export function amountOf(version: number, requirement: RawRequirement): string | undefined {
  return version === 1 ? requirement.maxAmountRequired : requirement.amount;
}

/** Null when the requirement is acceptable, otherwise why not, naming what was asked and what is allowed. */
export function refusalReason(
  version: number,
  requirement: RawRequirement,
  allowed: Allowance,
): string | null {
  const { network } = allowed;
  if (requirement.scheme !== 'exact') {
    return `it asks for the "${requirement.scheme}" payment scheme; Shotlink only signs "exact" payments`;
  }
  if (networkNameOf(requirement.network) !== network.name) {
    return (
      `it asks for payment on network "${requirement.network}", but Shotlink is set to pay on ${network.label} ` +
      `("${version === 1 ? network.v1Name : network.caip2}"; setting payments.network)`
    );
  }
  if (requirement.asset.toLowerCase() !== network.usdc.toLowerCase()) {
    return `it asks for asset ${requirement.asset}, which is not USDC on ${network.label} (${network.usdc})`;
  }
  const validFor = requirement.maxTimeoutSeconds;
  if (validFor !== undefined && (!Number.isFinite(validFor) || validFor > MAX_AUTHORIZATION_SECONDS)) {
    return (
      `it asks for an authorization valid for ${formatValidity(validFor)}; Shotlink signs payments valid ` +
      `for at most ${MAX_AUTHORIZATION_SECONDS / 60} minutes`
    );
  }
  const amount = amountOf(version, requirement);
  if (amount === undefined || !/^\d+$/.test(amount)) {
    return `its amount ${JSON.stringify(amount)} is not a whole number of USDC atomic units`;
  }
  if (BigInt(amount) > allowed.maxAmountAtomic) {
    return (
      `it asks for ${formatUsdc(amount)} USDC, but ${allowed.tierLabel} costs ` +
      `${formatUsdc(allowed.maxAmountAtomic)} USDC`
    );
  }
  return null;
}

function formatValidity(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const days = seconds / 86_400;
  return days >= 2 ? `${Math.round(days)} days` : `${Math.round(seconds / 60)} minutes`;
}

/** The window the daily cap counts: a rolling 24 hours, so no midnight lets the cap be spent twice. */
export const CAP_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * USDC signed in the cap window. Every signed payment counts, whatever became of it: a signed
 * authorization can be settled by whoever holds it until it lapses, so it is money we may have spent.
 */
export function spentInWindow(entries: readonly LedgerEntry[], now: Date): bigint {
  const since = now.getTime() - CAP_WINDOW_MS;
  return entries
    .filter((entry) => Date.parse(entry.createdAt) > since)
    .reduce((sum, entry) => sum + BigInt(entry.amountAtomic), 0n);
}

/** Null when paying `amount` keeps the window under the cap, otherwise the message to show. */
export function dailyCapRefusal(spent: bigint, amount: bigint, capUsdc: string): string | null {
  const cap = parseUsdc(capUsdc);
  if (spent + amount <= cap) return null;
  return (
    `Paying ${formatUsdc(amount)} USDC would exceed the daily cap of ${formatUsdc(cap)} USDC ` +
    `(${formatUsdc(spent)} USDC already paid in the last 24 hours). Nothing was signed. Raise the cap with ` +
    '`shotlink config set payments.dailyCapUsdc <amount>`, or wait.'
  );
}

/**
 * Null when an agent's payment of `amount` keeps what agents signed in the window within the budget the
 * person set for them (agents.budgetUsdc; 0, the default, allows no payment), else the message to show.
 */
export function agentBudgetRefusal(spent: bigint, amount: bigint, budgetUsdc: string): string | null {
  const budget = parseUsdc(budgetUsdc);
  if (spent + amount <= budget) return null;
  if (budget === 0n) {
    return (
      `Paid tiers cost ${formatUsdc(amount)} USDC, and the user has set no budget for agents. Nothing was ` +
      'signed. Use a free tier, or ask the user to set one (Settings → Agents, or ' +
      '`shotlink config set agents.budgetUsdc <amount>`).'
    );
  }
  return (
    `Paying ${formatUsdc(amount)} USDC would exceed the agents' budget of ${formatUsdc(budget)} USDC a day ` +
    `(${formatUsdc(spent)} USDC already paid by agents in the last 24 hours). Nothing was signed. Use a ` +
    'free tier, or ask the user to raise agents.budgetUsdc.'
  );
}

/** Whether to ask the user: always, unless they turned asking off and the amount is within the auto limit. */
export function needsConfirmation(amount: bigint, payments: Settings['payments']): boolean {
  return payments.askBeforePaying || amount > parseUsdc(payments.autoApproveUpToUsdc);
}
