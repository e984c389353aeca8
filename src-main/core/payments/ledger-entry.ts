// One row of the payment ledger (payments.json), as a schema: what a payment record holds, checked on
// every read. The ledger (ledger.ts) keeps the rows; a damaged ledger's repair (damaged-ledger.ts)
// checks them too.
import * as z from 'zod';
import type { PaymentRecord } from '../../../src-shared/history.ts';

const isoTime = z.iso.datetime({ offset: true });
const atomic = z.string().regex(/^\d+$/);

export const ledgerEntrySchema = z.object({
  id: z.string().min(1),
  createdAt: isoTime,
  provider: z.string().min(1),
  tier: z.string().min(1),
  amountAtomic: atomic,
  asset: z.string(),
  network: z.string(),
  payer: z.string(),
  payTo: z.string(),
  transaction: z.string().nullable(),
  /** Empty until the server's answer with the token is in. */
  token: z.string(),
  tokenExpiresAt: isoTime.nullable(),
  uploadKey: z.string().min(1),
  usedAt: isoTime.nullable(),
  /**
   * The signed payment as sent (x402 header name and value), kept only until the token arrives. If the
   * answer is lost, the next try sends this same payment again instead of signing a new one: the server
   * answers a replay with the same token, and an EIP-3009 authorization can be settled only once. It can
   * move nothing but this amount to this payee, so it is not a secret the way the wallet key is.
   */
  signedPayment: z.object({ header: z.string(), value: z.string(), validBefore: isoTime }).optional(),
  /** Why the server refused the signed payment (it answered 402 again): no token will come for it. */
  refusedByServer: z.string().optional(),
  /** When img402 refused the token at upload (already spent, or expired early): it is not offered again. */
  tokenRejectedAt: isoTime.optional(),
  /** When the token was last sent with an upload (set before sending; the upload's answer clears nothing). */
  tokenSentAt: isoTime.optional(),
  /**
   * When a try found the token already sent by an earlier try that never recorded an answer: img402 may
   * have spent it on an upload whose answer never arrived (a cut connection, a crash). If img402 then
   * refuses it, that is the reason given when asking to pay again.
   */
  answerLostAt: isoTime.optional(),
  /**
   * Set while the amount is reserved against the daily cap but not yet signed: the id of the process
   * about to sign. A reservation whose process died counts for nothing (it never signed).
   */
  reservedBy: z.number().int().optional(),
  /** Made for a coding agent through `shotlink mcp`: counted against the agents' budget too. */
  via: z.literal('mcp').optional(),
}) satisfies z.ZodType<PaymentRecord>;

export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;
