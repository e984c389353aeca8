// The wallet paid tiers pay from: create, import, export (once, on request), remove, balance.
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import type { App } from '../app.ts';

type WalletMethods =
  'walletStatus' | 'walletCreate' | 'walletImport' | 'walletExport' | 'walletRemove' | 'walletBalance';

export function walletApi(app: App): Pick<ShotlinkApi, WalletMethods> {
  const { wallet, settings } = app.core;
  return {
    walletStatus: () => wallet.status(),
    walletCreate: () => wallet.create(),
    walletImport: (key) => wallet.import(key),
    walletExport: () => wallet.export(),
    walletRemove: () => wallet.remove(),
    async walletBalance() {
      const { rpcUrl } = settings.get().payments;
      if (!rpcUrl) {
        return { usdc: null, error: 'Set payments.rpcUrl (a Base JSON-RPC URL) to see the balance.' };
      }
      return wallet.balance(rpcUrl);
    },
  };
}
