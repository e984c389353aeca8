// The payments module's face for the CLI, the app service and the API: the wallet of a core context.
import type { CoreContext } from '../context.ts';
import { createWallet, type Wallet } from './wallet.ts';

export { NETWORKS, type NetworkName } from './networks.ts';
export { createPaymentsService, type PaymentsService } from './payments-service.ts';
export { createWallet, WALLET_KEY_ENV, WALLET_SECRET_ACCOUNT, type Wallet } from './wallet.ts';

/** The wallet over this context's secret store, environment and network setting (cheap; no I/O until used). */
export function walletFor(ctx: Pick<CoreContext, 'secrets' | 'env' | 'settings'>): Wallet {
  return createWallet({
    secrets: ctx.secrets,
    env: ctx.env,
    network: () => ctx.settings.get().payments.network,
  });
}
