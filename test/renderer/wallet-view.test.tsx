// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentRecord } from '../../src-shared/history.ts';
import { createFakeBridge } from './fake-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(cleanup);

const ADDRESS = '0x9f8e7d6c5b4a39281706f5e4d3c2b1a098765432';
const payment: PaymentRecord = {
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
    const bridge = createFakeBridge();
    await renderApp(bridge, 'wallet');
    expect(await screen.findByText('No wallet yet')).toBeTruthy();
    expect(screen.getByText(/No payments yet/)).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create wallet' })));
    expect(screen.getByTestId('wallet-address').textContent).toBe(bridge.state.wallet.address);
  });

  it('shows address, network, balance and the ledger, never the key', async () => {
    const bridge = createFakeBridge({
      wallet: { address: ADDRESS, source: 'keychain', network: 'base' },
      payments: [payment],
    });
    await renderApp(bridge, 'wallet');
    expect((await screen.findByTestId('wallet-address')).textContent).toBe(ADDRESS);
    expect(await screen.findByText('4.25 USDC')).toBeTruthy();
    const row = screen.getByRole('row', { name: /img402\.dev · 1 year/ });
    expect(within(row).getByText('0.01 USDC')).toBeTruthy();
    expect(within(row).getByText('used')).toBeTruthy();
    expect(document.body.textContent).not.toContain('abab');
    expect(bridge.calls.some((c) => c.method === 'walletExport')).toBe(false);
  });

  it('exports the key only on explicit request, once, and forgets it on close', async () => {
    const bridge = createFakeBridge({ wallet: { address: ADDRESS, source: 'keychain', network: 'base' } });
    await renderApp(bridge, 'wallet');
    fireEvent.click(await screen.findByRole('button', { name: /Export private key/ }));
    const dialog = screen.getByRole('alertdialog', { name: 'Export private key' });
    expect(bridge.calls.some((c) => c.method === 'walletExport')).toBe(false);
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Show key' })));
    expect(within(dialog).getByLabelText('Private key').textContent).toBe('0x' + 'ab'.repeat(32));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(document.body.textContent).not.toContain('abababab');
  });

  it('imports a key, showing the service’s message for a bad one', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'wallet');
    fireEvent.click(await screen.findByRole('button', { name: 'Import a key…' }));
    const dialog = screen.getByRole('dialog', { name: 'Import a wallet key' });
    const field = within(dialog).getByLabelText('Private key');
    expect(document.activeElement).toBe(field);
    fireEvent.change(field, { target: { value: 'not-a-key' } });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Import' })));
    expect(screen.getByText(/That is not a private key/)).toBeTruthy();
    fireEvent.change(field, { target: { value: '0x' + '1'.repeat(64) } });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Import' })));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('wallet-address').textContent).toBe(bridge.state.wallet.address);
  });

  it('removes the wallet after a warning', async () => {
    const bridge = createFakeBridge({ wallet: { address: ADDRESS, source: 'keychain', network: 'base' } });
    await renderApp(bridge, 'wallet');
    fireEvent.click(await screen.findByRole('button', { name: 'Remove wallet…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Remove the wallet?' });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' })));
    expect(await screen.findByText('No wallet yet')).toBeTruthy();
  });

  it('saves the spending cap and ask-before-paying, refusing an amount that is not USDC', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'wallet');
    const cap = await screen.findByLabelText(/Daily spending cap/);
    fireEvent.change(cap, { target: { value: 'lots' } });
    fireEvent.blur(cap);
    expect((await screen.findByRole('alert')).textContent).toContain('is not an amount of USDC');
    expect(bridge.state.settings.payments.dailyCapUsdc).toBe('2');
    fireEvent.change(cap, { target: { value: '0.5' } });
    await act(async () => fireEvent.blur(cap));
    expect(bridge.state.settings.payments.dailyCapUsdc).toBe('0.5');

    const ask = screen.getByRole('switch', { name: 'Ask before paying' });
    expect(ask.getAttribute('aria-checked')).toBe('true');
    await act(async () => fireEvent.click(ask));
    expect(bridge.state.settings.payments.askBeforePaying).toBe(false);
    expect(screen.getByLabelText(/Pay without asking up to/)).toBeTruthy();
  });

  it('saves the RPC address used for the balance', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'wallet');
    const rpc = await screen.findByRole('textbox', { name: 'Balance RPC URL' });
    fireEvent.change(rpc, { target: { value: 'https://mainnet.base.org' } });
    await act(async () => fireEvent.keyDown(rpc, { key: 'Enter' }));
    expect(bridge.state.settings.payments.rpcUrl).toBe('https://mainnet.base.org');
  });
});

describe('a damaged payment ledger', () => {
  it('says payments are stopped, and accepting the loss clears it', async () => {
    const bridge = createFakeBridge({
      damagedLedgers: [{ file: '/data/payments.json.corrupt-2026-01-01', restorable: false }],
    });
    await renderApp(bridge, 'wallet');
    const alert = await screen.findByRole('alert', { name: 'Damaged payment ledger' });
    expect(alert.textContent).toContain('/data/payments.json.corrupt-2026-01-01 (still damaged)');
    expect((within(alert).getByRole('button', { name: 'Restore it' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    await act(async () => {
      fireEvent.click(within(alert).getByRole('button', { name: 'Accept the loss' }));
    });
    expect(bridge.calls.find((c) => c.method === 'resolveDamagedLedgers')?.args).toEqual(['accept']);
    expect(screen.queryByRole('alert', { name: 'Damaged payment ledger' })).toBeNull();
  });
});
