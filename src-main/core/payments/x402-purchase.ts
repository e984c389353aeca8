// Buying one img402 upload token over x402: POST the token endpoint, get 402, check the server's
// requirements against the spend policy, ask, sign, retry, read the token. The x402 reference client
// (@x402/fetch over @x402/core and @x402/evm) does the protocol for both versions; this module decides
// what may be signed and makes sure every signed payment is handed to the ledger before it is sent.
import { wrapFetchWithPayment, x402Client, x402HTTPClient, decodePaymentResponseHeader } from '@x402/fetch';
import type { PaymentPayload, PaymentRequirements } from '@x402/fetch';
import { decodePaymentRequiredHeader } from '@x402/core/http';
import { ExactEvmScheme } from '@x402/evm/exact/client';
import { ExactEvmSchemeV1, NETWORKS as V1_EVM_NETWORKS } from '@x402/evm/v1';
import type { PrivateKeyAccount } from 'viem/accounts';
import * as z from 'zod';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { amountOf, refusalReason, type Allowance, type RawRequirement } from './policy.ts';

/** The requirement the server chose, once the policy accepted it. */
export interface AcceptedRequirement {
  x402Version: number;
  amountAtomic: bigint;
  asset: string;
  /** As the server spelled it ('base' or 'eip155:8453'). */
  network: string;
  payTo: string;
}

/** A signed payment, about to be sent. */
export interface SignedPayment {
  /** The x402 header carrying it: PAYMENT-SIGNATURE (v2) or X-PAYMENT (v1). */
  header: string;
  value: string;
  payer: string;
  /** Until when the authorization can be settled. */
  validBefore: Date;
  requirement: AcceptedRequirement;
}

export interface TokenAnswer {
  token: string;
  /** ISO time, or null when the server did not say. */
  expiresAt: string | null;
  /** Settlement transaction hash from PAYMENT-RESPONSE / X-PAYMENT-RESPONSE, when sent. */
  transaction: string | null;
}

export interface PurchaseOptions {
  url: string;
  account: PrivateKeyAccount;
  allowance: Allowance;
  /** Runs after the policy accepted the server's requirement and before signing; throws to refuse. */
  approve(requirement: AcceptedRequirement): Promise<void>;
  /** Runs after signing and before sending: record the payment here (synchronously, durably). */
  onSigned(payment: SignedPayment): void;
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
}

const tokenAnswerSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }).nullish(),
});

/**
 * Buys a token. Throws a ShotlinkError: 'payment' when our policy, the user or the server refused (then
 * check `signed` in the ledger: nothing was signed unless onSigned ran), 'host' when the exchange failed.
 */
export async function purchaseToken(options: PurchaseOptions): Promise<TokenAnswer> {
  const { account, allowance } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  // Set by the hooks below: the reason we stopped, kept as our own error so it reaches the user intact
  // instead of wrapped in the library's "Failed to create payment payload: ..." text.
  let refusal: ShotlinkError | undefined;
  let signed: SignedPayment | undefined;
  const policyRefusals: string[] = [];

  const client = new x402Client();
  // Every EVM network is registered, so that a requirement for the wrong network reaches our policy and
  // gets a message naming it, instead of the library's generic "no scheme registered" error.
  client.register('eip155:*', new ExactEvmScheme(account));
  for (const network of V1_EVM_NETWORKS) client.registerV1(network, new ExactEvmSchemeV1(account));
  // Our policy is stricter than the library's spend controls (exact asset, network and tier price) and
  // explains itself; the library's USD cap would otherwise answer first with a generic message.
  client.setSpendControls(false);
  client.registerPolicy((version, requirements) =>
    requirements.filter((requirement) => {
      const reason = refusalReason(version, requirement as RawRequirement, allowance);
      if (reason) policyRefusals.push(reason);
      return reason === null;
    }),
  );
  client.onBeforePaymentCreation(async ({ paymentRequired, selectedRequirements }) => {
    const version = paymentRequired.x402Version;
    // Checked again on the one requirement about to be signed: the policy above is a filter, this is the gate.
    const reason = refusalReason(version, selectedRequirements as RawRequirement, allowance);
    if (reason) {
      refusal = policyError([reason]);
      return { abort: true, reason };
    }
    try {
      await options.approve({
        x402Version: version,
        amountAtomic: BigInt(amountOf(version, selectedRequirements as RawRequirement)!),
        asset: selectedRequirements.asset,
        network: selectedRequirements.network,
        payTo: selectedRequirements.payTo,
      });
    } catch (error) {
      refusal =
        error instanceof ShotlinkError
          ? error
          : new ShotlinkError('payment', `Payment stopped: ${String(error)}`);
      return { abort: true, reason: refusal.message };
    }
  });
  const httpClient = new x402HTTPClient(client);
  client.onAfterPaymentCreation(async ({ paymentPayload, selectedRequirements, paymentRequired }) => {
    // Encoded exactly as the transport will send it, so a replay is byte for byte the same payment.
    const [header, value] = Object.entries(httpClient.encodePaymentSignatureHeader(paymentPayload))[0]!;
    const payment = describeSigned(
      header,
      value,
      paymentPayload,
      selectedRequirements,
      paymentRequired.x402Version,
    );
    try {
      options.onSigned(payment);
    } catch (error) {
      // Not recorded, so not sent: throwing here stops the transport before the retry request.
      refusal = new ShotlinkError(
        'internal',
        `Could not record the payment, so it was not sent: ${String(error)}`,
      );
      throw refusal;
    }
    signed = payment;
  });

  const payingFetch = wrapFetchWithPayment(fetchImpl, httpClient);
  let response: Response;
  try {
    response = await payingFetch(options.url, {
      method: 'POST',
      ...(options.signal && { signal: options.signal }),
    });
  } catch (error) {
    if (refusal) throw refusal;
    const message = error instanceof Error ? error.message : String(error);
    if (/filtered out by policies/.test(message) && policyRefusals.length > 0)
      throw policyError(policyRefusals);
    if (signed) throw lostAnswer(`the request failed (${message})`);
    if (/payment requirements|Failed to parse payment/i.test(message)) {
      throw new ShotlinkError('payment', `img402 asked for a payment Shotlink cannot make: ${message}`, {
        code: 'payment_unsupported',
      });
    }
    throw new ShotlinkError('host', `Could not reach img402 to buy an upload token: ${message}`, {
      retryable: true,
    });
  }
  return readTokenAnswer(response, signed !== undefined);
}

/** Sends an already signed payment again (its answer was lost). The server answers a replay with the same token. */
export async function replayPayment(options: {
  url: string;
  header: string;
  value: string;
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
}): Promise<TokenAnswer> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetchImpl(options.url, {
      method: 'POST',
      headers: { [options.header]: options.value },
      ...(options.signal && { signal: options.signal }),
    });
  } catch (error) {
    throw lostAnswer(`the request failed (${error instanceof Error ? error.message : String(error)})`);
  }
  return readTokenAnswer(response, true);
}

async function readTokenAnswer(response: Response, paid: boolean): Promise<TokenAnswer> {
  const text = await response.text().catch(() => '');
  if (response.status === 402) {
    const why = serverRefusal(response, text);
    throw new ShotlinkError(
      'payment',
      paid
        ? `img402 did not accept the signed payment (${why}). No token was issued for it.`
        : `img402 still asks for payment (${why}).`,
      { code: 'payment_refused_by_server' },
    );
  }
  if (!response.ok) {
    throw paid
      ? lostAnswer(`img402 answered HTTP ${response.status}`)
      : new ShotlinkError('host', `img402 answered HTTP ${response.status} when asked for an upload token.`, {
          retryable: response.status >= 500 || response.status === 429,
        });
  }
  let parsed: z.infer<typeof tokenAnswerSchema>;
  try {
    parsed = tokenAnswerSchema.parse(JSON.parse(text));
  } catch {
    throw lostAnswer('img402 answered without a usable token');
  }
  return { token: parsed.token, expiresAt: parsed.expiresAt ?? null, transaction: settlementOf(response) };
}

function settlementOf(response: Response): string | null {
  const header = response.headers.get('PAYMENT-RESPONSE') ?? response.headers.get('X-PAYMENT-RESPONSE');
  if (!header) return null;
  try {
    return decodePaymentResponseHeader(header).transaction || null;
  } catch {
    return null; // A settlement receipt we cannot read does not undo the token we got.
  }
}

/** The server's reason for a 402: the v2 PAYMENT-REQUIRED header's error, else the v1 JSON body's. */
function serverRefusal(response: Response, body: string): string {
  const header = response.headers.get('PAYMENT-REQUIRED');
  try {
    if (header) return decodePaymentRequiredHeader(header).error ?? 'no reason given';
  } catch {
    /* fall through to the body */
  }
  try {
    const error = (JSON.parse(body) as { error?: unknown }).error;
    if (typeof error === 'string' && error) return error;
  } catch {
    /* not JSON */
  }
  return 'no reason given';
}

function describeSigned(
  header: string,
  value: string,
  payload: PaymentPayload,
  requirement: PaymentRequirements,
  version: number,
): SignedPayment {
  const authorization = (payload.payload as { authorization?: { from?: string; validBefore?: string } })
    .authorization;
  return {
    header,
    value,
    payer: authorization?.from ?? '',
    validBefore: new Date(Number(authorization?.validBefore ?? 0) * 1000),
    requirement: {
      x402Version: version,
      amountAtomic: BigInt(amountOf(version, requirement as RawRequirement)!),
      asset: requirement.asset,
      network: requirement.network,
      payTo: requirement.payTo,
    },
  };
}

function policyError(reasons: string[]): ShotlinkError {
  const unique = [...new Set(reasons)];
  return new ShotlinkError(
    'payment',
    `Refused to pay img402: ${unique.join('; and ')}. Nothing was signed.`,
    { code: 'payment_policy' },
  );
}

/** The payment was signed and sent, but no token came back: safe to try again, the same payment is resent. */
function lostAnswer(what: string): ShotlinkError {
  return new ShotlinkError(
    'host',
    `A payment was signed and sent, but ${what}. It is recorded in the payment ledger; trying again sends ` +
      'the same signed payment, which cannot be charged twice.',
    { retryable: true, code: 'payment_answer_lost' },
  );
}
