// The payments module's face for the CLI, the app service and the API.

export { NETWORKS, type NetworkName } from './networks.ts';
export { createPaymentsService, type PaymentsService } from './payments-service.ts';
export { createWallet, WALLET_KEY_ENV, WALLET_SECRET_ACCOUNT, type Wallet } from './wallet.ts';
