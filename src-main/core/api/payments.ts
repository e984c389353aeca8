// Payments as the window sees them: the ledger, and the questions asked before paying.
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import type { App } from '../app.ts';

type PaymentMethods = 'listPayments' | 'answerPayment' | 'listPaymentRequests';

export function paymentsApi(app: App): Pick<ShotlinkApi, PaymentMethods> {
  return {
    listPayments: async () => app.core.payments?.list() ?? [],
    answerPayment: async (requestId, yes) => app.questions.answer(requestId, yes),
    listPaymentRequests: async () => app.questions.pending(),
  };
}
