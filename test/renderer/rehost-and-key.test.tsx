// @vitest-environment jsdom
// The window's controls for issue #27, on the real service: a pasted image link goes to uploadUrl
// (not as text into nothing), Settings → img.pro "Get a key" sends the email and says what verifying
// unlocks, and an img.pro entry's copy buttons ask for the size picked beside them.
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { HOSTS } from '../../src-shared/hosts/index.ts';
import type { HistoryEntry } from '../../src-shared/history.ts';
import { eventually, startRealBridge } from './real-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(cleanup);

function paste(text: string) {
  const event = new Event('paste', { bubbles: true, cancelable: true });
  Object.assign(event, {
    clipboardData: { files: [], getData: (type: string) => (type === 'text/plain' ? text : '') },
  });
  document.body.dispatchEvent(event);
}

describe('issue #27 in the window', () => {
  it('re-hosts a pasted image link, and leaves other pasted text alone', async () => {
    // img.pro as the target: it imports a link itself (the fake fetches it from its own address).
    const bridge = await startRealBridge({ settings: { provider: 'imgpro', tier: 'anonymous' } });
    const link = `${bridge.test.imgpro.url}/charts/q3.png`;
    await renderApp(bridge);
    await act(async () => paste('just some words'));
    await act(async () => paste(`  ${link} \n`));
    await eventually(() => expect(bridge.callsOf('uploadUrl')).toEqual([[link]]));
  });

  it('Settings → img.pro → Get a key sends the email and says what verifying unlocks', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'settings');
    const email = screen.getByLabelText('Email for a new img.pro API key');
    // Offered in the section of each host whose description says it hands out keys: img.pro's alone.
    const offeredIn = screen
      .getAllByRole('button', { name: 'Get a key' })
      .map((button) => button.closest('section')?.querySelector('h2')?.textContent);
    const handsOutKeys = HOSTS.filter((host) => host.keyForEmail);
    expect(handsOutKeys.map((host) => host.id)).toEqual(['imgpro']);
    expect(offeredIn).toEqual(handsOutKeys.map((host) => host.formTitle ?? host.label));
    const button = screen.getByRole('button', { name: 'Get a key' });
    expect(button).toHaveProperty('disabled', true);
    fireEvent.change(email, { target: { value: 'dev@example.org' } });
    await act(async () => fireEvent.click(button));
    expect((await screen.findByText(/Key stored/)).textContent).toMatch(
      /Key stored.*verified keys keep uploads permanently/,
    );
    expect(bridge.test.imgpro.createdKeys.map((made) => made.email)).toEqual(['dev@example.org']);
    // The key went to the keychain, never to the page.
    const [made] = bridge.test.imgpro.createdKeys;
    expect(await bridge.app.core.secrets.get('imgpro-api-key')).toBe(made!.key);
    expect(document.body.innerHTML).not.toContain(made!.key);
  });

  it("copies an img.pro entry's link at the size picked beside the buttons", async () => {
    const entry = {
      id: 'e1',
      fileName: 'shot.png',
      provider: 'imgpro',
      tier: 'anonymous',
      url: 'https://cdn.img.pro/i/abc.png',
      hostId: 'abc',
      originalBytes: 10,
      bytes: 10,
      format: 'png',
      width: 1600,
      height: 1000,
      uploadedAt: '2026-01-01T10:00:00.000Z',
      expiresAt: null,
      thumbnail: null,
      contentHash: 'x',
    } satisfies HistoryEntry;
    const bridge = await startRealBridge({ history: [entry] });
    await renderApp(bridge, 'history');
    fireEvent.change(screen.getAllByLabelText('Size of the linked image of shot.png')[0]!, {
      target: { value: 'm' },
    });
    await act(async () =>
      fireEvent.click(screen.getAllByRole('button', { name: 'Copy URL link to shot.png' })[0]!),
    );
    await eventually(() => expect(bridge.test.clipboard.text).toBe('https://cdn.img.pro/i/abc.png?size=m'));
  });
});
