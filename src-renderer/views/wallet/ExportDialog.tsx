// Wallet: showing the private key once, on request.
import { useState } from 'react';
import { Dialog } from '../../components/Dialog.tsx';
import { CopyIcon, ShieldIcon } from '../../components/icons.tsx';
import { useShared } from '../../state.tsx';
import { writeBrowserClipboard } from '../../components/CopyButtons.tsx';

export function ExportDialog({ onClose }: { onClose: () => void }) {
  const { bridge, attempt, notify } = useShared();
  const [key, setKey] = useState<string | null>(null);
  async function reveal() {
    const k = await attempt(() => bridge.api.walletExport());
    if (k) setKey(k);
  }
  return (
    <Dialog
      title="Export private key"
      tone="danger"
      icon={<ShieldIcon />}
      onCancel={onClose}
      actions={
        key === null ? (
          <>
            <button type="button" className="button" data-autofocus onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="button button-danger" onClick={() => void reveal()}>
              Show key
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="button"
              onClick={() =>
                void writeBrowserClipboard(key).then(() =>
                  notify('info', 'Key copied: paste it somewhere safe'),
                )
              }
            >
              <CopyIcon width={16} height={16} /> Copy
            </button>
            <button type="button" className="button button-primary" data-autofocus onClick={onClose}>
              Done
            </button>
          </>
        )
      }
    >
      {key === null ? (
        <p>
          Anyone who has this key can spend the wallet’s USDC. It is shown once; Shotlink keeps no copy on
          screen after you close this.
        </p>
      ) : (
        <>
          <p>Store it in a password manager. It disappears when you close this dialog.</p>
          <output className="secret mono" aria-label="Private key">
            {key}
          </output>
        </>
      )}
    </Dialog>
  );
}
