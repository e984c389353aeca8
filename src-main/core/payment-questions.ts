// "Pay 0.01 USDC for this upload?" asked in the window: the payments module calls `ask` (a
// ConfirmPayment), which raises a `payment-request` event and waits for `answerPayment`. A question
// nobody answers in time is a no: money never moves without a yes.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { PaymentRequest } from '../../src-shared/api.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';
import type { ConfirmPayment } from './context.ts';
import type { ApiEventBus } from './events.ts';

/** The queue runs each job inside this scope, so a question knows which job it holds up. */
export const currentJob = new AsyncLocalStorage<string>();

export interface PaymentQuestionsOptions {
  events: ApiEventBus;
  /** Unanswered questions count as declined after this long (default 10 minutes). */
  timeoutMs?: number;
  /** A job waits on the user (shown as awaiting-payment) or stops waiting. */
  onWaiting?(jobId: string, waiting: boolean): void;
}

export class PaymentQuestions {
  private readonly open = new Map<string, { request: PaymentRequest; settle(yes: boolean): void }>();

  constructor(private readonly options: PaymentQuestionsOptions) {}

  readonly ask: ConfirmPayment = (question) => {
    const jobId = currentJob.getStore();
    const request: PaymentRequest = {
      requestId: `pay-${randomBytes(8).toString('hex')}`,
      fileName: question.fileName,
      provider: question.provider,
      tier: question.tier,
      amountAtomic: question.amountAtomic,
      network: question.network,
      payTo: question.payTo,
      ...(jobId !== undefined && { jobId }),
      ...(question.note !== undefined && { note: question.note }),
    };
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => settle(false), this.options.timeoutMs ?? 10 * 60_000);
      timer.unref();
      const settle = (yes: boolean) => {
        if (!this.open.delete(request.requestId)) return;
        clearTimeout(timer);
        if (jobId !== undefined) this.options.onWaiting?.(jobId, false);
        this.options.events.emit('payment-request-closed', { requestId: request.requestId });
        resolve(yes);
      };
      this.open.set(request.requestId, { request, settle });
      if (jobId !== undefined) this.options.onWaiting?.(jobId, true);
      this.options.events.emit('payment-request', request);
    });
  };

  answer(requestId: string, yes: boolean): void {
    const question = this.open.get(requestId);
    if (!question) {
      throw new ShotlinkError(
        'usage',
        'That payment question is no longer open (answered, timed out or cancelled).',
      );
    }
    question.settle(yes);
  }

  pending(): PaymentRequest[] {
    return [...this.open.values()].map(({ request }) => ({ ...request }));
  }

  /** Declines whatever is still open for this job (it was cancelled) or for everyone (shutdown). */
  declineAll(jobId?: string): void {
    for (const { request, settle } of [...this.open.values()]) {
      if (jobId === undefined || request.jobId === jobId) settle(false);
    }
  }
}
