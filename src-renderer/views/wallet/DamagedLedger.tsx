// Wallet: a damaged payment ledger blocks every payment until it is restored (repaired by hand) or its
// loss accepted. Shown only while one is waiting.
import { useEffect, useState } from 'react';
import type { DamagedLedgerFile } from '../../../src-shared/api.ts';
import { AlertIcon } from '../../components/icons.tsx';
import { useShared } from '../../state.tsx';

export function DamagedLedger({ onResolved }: { onResolved: () => void }) {
  const { bridge, attempt, notify } = useShared();
  const [damaged, setDamaged] = useState<DamagedLedgerFile[]>([]);
  useEffect(() => {
    void attempt(() => bridge.api.damagedLedgers()).then((files) => files && setDamaged(files));
  }, [attempt, bridge]);
  if (damaged.length === 0) return null;

  async function resolve(action: 'restore' | 'accept') {
    const left = await attempt(() => bridge.api.resolveDamagedLedgers(action));
    if (!left) return;
    setDamaged(left);
    if (left.length === 0) {
      notify(
        'info',
        action === 'restore'
          ? 'Ledger restored: paying is possible again.'
          : 'Loss accepted: paying is possible again.',
      );
      onResolved();
    }
  }

  const restorable = damaged.every((file) => file.restorable);
  return (
    <section className="panel panel-warning" role="alert" aria-label="Damaged payment ledger">
      <h2 className="section-title">
        <AlertIcon width={16} height={16} /> Payments are stopped
      </h2>
      <p>
        The payment ledger was damaged and set aside. It records which uploads were paid for and how much was
        spent today, so Shotlink pays nothing until you decide:
      </p>
      <ul className="mono small">
        {damaged.map((file) => (
          <li key={file.file}>
            {file.file} {file.restorable ? '(repaired: can be restored)' : '(still damaged)'}
          </li>
        ))}
      </ul>
      <div className="row-actions">
        <button
          type="button"
          className="button"
          disabled={!restorable}
          onClick={() => void resolve('restore')}
        >
          Restore it
        </button>
        <button type="button" className="button" onClick={() => void resolve('accept')}>
          Accept the loss
        </button>
      </div>
      <p className="muted small">
        Restore once the file is repaired by hand; accepting keeps the file and starts the daily cap from the
        current ledger.
      </p>
    </section>
  );
}
