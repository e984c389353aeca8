// Payments as the window sees them: the ledger, and the questions asked before paying.
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import type { App } from '../app.ts';
import { openLedger } from '../payments/ledger.ts';
import { acceptDamagedLedgers, damagedLedgers, restoreDamagedLedgers } from '../payments/damaged-ledger.ts';

type PaymentMethods =
  'listPayments' | 'answerPayment' | 'listPaymentRequests' | 'damagedLedgers' | 'resolveDamagedLedgers';

export function paymentsApi(app: App): Pick<ShotlinkApi, PaymentMethods> {
  return {
    listPayments: async () => app.core.payments?.list() ?? [],
    answerPayment: async (requestId, yes) => app.questions.answer(requestId, yes),
    listPaymentRequests: async () => app.questions.pending(),
    damagedLedgers: async () => damagedLedgers(app.core.home),
    async resolveDamagedLedgers(action) {
      if (action === 'accept') acceptDamagedLedgers(app.core.home);
      else restoreDamagedLedgers(app.core.home, openLedger(app.core.home));
      return damagedLedgers(app.core.home);
    },
  };
}
