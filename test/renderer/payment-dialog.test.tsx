// @vitest-environment jsdom
// The payment question, raised by core's own payment questions (what the payments module asks through
// before it pays) and answered through the real answerPayment.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentQuestion } from '../../src-main/core/context.ts';
import { startRealBridge, type RealBridge } from './real-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(cleanup);

/** Core asks, as the payments module does before it pays; resolves with the person's answer. */
function ask(bridge: RealBridge, overrides: Partial<PaymentQuestion> = {}): Promise<boolean> {
  let answer!: Promise<boolean>;
  act(() => {
    answer = bridge.app.questions.ask({
      fileName: 'screenshot.png',
      provider: 'img402',
      tier: '1y',
      amountAtomic: '10000',
      network: 'base',
      payTo: '0x1111111111111111111111111111111111111111',
      ...overrides,
    });
  });
  return answer;
}

describe('Payment confirmation', () => {
  it('asks with the price, host and recipient, focusing “Don’t pay” so a stray Enter spends nothing', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'history');
    void ask(bridge, { fileName: 'invoice.png', amountAtomic: '10000' });
    const dialog = screen.getByRole('alertdialog', { name: 'Pay 0.01 USDC to upload?' });
    expect(dialog.textContent).toContain('invoice.png');
    expect(dialog.textContent).toContain('img402.dev, tier 1 year');
    // The recipient in full: every character of where the money goes.
    expect(dialog.textContent).toContain(`0x${'1'.repeat(40)}`);
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Don’t pay' }));
  });

  it('sends yes or no, one request at a time', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge);
    const first = ask(bridge, { amountAtomic: '1000000', tier: 'permanent' });
    const second = ask(bridge);
    const firstDialog = screen.getByRole('alertdialog', { name: 'Pay 1.00 USDC to upload?' });
    expect(firstDialog.textContent).toContain('1 more waiting');
    await act(async () =>
      fireEvent.click(within(firstDialog).getByRole('button', { name: 'Pay 1.00 USDC' })),
    );
    const secondDialog = await screen.findByRole('alertdialog', { name: 'Pay 0.01 USDC to upload?' });
    await act(async () => fireEvent.click(within(secondDialog).getByRole('button', { name: 'Don’t pay' })));
    expect(await first).toBe(true);
    expect(await second).toBe(false);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(bridge.callsOf('answerPayment').map(([, yes]) => yes)).toEqual([true, false]);
  });

  it('treats Escape as no, and closes when the service withdraws the question', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge);
    const first = ask(bridge);
    await act(async () => fireEvent.keyDown(screen.getByRole('alertdialog'), { key: 'Escape' }));
    expect(await first).toBe(false);

    void ask(bridge);
    expect(screen.getByRole('alertdialog')).toBeTruthy();
    // The upload was cancelled (or the service is closing): core withdraws what it asked.
    act(() => bridge.app.questions.declineAll());
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('shows a question raised before the window opened', async () => {
    const bridge = await startRealBridge();
    void bridge.app.questions.ask({
      fileName: 'early.png',
      provider: 'img402',
      tier: '1y',
      amountAtomic: '10000',
      network: 'base',
      payTo: '0x1111111111111111111111111111111111111111',
    });
    await renderApp(bridge);
    expect(await screen.findByRole('alertdialog', { name: 'Pay 0.01 USDC to upload?' })).toBeTruthy();
  });

  it('keeps Tab inside the dialog', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge);
    void ask(bridge);
    const dialog = screen.getByRole('alertdialog');
    const pay = within(dialog).getByRole('button', { name: 'Pay 0.01 USDC' });
    pay.focus();
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Don’t pay' }));
  });
});
