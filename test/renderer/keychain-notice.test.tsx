// @vitest-environment jsdom
// Settings says once, at the top, that there is no keychain and what to do; each key field points
// there. The key fields say which environment variable wins over them, and are locked when it is set.
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { keychainUnavailable, startRealBridge } from './real-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(cleanup);

const NO_KEYCHAIN = 'The OS keychain is not available (Cannot autolaunch D-Bus without X11 $DISPLAY).';
/** A service on a machine without a Secret Service, with these variables set. */
const noKeychain = (env: Record<string, string> = {}) =>
  startRealBridge({ env, service: { secrets: keychainUnavailable(NO_KEYCHAIN) } });
const s3Section = () => within(screen.getByRole('heading', { name: 'S3 bucket' }).closest('section')!);

describe('the keychain notice', () => {
  it('says it once, first in Settings, with what to do; every key field points to it', async () => {
    const bridge = await noKeychain();
    await renderApp(bridge, 'settings');
    const alerts = screen.getAllByRole('alert');
    expect(alerts).toHaveLength(1);
    const notice = alerts[0]!;
    // Above every section.
    expect(notice.closest('.view')!.querySelector('section')).toBe(notice);
    expect(within(notice).getByRole('heading').textContent).toContain('no keychain');
    expect(notice.textContent).toContain(NO_KEYCHAIN);
    expect(notice.textContent).toMatch(/keyring \(gnome-keyring or KWallet\).*restart Shotlink/);
    expect(notice.textContent).toContain(
      'SHOTLINK_IMGPRO_KEY, SHOTLINK_SERVER_TOKEN, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and GH_TOKEN',
    );
    // The reason appears nowhere else on the page.
    expect(document.body.textContent!.split(NO_KEYCHAIN)).toHaveLength(2);
    for (const account of ['imgpro-api-key', 's3-access-key-id', 's3-secret-access-key']) {
      const pointer = screen.getByTestId(`${account}-no-keychain`);
      const link = within(pointer).getByRole('link', { name: 'see the note at the top' });
      expect(link.getAttribute('href')).toBe(`#${notice.id}`);
    }
    expect((screen.getByLabelText('img.pro API key') as HTMLInputElement).disabled).toBe(true);
    expect((s3Section().getByLabelText('Secret access key') as HTMLInputElement).disabled).toBe(true);
  });

  it('shows when any key could use the keychain, even if another comes from the environment', async () => {
    const bridge = await noKeychain({ SHOTLINK_IMGPRO_KEY: 'img_from_env' });
    await renderApp(bridge, 'settings');
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.queryByTestId('imgpro-api-key-no-keychain')).toBeNull();
  });

  it('is not there when the keychain works', async () => {
    await renderApp(await startRealBridge(), 'settings');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText(/no keychain/)).toBeNull();
  });
});

describe('the S3 key fields and the environment', () => {
  it('say that AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are used instead when set', async () => {
    await renderApp(await startRealBridge(), 'settings');
    const id = s3Section().getByLabelText('Access key id');
    const secret = s3Section().getByLabelText('Secret access key');
    // Part of each field's description, so a screen reader says it with the field.
    const description = (input: HTMLElement) =>
      input
        .getAttribute('aria-describedby')!
        .split(' ')
        .map((ref) => document.getElementById(ref)!.textContent)
        .join(' ');
    expect(description(id)).toContain(
      'When AWS_ACCESS_KEY_ID is set, Shotlink uses it instead, and this field cannot change it.',
    );
    expect(description(secret)).toContain(
      'When AWS_SECRET_ACCESS_KEY is set, Shotlink uses it instead, and this field cannot change it.',
    );
  });

  it('are locked while the variables are set, and say so', async () => {
    const bridge = await startRealBridge({
      env: { AWS_ACCESS_KEY_ID: 'AKIAFROMTHEENV000000', AWS_SECRET_ACCESS_KEY: 'secret-from-the-env' },
    });
    await renderApp(bridge, 'settings');
    const section = s3Section();
    expect(section.getByTestId('s3-access-key-id-source').textContent).toBe('From AWS_ACCESS_KEY_ID');
    expect(section.getByTestId('s3-secret-access-key-source').textContent).toBe('From AWS_SECRET_ACCESS_KEY');
    expect((section.getByLabelText('Access key id') as HTMLInputElement).disabled).toBe(true);
    expect((section.getByLabelText('Secret access key') as HTMLInputElement).disabled).toBe(true);
    expect(section.queryByRole('button', { name: /Remove the S3/ })).toBeNull();
    expect(
      section.getAllByText(/environment variable supplies it .* unset it to manage it here/),
    ).toHaveLength(2);
  });
});
