// Wallet: importing a private key.
import { useId, useState } from 'react';
import type { WalletStatus } from '../../../src-shared/api.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { useShared } from '../../state.tsx';

export function ImportDialog({
  onClose,
  onImported,
}: {
  onClose: () => void;
  onImported: (w: WalletStatus) => void;
}) {
  const { bridge, attempt, notify } = useShared();
  const [key, setKey] = useState('');
  const id = useId();
  async function submit() {
    const w = await attempt(() => bridge.api.walletImport(key.trim()));
    if (!w) return;
    setKey('');
    onImported(w);
    notify('info', 'Wallet imported');
    onClose();
  }
  return (
    <Dialog
      title="Import a wallet key"
      onCancel={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={!key.trim()}
            onClick={() => void submit()}
          >
            Import
          </button>
        </>
      }
    >
      <p>
        Paste a private key (0x followed by 64 hex digits). It is stored in your system keychain, never in a
        file.
      </p>
      <label htmlFor={id} className="field-label">
        Private key
      </label>
      <input
        id={id}
        type="password"
        autoComplete="off"
        spellCheck={false}
        className="mono wide"
        data-autofocus
        value={key}
        onChange={(e) => setKey(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && key.trim() && void submit()}
      />
    </Dialog>
  );
}
