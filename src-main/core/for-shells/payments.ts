// What a shell shows or asks about payments.
export type { ConfirmPayment, PaymentQuestion } from '../context.ts';
export { NETWORKS, type NetworkName } from '../payments/networks.ts';
export { WALLET_KEY_ENV } from '../payments/wallet.ts';
export { openLedger, paymentState } from '../payments/ledger.ts';
export {
  acceptDamagedLedgers,
  damagedLedgerProblem,
  restoreDamagedLedgers,
} from '../payments/damaged-ledger.ts';
