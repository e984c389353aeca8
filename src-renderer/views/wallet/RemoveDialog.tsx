// Wallet: removing the wallet from this machine.
import type { WalletStatus } from '../../../src-shared/api.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { AlertIcon } from '../../components/icons.tsx';
import { useShared } from '../../state.tsx';

export function RemoveDialog({
  onClose,
  onRemoved,
}: {
  onClose: () => void;
  onRemoved: (w: WalletStatus) => void;
}) {
  const { bridge, attempt, notify } = useShared();
  async function remove() {
    const w = await attempt(() => bridge.api.walletRemove());
    if (!w) return;
    onRemoved(w);
    notify('info', 'Wallet removed from this computer');
    onClose();
  }
  return (
    <Dialog
      title="Remove the wallet?"
      tone="danger"
      icon={<AlertIcon />}
      onCancel={onClose}
      actions={
        <>
          <button type="button" className="button" data-autofocus onClick={onClose}>
            Keep it
          </button>
          <button type="button" className="button button-danger" onClick={() => void remove()}>
            Remove
          </button>
        </>
      }
    >
      <p>
        The key is deleted from this computer’s keychain. Unless you exported it, any USDC left in it is lost
        for good.
      </p>
    </Dialog>
  );
}
