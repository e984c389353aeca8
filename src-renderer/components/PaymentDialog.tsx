// The question the service asks before spending money: raised by the `payment-request` event, answered
// with answerPayment. Requests queue up; one is shown at a time. "Don't pay" is focused first, so a
// stray Enter never spends anything.
import { useEffect, useState } from 'react';
import type { PaymentRequest } from '../../src-shared/api.ts';
import { describeRetention, formatUsdc } from '../../src-shared/catalog.ts';
import { networkLabel } from '../lib/format.ts';
import { useEvent, useShared } from '../state.tsx';
import { Dialog } from './Dialog.tsx';
import { WalletIcon } from './icons.tsx';

export function PaymentDialog() {
  const { bridge, attempt, providers } = useShared();
  const [queue, setQueue] = useState<PaymentRequest[]>([]);
  const [busy, setBusy] = useState(false);

  const enqueue = (requests: PaymentRequest[]) =>
    setQueue((q) => [...q, ...requests.filter((r) => !q.some((x) => x.requestId === r.requestId))]);

  // Questions raised before this window opened are still waiting for an answer.
  useEffect(() => {
    bridge.api.listPaymentRequests().then(enqueue, () => {});
  }, [bridge]);
  useEvent(bridge, 'payment-request', (request) => enqueue([request]));
  useEvent(bridge, 'payment-request-closed', ({ requestId }) =>
    setQueue((q) => q.filter((r) => r.requestId !== requestId)),
  );

  const request = queue[0];
  if (!request) return null;

  const provider = providers.find((p) => p.id === request.provider);
  const tier = provider?.tiers.find((t) => t.id === request.tier);
  let amount: string;
  try {
    amount = formatUsdc(request.amountAtomic);
  } catch {
    amount = request.amountAtomic;
  }

  async function answer(yes: boolean) {
    if (!request) return;
    setBusy(true);
    await attempt(() => bridge.api.answerPayment(request.requestId, yes));
    setBusy(false);
    setQueue((q) => q.filter((r) => r.requestId !== request.requestId));
  }

  return (
    <Dialog
      title={`Pay ${amount} USDC to upload?`}
      tone="payment"
      icon={<WalletIcon />}
      onCancel={() => void answer(false)}
      actions={
        <>
          <button
            type="button"
            className="button"
            data-autofocus
            disabled={busy}
            onClick={() => void answer(false)}
          >
            Don’t pay
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => void answer(true)}
          >
            Pay {amount} USDC
          </button>
        </>
      }
    >
      <p>
        <strong>{request.fileName}</strong> goes to {provider?.label ?? request.provider}, tier{' '}
        {tier?.label ?? request.tier}.
      </p>
      <dl className="facts">
        <dt>Amount</dt>
        <dd>{amount} USDC</dd>
        {tier && (
          <>
            <dt>Buys</dt>
            <dd>
              {tier.retentionDays === null
                ? 'Permanent hosting'
                : `Hosting for ${describeRetention(tier.retentionDays)}`}
              , one image
            </dd>
          </>
        )}
        <dt>Network</dt>
        <dd>{networkLabel(request.network)}</dd>
        <dt>Paid to</dt>
        {/* In full: a person checking where money goes must see every character, not a shortened one. */}
        <dd className="mono payee">{request.payTo}</dd>
      </dl>
      {queue.length > 1 && <p className="muted small">{queue.length - 1} more waiting after this one.</p>}
    </Dialog>
  );
}
