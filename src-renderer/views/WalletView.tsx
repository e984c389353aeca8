// Wallet: the address (never the key), network, balance, spending rules and the payments ledger.
// The private key crosses to the window only on an explicit export, is shown once, and is dropped
// from memory when that dialog closes.
import { useCallback, useEffect, useState } from 'react';
import type { WalletStatus } from '../../src-shared/api.ts';
import { formatUsdc } from '../../src-shared/catalog.ts';
import type { PaymentRecord } from '../../src-shared/history.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { AlertIcon, CopyIcon, RetryIcon, ShieldIcon, WalletIcon } from '../components/icons.tsx';
import { destinationLabel, formatDateTime, networkLabel, shortAddress } from '../lib/format.ts';
import { useShared } from '../state.tsx';
import { writeBrowserClipboard } from '../components/CopyButtons.tsx';
import { messageOf } from '../transport/errors.ts';
import { DamagedLedger } from './wallet/DamagedLedger.tsx';
import { SpendingRules } from './wallet/SpendingRules.tsx';
import { ImportDialog } from './wallet/ImportDialog.tsx';
import { ExportDialog } from './wallet/ExportDialog.tsx';
import { RemoveDialog } from './wallet/RemoveDialog.tsx';

type Modal = 'import' | 'export' | 'remove' | null;

export function WalletView() {
  const { bridge, attempt, settings, notify, providers } = useShared();
  const [wallet, setWallet] = useState<WalletStatus | null>(null);
  const [balance, setBalance] = useState<{ usdc: string | null; error?: string } | null>(null);
  const [payments, setPayments] = useState<PaymentRecord[] | null>(null);
  const [modal, setModal] = useState<Modal>(null);

  const fetchBalance = useCallback(
    () => bridge.api.walletBalance().catch((e: unknown) => ({ usdc: null, error: messageOf(e) })),
    [bridge],
  );
  const refreshBalance = async () => {
    setBalance(null);
    setBalance(await fetchBalance());
  };

  useEffect(() => {
    void attempt(() => bridge.api.walletStatus()).then((w) => w && setWallet(w));
    void attempt(() => bridge.api.listPayments()).then((p) => p && setPayments(p));
  }, [attempt, bridge]);

  useEffect(() => {
    if (wallet?.address) void fetchBalance().then(setBalance);
  }, [wallet?.address, fetchBalance]);

  async function create() {
    const w = await attempt(() => bridge.api.walletCreate());
    if (w) {
      setWallet(w);
      notify('info', 'Wallet created. Add USDC on Base to pay for uploads.');
    }
  }

  return (
    <div className="view">
      <header className="view-header">
        <div>
          <h1>Wallet</h1>
          <p className="view-subtitle">
            Pays for img402’s longer-lived tiers in USDC, only within your limits.
          </p>
        </div>
      </header>

      <section className="panel">
        <h2 className="section-title">Account</h2>
        {wallet === null ? (
          <p className="muted">Loading…</p>
        ) : wallet.address === null ? (
          <EmptyState
            icon={<WalletIcon width={28} height={28} />}
            title="No wallet yet"
            action={
              <div className="button-row">
                <button type="button" className="button button-primary" onClick={() => void create()}>
                  Create wallet
                </button>
                <button type="button" className="button" onClick={() => setModal('import')}>
                  Import a key…
                </button>
              </div>
            }
          >
            Free tiers need no wallet. For the 1-year and permanent tiers, create one here; its key is kept in
            your system keychain.
          </EmptyState>
        ) : (
          <div className="wallet-card">
            <div className="wallet-address-row">
              <div>
                <span className="fact-label">Address</span>
                <div className="wallet-address mono" data-testid="wallet-address">
                  {wallet.address}
                </div>
              </div>
              <button
                type="button"
                className="icon-button"
                aria-label="Copy address"
                onClick={() =>
                  void writeBrowserClipboard(wallet.address!).then(() => notify('info', 'Address copied'))
                }
              >
                <CopyIcon />
              </button>
            </div>
            <dl className="facts facts-row">
              <div>
                <dt>Network</dt>
                <dd>
                  <span className="badge">{networkLabel(wallet.network)}</span>
                </dd>
              </div>
              <div>
                <dt>Key stored in</dt>
                <dd>{wallet.source === 'env' ? 'SHOTLINK_WALLET_KEY' : 'System keychain'}</dd>
              </div>
              <div>
                <dt>Balance</dt>
                <dd className="balance">
                  {balance === null ? (
                    <span className="muted">checking…</span>
                  ) : balance.usdc !== null ? (
                    <strong>{balance.usdc} USDC</strong>
                  ) : (
                    <span className="muted" title={balance.error}>
                      {balance.error ? 'unavailable' : '—'}
                    </span>
                  )}
                  <button
                    type="button"
                    className="icon-button"
                    aria-label="Refresh balance"
                    onClick={() => void refreshBalance()}
                  >
                    <RetryIcon width={14} height={14} />
                  </button>
                </dd>
              </div>
            </dl>
            {balance?.error && <p className="muted small">{balance.error}</p>}
            {wallet.source === 'env' && (
              <p className="muted small">
                The key comes from the SHOTLINK_WALLET_KEY environment variable: unset it to create, import or
                remove a wallet here.
              </p>
            )}
            <div className="button-row">
              <button
                type="button"
                className="button"
                onClick={() => setModal('export')}
                disabled={wallet.source === 'env'}
              >
                <ShieldIcon width={16} height={16} /> Export private key…
              </button>
              <button
                type="button"
                className="button button-danger-ghost"
                onClick={() => setModal('remove')}
                disabled={wallet.source === 'env'}
              >
                Remove wallet…
              </button>
            </div>
          </div>
        )}
        {wallet?.keychainProblem && (
          <p className="warning">
            <AlertIcon width={16} height={16} /> {wallet.keychainProblem}
          </p>
        )}
      </section>

      <DamagedLedger
        onResolved={() => void attempt(() => bridge.api.listPayments()).then((p) => p && setPayments(p))}
      />
      {settings && <SpendingRules />}

      <section className="panel">
        <h2 className="section-title">Payments</h2>
        {payments === null ? (
          <p className="muted">Loading…</p>
        ) : payments.length === 0 ? (
          <p className="muted">No payments yet. Every payment is recorded here before its upload is sent.</p>
        ) : (
          <div className="table-wrap">
            <table className="ledger">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Host</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col">Network</th>
                  <th scope="col">Transaction</th>
                  <th scope="col">Upload</th>
                </tr>
              </thead>
              <tbody>
                {payments.map((p) => (
                  <tr key={p.id}>
                    <td>{formatDateTime(p.createdAt)}</td>
                    <td>{destinationLabel(providers, p.provider, p.tier)}</td>
                    <td className="num">{formatUsdc(p.amountAtomic)} USDC</td>
                    <td>{networkLabel(p.network)}</td>
                    <td className="mono" title={p.transaction ?? undefined}>
                      {p.transaction ? shortAddress(p.transaction) : '—'}
                    </td>
                    <td>
                      {p.usedAt ? (
                        <span className="badge badge-ok">used</span>
                      ) : (
                        <span className="badge badge-soon">token unused</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {modal === 'import' && <ImportDialog onClose={() => setModal(null)} onImported={setWallet} />}
      {modal === 'export' && <ExportDialog onClose={() => setModal(null)} />}
      {modal === 'remove' && <RemoveDialog onClose={() => setModal(null)} onRemoved={setWallet} />}
    </div>
  );
}
