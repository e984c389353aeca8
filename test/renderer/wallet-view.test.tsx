// @vitest-environment jsdom
// The wallet and its ledger on the real service: the key in its (in-memory) keychain, the balance read
// from a JSON-RPC node on 127.0.0.1, payments written through the real ledger.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import { openLedger, type LedgerEntry } from '../../src-main/core/payments/ledger.ts';
import { WALLET_SECRET_ACCOUNT } from '../../src-main/core/payments/wallet.ts';
import { startFakeRpc } from '../support/fake-rpc.ts';
import { closeAfterTest, eventually, startRealBridge } from './real-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(cleanup);

const KEY = `0x${'ab'.repeat(32)}` as const;
const ADDRESS = privateKeyToAccount(KEY).address;

/** A Base node where every USDC balance is 4.25. */
const rpcNode = async () => closeAfterTest(await startFakeRpc(4_250_000n)).url;

/** A service whose keychain holds the wallet key. */
const withWallet = (options: Parameters<typeof startRealBridge>[0] = {}) =>
  startRealBridge({ ...options, service: { secrets: createMemoryStore({ [WALLET_SECRET_ACCOUNT]: KEY }) } });

const payment: LedgerEntry = {
  id: 'pay1',
  createdAt: '2026-01-02T09:00:00.000Z',
  provider: 'img402',
  tier: '1y',
  amountAtomic: '10000',
  asset: 'USDC',
  network: 'base',
  payer: ADDRESS,
  payTo: '0x1111111111111111111111111111111111111111',
  transaction: '0xabcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789',
  token: 'tok',
  tokenExpiresAt: null,
  uploadKey: 'job-1',
  usedAt: '2026-01-02T09:00:05.000Z',
};

describe('Wallet', () => {
  it('offers create and import when there is no wallet, and creates one', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'wallet');
    expect(await screen.findByText('No wallet yet')).toBeTruthy();
    expect(screen.getByText(/No payments yet/)).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create wallet' })));
    const { address } = await bridge.app.core.wallet.status();
    expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect((await screen.findByTestId('wallet-address')).textContent).toBe(address);
  });

  it('shows address, network, balance and the ledger, never the key', async () => {
    const bridge = await withWallet({ settings: { payments: { rpcUrl: await rpcNode() } } });
    openLedger(bridge.test.home).add(payment);
    await renderApp(bridge, 'wallet');
    expect((await screen.findByTestId('wallet-address')).textContent).toBe(ADDRESS);
    expect(await screen.findByText('4.25 USDC')).toBeTruthy();
    const row = screen.getByRole('row', { name: /img402\.dev · 1 year/ });
    expect(within(row).getByText('0.01 USDC')).toBeTruthy();
    expect(within(row).getByText('used')).toBeTruthy();
    expect(document.body.textContent).not.toContain('abab');
    expect(bridge.callsOf('walletExport')).toEqual([]);
  });

  it('exports the key only on explicit request, once, and forgets it on close', async () => {
    const bridge = await withWallet();
    await renderApp(bridge, 'wallet');
    fireEvent.click(await screen.findByRole('button', { name: /Export private key/ }));
    const dialog = screen.getByRole('alertdialog', { name: 'Export private key' });
    expect(bridge.callsOf('walletExport')).toEqual([]);
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Show key' })));
    await eventually(() => expect(within(dialog).getByLabelText('Private key').textContent).toBe(KEY));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(document.body.textContent).not.toContain('abababab');
  });

  it('imports a key, showing the service’s message for a bad one', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'wallet');
    fireEvent.click(await screen.findByRole('button', { name: 'Import a key…' }));
    const dialog = screen.getByRole('dialog', { name: 'Import a wallet key' });
    const field = within(dialog).getByLabelText('Private key');
    expect(document.activeElement).toBe(field);
    fireEvent.change(field, { target: { value: 'not-a-key' } });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Import' })));
    expect(
      await screen.findByText(/The imported key is not a private key: expected 64 hexadecimal characters/),
    ).toBeTruthy();
    expect(await bridge.app.core.secrets.get(WALLET_SECRET_ACCOUNT)).toBeNull();
    fireEvent.change(field, { target: { value: KEY } });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Import' })));
    await eventually(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await screen.findByTestId('wallet-address')).textContent).toBe(ADDRESS);
    expect(await bridge.app.core.secrets.get(WALLET_SECRET_ACCOUNT)).toBe(KEY);
  });

  it('removes the wallet after a warning', async () => {
    const bridge = await withWallet();
    await renderApp(bridge, 'wallet');
    fireEvent.click(await screen.findByRole('button', { name: 'Remove wallet…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Remove the wallet?' });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' })));
    expect(await screen.findByText('No wallet yet')).toBeTruthy();
  });

  it('saves the spending cap and ask-before-paying, refusing an amount that is not USDC', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'wallet');
    const cap = await screen.findByLabelText(/Daily spending cap/);
    fireEvent.change(cap, { target: { value: 'lots' } });
    fireEvent.blur(cap);
    expect((await screen.findByRole('alert')).textContent).toContain('is not an amount of USDC');
    expect(bridge.settings().payments.dailyCapUsdc).toBe('2');
    fireEvent.change(cap, { target: { value: '0.5' } });
    await act(async () => fireEvent.blur(cap));
    expect(bridge.settings().payments.dailyCapUsdc).toBe('0.5');

    const ask = screen.getByRole('switch', { name: 'Ask before paying' });
    expect(ask.getAttribute('aria-checked')).toBe('true');
    await act(async () => fireEvent.click(ask));
    expect(bridge.settings().payments.askBeforePaying).toBe(false);
    expect(screen.getByLabelText(/Pay without asking up to/)).toBeTruthy();
  });

  it('saves the RPC address used for the balance', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'wallet');
    const rpc = await screen.findByRole('textbox', { name: 'Balance RPC URL' });
    fireEvent.change(rpc, { target: { value: 'https://mainnet.base.org' } });
    await act(async () => fireEvent.keyDown(rpc, { key: 'Enter' }));
    expect(bridge.settings().payments.rpcUrl).toBe('https://mainnet.base.org');
  });
});

describe('a damaged payment ledger', () => {
  it('says payments are stopped, and accepting the loss clears it', async () => {
    // The ledger file is damaged on disk; the first read sets it aside, as in any process.
    const bridge = await startRealBridge();
    writeFileSync(join(bridge.test.home, 'payments.json'), '{"payments": [ {"id": "pay1", "creat');
    expect(openLedger(bridge.test.home).entries()).toEqual([]);
    const [damaged] = await bridge.test.service.dispatch.api.damagedLedgers();
    await renderApp(bridge, 'wallet');
    const alert = await screen.findByRole('alert', { name: 'Damaged payment ledger' });
    expect(damaged!.file).toMatch(/payments\.json\.corrupt-/);
    expect(alert.textContent).toContain(`${damaged!.file} (still damaged)`);
    expect((within(alert).getByRole('button', { name: 'Restore it' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    await act(async () => {
      fireEvent.click(within(alert).getByRole('button', { name: 'Accept the loss' }));
    });
    expect(bridge.callsOf('resolveDamagedLedgers')).toEqual([['accept']]);
    await eventually(() =>
      expect(screen.queryByRole('alert', { name: 'Damaged payment ledger' })).toBeNull(),
    );
    expect(await bridge.test.service.dispatch.api.damagedLedgers()).toEqual([]);
  });
});
