// The PaymentsPort: one upload token per upload, paid at most once. For an upload key it reuses the
// token already bought while that is valid, resends a signed payment whose answer was lost, and only
// otherwise buys a new token, under the spend policy and after asking. Every payment is in the ledger
// before it is sent, and its token is in the ledger before the upload uses it.
import { randomUUID } from 'node:crypto';
import { BUILTIN_PROVIDERS, findTier, formatUsdc } from '../../../src-shared/catalog.ts';
import { isShotlinkError, ShotlinkError } from '../../../src-shared/errors.ts';
import type { PaymentRecord } from '../../../src-shared/history.ts';
import type { ConfirmPayment, PaymentsPort, SettingsStore } from '../context.ts';
import { countingEntries, openLedger, toPaymentRecord, type Ledger, type LedgerEntry } from './ledger.ts';
import { NETWORKS } from './networks.ts';
import { agentBudgetRefusal, dailyCapRefusal, needsConfirmation, spentInWindow } from './policy.ts';
import type { Wallet } from './wallet.ts';
import type { TokenAnswer } from './x402-purchase.ts';

// The x402 client and its EVM schemes take a good share of the CLI's start-up: load them on first payment.
const x402 = () => import('./x402-purchase.ts');

/** img402's token endpoints, by tier. */
export const TOKEN_PATHS: Record<string, string> = {
  '1y': '/api/upload/token',
  permanent: '/api/upload/token/permanent',
};

/** A token is not started on with less than this left: the upload itself takes time. */
export const TOKEN_SAFETY_MARGIN_MS = 60_000;
/** img402's tokens last about 10 minutes; assumed when the server does not say. */
export const ASSUMED_TOKEN_LIFETIME_MS = 10 * 60_000;

export interface PaymentsServiceOptions {
  home: string;
  settings: SettingsStore;
  wallet: Wallet;
  /** How to ask the user; without it, only payments the settings allow without asking go through. */
  confirmPayment?: ConfirmPayment | undefined;
  fetch?: typeof globalThis.fetch;
  /** The clock, for token expiry and the daily cap (tests move it; tests never wait on it). */
  now?: () => Date;
  /**
   * Payments for a coding agent (`shotlink mcp`): nobody is there to ask, so the budget the person set
   * for agents (agents.budgetUsdc) is their answer. Each payment is marked as the agent's and counted
   * against that budget as well as the daily cap, in the same step under the ledger's lock.
   */
  forAgent?: boolean;
}

export interface PaymentsService extends PaymentsPort {
  readonly ledger: Ledger;
}

export function createPaymentsService(options: PaymentsServiceOptions): PaymentsService {
  const ledger = openLedger(options.home);
  const now = options.now ?? (() => new Date());
  // One purchase at a time per upload key, so two tries of one upload can never buy two tokens.
  const inFlight = new Map<string, Promise<{ token: string; paymentId: string }>>();
  // And one purchase at a time overall: the daily cap is checked before signing and the payment recorded
  // after, so two purchases in between could each fit under the cap and together exceed it.
  let purchases: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(run: () => Promise<T>): Promise<T> => {
    const result = purchases.catch(() => {}).then(run);
    purchases = result;
    return result;
  };

  const tokenFor: PaymentsPort['tokenFor'] = (request) => {
    const previous = inFlight.get(request.uploadKey) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(() => obtainToken(request))
      .finally(() => {
        if (inFlight.get(request.uploadKey) === next) inFlight.delete(request.uploadKey);
      });
    inFlight.set(request.uploadKey, next);
    return next;
  };

  async function obtainToken(request: Parameters<PaymentsPort['tokenFor']>[0]) {
    const { tier, uploadKey } = request;
    const path = TOKEN_PATHS[tier.id];
    // The price comes from our own catalogue, never from the caller's copy of the tier.
    const price = findTier(BUILTIN_PROVIDERS, 'img402', tier.id)?.priceAtomic;
    if (request.provider !== 'img402' || !path || !price) {
      throw new ShotlinkError(
        'usage',
        `${request.provider} ${tier.label} is not a tier Shotlink can pay for.`,
      );
    }
    const entries = ledger.entries();
    const problem = ledger.problem();
    if (problem) throw new ShotlinkError('payment', problem, { code: 'ledger_damaged' });

    const settings = options.settings.get();
    const url = new URL(path, settings.hosts.img402Url).toString();
    const time = now();
    // This upload's payments since its last successful upload (the same file may be uploaded again later).
    const forKey = entries.filter((e) => e.uploadKey === uploadKey);
    const lastUse = Math.max(0, ...forKey.map((e) => (e.usedAt ? Date.parse(e.usedAt) : 0)));
    // (A reservation never signed is no payment: one left by a process that died is passed over.)
    const mine = forKey.filter(
      (e) =>
        e.usedAt === null &&
        !e.refusedByServer &&
        e.reservedBy === undefined &&
        Date.parse(e.createdAt) >= lastUse,
    );

    for (const entry of mine.toReversed()) {
      if (entry.token && !entry.tokenRejectedAt && tokenUsableAt(entry, time)) {
        return { token: entry.token, paymentId: entry.id };
      }
      if (
        !entry.token &&
        entry.signedPayment &&
        Date.parse(entry.signedPayment.validBefore) > time.getTime()
      ) {
        const { replayPayment } = await x402();
        const answer = await replayPayment({
          url,
          header: entry.signedPayment.header,
          value: entry.signedPayment.value,
          fetch: withTimeout(options.fetch ?? globalThis.fetch, settings.requestTimeoutSeconds),
        }).catch((error: unknown) => noteRefusal(entry.id, error));
        return { token: recordToken(entry.id, answer).token, paymentId: entry.id };
      }
    }

    // Anything left for this upload was paid for and can no longer be used: buying again costs again,
    // so the user is asked even when the settings would let the payment through without asking.
    const lapsed = mine.at(-1);
    const note = lapsed && lapsedNote(lapsed);

    const payments = settings.payments;
    const network = NETWORKS[payments.network];
    const forAgent = options.forAgent === true;
    const unaffordable = forAgent && agentBudgetError(BigInt(price), 0n, settings.agents.budgetUsdc);
    if (unaffordable) throw unaffordable;
    const account = await options.wallet.account().catch((error: unknown) => {
      if (!isShotlinkError(error, 'no_wallet')) throw error;
      throw new ShotlinkError(
        'payment',
        `The ${tier.label} tier is paid (${formatUsdc(price)} USDC per upload). ${error.message}`,
        { code: 'no_wallet' },
      );
    });
    /** A new ledger row for this upload (who pays whom how much); its token and its use come later. */
    const addPayment = (
      payment: Pick<LedgerEntry, 'amountAtomic' | 'asset' | 'payer' | 'payTo'> &
        Partial<Pick<LedgerEntry, 'signedPayment' | 'reservedBy'>>,
      refusal?: (entries: LedgerEntry[]) => Error | null,
    ): string => {
      const id = randomUUID();
      const entry: LedgerEntry = {
        id,
        createdAt: now().toISOString(),
        provider: request.provider,
        tier: tier.id,
        network: network.name,
        transaction: null,
        token: '',
        tokenExpiresAt: null,
        uploadKey,
        usedAt: null,
        ...(options.forAgent && { via: 'mcp' as const }),
        ...payment,
      };
      if (refusal) ledger.reserve(entry, refusal);
      else ledger.add(entry);
      return id;
    };
    const confirm = async (requirement: { amountAtomic: bigint; payTo: string }) => {
      if (!options.confirmPayment) {
        throw new ShotlinkError(
          'payment',
          `Paying ${formatUsdc(requirement.amountAtomic)} USDC needs your confirmation, and there is no way ` +
            'to ask here. Nothing was signed.',
          { code: 'confirmation_needed' },
        );
      }
      const yes = await options.confirmPayment({
        fileName: request.fileName,
        provider: request.provider,
        tier: tier.id,
        amountAtomic: requirement.amountAtomic.toString(),
        network: network.name,
        payTo: requirement.payTo,
        ...(note && { note }),
      });
      if (!yes) {
        throw new ShotlinkError('payment', 'Payment declined. Nothing was signed or paid.', {
          code: 'payment_declined',
        });
      }
    };
    let entryId: string | undefined;
    const { purchaseToken } = await x402();
    const answer = await oneAtATime(() =>
      purchaseToken({
        url,
        account,
        allowance: { network, maxAmountAtomic: BigInt(price), tierLabel: `the ${tier.label} tier` },
        fetch: withTimeout(options.fetch ?? globalThis.fetch, settings.requestTimeoutSeconds),
        approve: async (requirement) => {
          const amount = requirement.amountAtomic;
          const capRefusal = (entries: LedgerEntry[]) => {
            const refusal = dailyCapRefusal(
              spentInWindow(countingEntries(entries), now()),
              amount,
              payments.dailyCapUsdc,
            );
            if (refusal) return new ShotlinkError('payment', refusal, { code: 'daily_cap' });
            if (!forAgent) return null;
            const agents = countingEntries(entries).filter((entry) => entry.via === 'mcp');
            return agentBudgetError(amount, spentInWindow(agents, now()), settings.agents.budgetUsdc);
          };
          // Early, so nobody is asked about a payment the cap would refuse anyway.
          const early = capRefusal(ledger.entries());
          if (early) throw early;
          // An agent's payment is answered by the person's budget for agents, checked just below.
          if (!forAgent && (lapsed || needsConfirmation(amount, payments))) {
            await confirm(requirement);
          }
          // Then again, and the amount reserved, in one step under the ledger's cross-process lock: a
          // CLI and the app (or twelve CLIs) paying at once cannot each fit under the cap on their own.
          try {
            entryId = addPayment(
              {
                amountAtomic: amount.toString(),
                asset: requirement.asset,
                payer: account.address,
                payTo: requirement.payTo,
                reservedBy: process.pid,
              },
              capRefusal,
            );
          } catch (error) {
            if (error instanceof ShotlinkError) throw error;
            // No record, no signature: a payment that is not in the ledger is never made.
            throw new ShotlinkError(
              'internal',
              `Could not record the payment, so it was not sent (nothing was signed): ${String(error)}`,
            );
          }
        },
        onSigned: (signed) => {
          ledger.update(entryId!, {
            amountAtomic: signed.requirement.amountAtomic.toString(),
            asset: signed.requirement.asset,
            payer: signed.payer,
            payTo: signed.requirement.payTo,
            signedPayment: {
              header: signed.header,
              value: signed.value,
              validBefore: signed.validBefore.toISOString(),
            },
            reservedBy: undefined,
          });
        },
      }),
    ).catch((error: unknown) => {
      // Reserved but never signed (refused, declined, failed before signing): the reservation goes.
      const reserved =
        entryId && ledger.entries().find((e) => e.id === entryId && e.reservedBy !== undefined);
      if (reserved) ledger.remove(reserved.id);
      return noteRefusal(entryId, error);
    });
    if (!entryId) {
      // The server handed out a token without asking to be paid: nothing was signed, but the token is
      // kept like any other, so that a failed upload can still reuse it.
      entryId = addPayment({ amountAtomic: '0', asset: network.usdc, payer: account.address, payTo: '' });
    }
    return { token: recordToken(entryId, answer).token, paymentId: entryId };
  }

  /**
   * A signed payment the server refused is void: the ledger says so and forgets the signature, so it
   * is never replayed. Rethrows the error.
   */
  function noteRefusal(id: string | undefined, error: unknown): never {
    if (id && isShotlinkError(error, 'payment_refused_by_server')) {
      ledger.update(id, { refusedByServer: error.message, signedPayment: undefined });
    }
    throw error;
  }

  /** The token goes into the ledger before anyone can use it; the replayable payment is no longer needed. */
  function recordToken(id: string, answer: TokenAnswer): LedgerEntry {
    const expiresAt = answer.expiresAt ?? new Date(now().getTime() + ASSUMED_TOKEN_LIFETIME_MS).toISOString();
    return ledger.update(id, {
      token: answer.token,
      tokenExpiresAt: expiresAt,
      transaction: answer.transaction,
      signedPayment: undefined,
    });
  }

  /** The token the last tokenFor for this upload handed out, if it is not marked used. */
  function unusedTokenOf(uploadKey: string): LedgerEntry | undefined {
    return ledger
      .entries()
      .findLast((e) => e.uploadKey === uploadKey && e.token && e.usedAt === null && !e.tokenRejectedAt);
  }

  function tokenUsableAt(entry: LedgerEntry, time: Date): boolean {
    if (entry.tokenExpiresAt === null) return true;
    return Date.parse(entry.tokenExpiresAt) - time.getTime() > TOKEN_SAFETY_MARGIN_MS;
  }

  return {
    ledger,
    tokenFor,
    markUsed(uploadKey) {
      try {
        const entry = unusedTokenOf(uploadKey);
        if (entry) ledger.update(entry.id, { usedAt: now().toISOString() });
      } catch {
        // The upload has happened and must be recorded; a lost mark only means a later try of this same
        // upload offers the spent token, which img402 refuses (see tokenRejected).
      }
    },
    tokenRejected(uploadKey) {
      const entry = unusedTokenOf(uploadKey);
      if (entry) ledger.update(entry.id, { tokenRejectedAt: now().toISOString() });
    },
    tokenSent(uploadKey) {
      const entry = unusedTokenOf(uploadKey);
      if (!entry) return false;
      const lost = entry.tokenSentAt !== undefined;
      ledger.update(entry.id, {
        tokenSentAt: now().toISOString(),
        ...(lost && { answerLostAt: now().toISOString() }),
      });
      return lost;
    },
    list: (): PaymentRecord[] => ledger.entries().map(toPaymentRecord).reverse(),
  };
}

/**
 * A fresh timeout for each request, not one for the whole purchase: the person may take their time to
 * answer the question between the 402 and the paid request, and that must not time the payment out.
 */
function withTimeout(fetchImpl: typeof globalThis.fetch, seconds: number): typeof globalThis.fetch {
  return (input, init) =>
    fetchImpl(new Request(input, { ...init, signal: AbortSignal.timeout(seconds * 1000) }));
}

/** A payment an agent asked for that the person's budget for agents does not cover. */
function agentBudgetError(amount: bigint, spent: bigint, budgetUsdc: string): ShotlinkError | null {
  const refusal = agentBudgetRefusal(spent, amount, budgetUsdc);
  return refusal ? new ShotlinkError('payment', refusal, { code: 'agent_budget' }) : null;
}

/** Why a new payment is needed for an upload that already paid once, for the question to the user. */
function lapsedNote(lapsed: LedgerEntry): string {
  const what =
    lapsed.tokenRejectedAt && lapsed.answerLostAt
      ? `was spent on an upload whose answer never arrived (the connection was cut, or Shotlink stopped, after sending it on ${lapsed.tokenSentAt}): img402 may hold that image, but Shotlink never got its link, and img402 now refuses the token as used.`
      : lapsed.tokenRejectedAt
        ? 'was refused by img402 at upload (already spent, or expired).'
        : lapsed.token
          ? 'expired before it could be used.'
          : 'never arrived, and its payment authorization has lapsed.';
  return (
    `A token bought on ${lapsed.createdAt} for this upload (${formatUsdc(lapsed.amountAtomic)} USDC) ${what} ` +
    'Paying again buys a new one.'
  );
}
