// @vitest-environment jsdom
// The img.pro API key field on the Settings view: write-only, labelled, saved and removed by keyboard.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { failOnce, keychainUnavailable, eventually, startRealBridge } from './real-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(cleanup);

const field = () => screen.getByLabelText('img.pro API key') as HTMLInputElement;
/** The img.pro section: the S3 section has Save buttons of its own. */
const imgproSection = () => within(field().closest('section')!);
const source = () => screen.getByTestId('imgpro-api-key-source').textContent;

describe('img.pro API key', () => {
  it('saves a pasted key with Enter, clears the field, and removes it again', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'settings');
    expect(source()).toBe('Not set');
    expect(field().type).toBe('password');
    // The status is read by the field's description, so a screen reader hears it with the label.
    expect(field().getAttribute('aria-describedby')).toContain(
      screen.getByTestId('imgpro-api-key-source').parentElement!.id,
    );
    const link = screen.getByRole('link', { name: 'img.pro' }) as HTMLAnchorElement;
    expect(link.href).toBe('https://img.pro/');
    expect(imgproSection().getByRole('button', { name: 'Save' }).hasAttribute('disabled')).toBe(true);
    expect(screen.queryByRole('button', { name: /Remove the img.pro API key/ })).toBeNull();

    fireEvent.change(field(), { target: { value: '  img_live_secret  ' } });
    await act(async () => fireEvent.submit(field().form!));
    expect(await bridge.app.core.secrets.get('imgpro-api-key')).toBe('img_live_secret');
    expect(source()).toBe('Stored in the system keychain');
    // The key is not left in the page once stored.
    expect(field().value).toBe('');
    expect(document.body.innerHTML).not.toContain('img_live_secret');
    expect(screen.getByText('The img.pro API key was saved.')).toBeTruthy();

    const remove = screen.getByRole('button', { name: 'Remove the img.pro API key' });
    await act(async () => fireEvent.click(remove));
    expect(bridge.callsOf('setSecret')).toEqual([
      ['imgpro-api-key', 'img_live_secret'],
      ['imgpro-api-key', null],
    ]);
    expect(await bridge.app.core.secrets.get('imgpro-api-key')).toBeNull();
    expect(source()).toBe('Not set');
  });

  it('keeps the typed key and shows the service’s reason when saving fails', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'settings');
    // The keychain refuses the write (a locked collection the person did not unlock).
    failOnce(
      bridge.app.core.secrets,
      'set',
      new Error('The OS keychain is not available: the collection is locked.'),
    );
    fireEvent.change(field(), { target: { value: 'img_live_x' } });
    await act(async () => fireEvent.click(imgproSection().getByRole('button', { name: 'Save' })));
    expect(await screen.findByText(/The OS keychain is not available/)).toBeTruthy();
    expect(field().value).toBe('img_live_x');
    expect(source()).toBe('Not set');
  });

  it('says the key comes from SHOTLINK_IMGPRO_KEY and offers no way to change it', async () => {
    const bridge = await startRealBridge({ env: { SHOTLINK_IMGPRO_KEY: 'img_from_env' } });
    await renderApp(bridge, 'settings');
    expect(source()).toBe('From SHOTLINK_IMGPRO_KEY');
    expect(field().disabled).toBe(true);
    expect(screen.queryByRole('button', { name: /Remove the img.pro API key/ })).toBeNull();
    expect(screen.getByText(/unset it to manage it here/)).toBeTruthy();
  });

  it('says when the img.pro address changed since the key was saved, and confirms only when asked', async () => {
    // Saved for the img.pro this service talks to; then the address is changed (by the CLI, say).
    const bridge = await startRealBridge();
    await bridge.test.service.dispatch.api.setSecret('imgpro-api-key', 'img_live_saved');
    bridge.app.core.settings.set({ hosts: { imgproUrl: 'http://127.0.0.1:9999' } });
    await renderApp(bridge, 'settings');
    const alert = await eventually(() => imgproSection().getByRole('alert'));
    expect(alert.textContent).toContain(
      `Saved for ${bridge.test.imgpro.url}, but the address is now http://127.0.0.1:9999`,
    );
    expect(bridge.callsOf('confirmSecretOrigin')).toEqual([]);
    await act(async () =>
      fireEvent.click(within(alert).getByRole('button', { name: 'Use it for http://127.0.0.1:9999' })),
    );
    expect(bridge.callsOf('confirmSecretOrigin')).toEqual([['imgpro-api-key']]);
    expect(imgproSection().queryByRole('alert')).toBeNull();
  });

  it('shows why there is no keychain and does not offer to store the key', async () => {
    const bridge = await startRealBridge({
      service: { secrets: keychainUnavailable('No Secret Service is running.') },
    });
    await renderApp(bridge, 'settings');
    expect(screen.getByRole('alert').textContent).toContain('No Secret Service is running.');
    expect(field().disabled).toBe(true);
  });

  it('the img.pro API key tier card says where to add a key only while none is set', async () => {
    const keyCard = async () =>
      (await screen.findByRole('radio', { name: /^img\.pro API key/ })).closest('.tier-card')!;
    const bridge = await startRealBridge();
    await renderApp(bridge, 'upload');
    expect((await keyCard()).textContent).toContain('Needs the img.pro API key: add it under Settings.');
    // The anonymous tier needs no key.
    const anonymous = await screen.findByRole('radio', { name: /^img\.pro Anonymous/i });
    expect(anonymous.closest('.tier-card')!.textContent).not.toContain('Needs the img.pro API key');
    cleanup();

    await renderApp(await startRealBridge({ env: { SHOTLINK_IMGPRO_KEY: 'img_from_env' } }), 'upload');
    expect((await keyCard()).textContent).not.toContain('Needs the img.pro API key');
  });
});
