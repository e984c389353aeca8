// What a shell shows or asks about payments.
export type { ConfirmPayment, PaymentQuestion } from '../context.ts';
export { NETWORKS, type NetworkName } from '../payments/networks.ts';
export { WALLET_KEY_ENV } from '../payments/wallet.ts';
export { paymentState } from '../payments/ledger.ts';
