// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeBridge, paymentRequest } from './fake-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(cleanup);

describe('Payment confirmation', () => {
  it('asks with the price, host and recipient, focusing “Don’t pay” so a stray Enter spends nothing', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'history');
    act(() =>
      bridge.emit('payment-request', paymentRequest({ fileName: 'invoice.png', amountAtomic: '10000' })),
    );
    const dialog = screen.getByRole('alertdialog', { name: 'Pay 0.01 USDC to upload?' });
    expect(dialog.textContent).toContain('invoice.png');
    expect(dialog.textContent).toContain('img402.dev, tier 1 year');
    // The recipient in full: every character of where the money goes.
    expect(dialog.textContent).toContain(`0x${'1'.repeat(40)}`);
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Don’t pay' }));
  });

  it('sends yes or no, one request at a time', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge);
    act(() => {
      bridge.emit(
        'payment-request',
        paymentRequest({ requestId: 'p1', amountAtomic: '1000000', tier: 'permanent' }),
      );
      bridge.emit('payment-request', paymentRequest({ requestId: 'p2' }));
    });
    const first = screen.getByRole('alertdialog', { name: 'Pay 1.00 USDC to upload?' });
    expect(first.textContent).toContain('1 more waiting');
    await act(async () => fireEvent.click(within(first).getByRole('button', { name: 'Pay 1.00 USDC' })));
    const second = screen.getByRole('alertdialog', { name: 'Pay 0.01 USDC to upload?' });
    await act(async () => fireEvent.click(within(second).getByRole('button', { name: 'Don’t pay' })));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(bridge.state.answers).toEqual([
      { requestId: 'p1', yes: true },
      { requestId: 'p2', yes: false },
    ]);
  });

  it('treats Escape as no, and closes when the service withdraws the question', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge);
    act(() => bridge.emit('payment-request', paymentRequest({ requestId: 'p1' })));
    await act(async () => fireEvent.keyDown(screen.getByRole('alertdialog'), { key: 'Escape' }));
    expect(bridge.state.answers).toEqual([{ requestId: 'p1', yes: false }]);

    act(() => bridge.emit('payment-request', paymentRequest({ requestId: 'p2' })));
    expect(screen.getByRole('alertdialog')).toBeTruthy();
    act(() => bridge.emit('payment-request-closed', { requestId: 'p2' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('shows a question raised before the window opened', async () => {
    const bridge = createFakeBridge({ paymentRequests: [paymentRequest({ requestId: 'early' })] });
    await renderApp(bridge);
    expect(await screen.findByRole('alertdialog', { name: 'Pay 0.01 USDC to upload?' })).toBeTruthy();
  });

  it('keeps Tab inside the dialog', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge);
    act(() => bridge.emit('payment-request', paymentRequest()));
    const dialog = screen.getByRole('alertdialog');
    const pay = within(dialog).getByRole('button', { name: 'Pay 0.01 USDC' });
    pay.focus();
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Don’t pay' }));
  });
});
