// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { failOnce, eventually, startRealBridge } from './real-bridge.ts';
import { renderApp } from './render.tsx';

/** What a write to a full disk throws, under the settings store. */
const diskFull = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

afterEach(cleanup);

describe('Settings', () => {
  it('adds and removes watched folders and toggles clipboard watching', async () => {
    const bridge = await startRealBridge();
    const exports = join(bridge.test.home, 'Exports');
    mkdirSync(exports);
    await renderApp(bridge, 'settings');
    fireEvent.change(await screen.findByLabelText('Folder to watch'), { target: { value: exports } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add folder' })));
    expect(bridge.settings().watch.folders).toEqual([exports]);
    const list = screen.getByRole('list', { name: 'Watched folders' });
    expect(await within(list).findByText('watching')).toBeTruthy();
    await act(async () =>
      fireEvent.click(within(list).getByRole('button', { name: `Stop watching ${exports}` })),
    );
    expect(bridge.settings().watch.folders).toEqual([]);

    const clipboard = screen.getByRole('switch', { name: 'Watch the clipboard' });
    expect(clipboard.getAttribute('aria-checked')).toBe('false');
    await act(async () => fireEvent.click(clipboard));
    expect(bridge.settings().watch.clipboard).toBe(true);
    expect(clipboard.getAttribute('aria-checked')).toBe('true');
  });

  it('records a hotkey from a key press', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'settings');
    const field = await screen.findByRole('textbox', { name: 'Capture a region' });
    expect((field as HTMLInputElement).value).toBe('Ctrl+Shift+2');
    fireEvent.focus(field);
    expect((field as HTMLInputElement).value).toBe('Press keys…');
    await act(async () => fireEvent.keyDown(field, { key: 'S', code: 'KeyS', ctrlKey: true, altKey: true }));
    expect(bridge.settings().hotkeys.capture).toBe('CommandOrControl+Alt+S');
  });

  it('changes the link format with a live preview, and edits the template', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'settings');
    expect((await screen.findByTestId('link-preview')).textContent).toBe(
      '![screenshot.png](https://i.img402.dev/aBcDeFgHiJ.png)',
    );
    await act(async () => fireEvent.click(screen.getByRole('radio', { name: 'BBCode' })));
    expect(bridge.settings().linkFormat).toBe('bbcode');
    expect(screen.getByTestId('link-preview').textContent).toBe(
      '[img]https://i.img402.dev/aBcDeFgHiJ.png[/img]',
    );

    await act(async () => fireEvent.click(screen.getByRole('radio', { name: 'Template' })));
    const template = screen.getByRole('textbox', { name: 'Template' });
    fireEvent.change(template, { target: { value: '{name}: {url}' } });
    expect(screen.getByTestId('link-preview').textContent).toBe(
      'screenshot.png: https://i.img402.dev/aBcDeFgHiJ.png',
    );
    await act(async () => fireEvent.blur(template));
    expect(bridge.settings().linkTemplate).toBe('{name}: {url}');
  });

  it('sets output format, metadata stripping and start at login', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'settings');
    await act(async () =>
      fireEvent.change(await screen.findByLabelText(/Output format/), { target: { value: 'webp' } }),
    );
    expect(bridge.settings().outputFormat).toBe('webp');
    const strip = screen.getByRole('switch', { name: 'Strip metadata' });
    expect(strip.getAttribute('aria-checked')).toBe('true');
    await act(async () => fireEvent.click(strip));
    expect(bridge.settings().keepMetadata).toBe(true);
    await act(async () => fireEvent.click(screen.getByRole('switch', { name: 'Start at login' })));
    expect(bridge.settings().startAtLogin).toBe(true);
  });

  it('turns the server on and shows its LAN address with a QR code', async () => {
    // Listening on loopback, on a port the OS picks: the address shown is where it really listens.
    const bridge = await startRealBridge({ settings: { server: { host: '127.0.0.1', port: 0 } } });
    await renderApp(bridge, 'settings');
    const toggle = await screen.findByRole('switch', { name: 'Serve images on this network' });
    await act(async () => fireEvent.click(toggle));
    const link = await screen.findByRole('link', { name: /^http:\/\/127\.0\.0\.1:\d+$/ });
    const { running, lanUrl } = await bridge.app.server.status();
    expect(running).toBe(true);
    expect(link.textContent).toBe(lanUrl);
    const qr = screen.getByRole('img', { name: `QR code for ${lanUrl}` });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
  });

  it('saves advanced host settings, refusing an address that is not one', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'settings');
    const server = await screen.findByRole('textbox', { name: 'Shotlink server to upload to' });
    fireEvent.change(server, { target: { value: 'ftp://nas.local' } });
    fireEvent.blur(server);
    expect(screen.getByRole('alert').textContent).toBe('Use an http:// or https:// address.');
    expect(bridge.settings().hosts.serverUrl).toBe('');
    fireEvent.change(server, { target: { value: 'http://nas.local:8402' } });
    await act(async () => fireEvent.blur(server));
    expect(bridge.settings().hosts.serverUrl).toBe('http://nas.local:8402');

    const port = screen.getByRole('textbox', { name: 'Server port' });
    fireEvent.change(port, { target: { value: '99999' } });
    fireEvent.blur(port);
    expect(screen.getByRole('alert').textContent).toMatch(/0 to 65535/);
    fireEvent.change(port, { target: { value: '9000' } });
    await act(async () => fireEvent.blur(port));
    expect(bridge.settings().server.port).toBe(9000);
  });

  it('shows a change at once and puts it back when the service refuses it', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'settings');
    const login = await screen.findByRole('switch', { name: 'Start at login' });
    failOnce(bridge.app.core.settings, 'set', diskFull());
    fireEvent.click(login);
    expect(login.getAttribute('aria-checked')).toBe('true');
    expect(await screen.findByText(/no space left on device/)).toBeTruthy();
    expect(login.getAttribute('aria-checked')).toBe('false');
    expect(bridge.settings().startAtLogin).toBe(false);
  });

  it('does not send a malformed address; leaving the field again sends nothing, a fixed one is sent', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'settings');
    const section = within(screen.getByRole('heading', { name: 'S3 bucket' }).closest('section')!);
    const endpoint = section.getByRole('textbox', { name: 'Endpoint' });
    const sent = () => bridge.callsOf('setSettings').length;
    fireEvent.change(endpoint, { target: { value: 'r2.example.com' } });
    await act(async () => fireEvent.blur(endpoint));
    expect(sent()).toBe(0);
    expect(section.getByRole('alert').textContent).toContain('is not an address');
    await act(async () => fireEvent.blur(endpoint));
    expect(sent()).toBe(0);
    // The value stays for the person to fix, and a changed one is sent.
    expect((endpoint as HTMLInputElement).value).toBe('r2.example.com');
    fireEvent.change(endpoint, { target: { value: 'https://r2.example.com' } });
    await act(async () => fireEvent.blur(endpoint));
    expect(sent()).toBe(1);
    expect(bridge.settings().s3.endpoint).toBe('https://r2.example.com');
  });

  it('keeps the draft of a value the service refuses, says why beside it, and does not resend it', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'settings');
    const section = within(screen.getByRole('heading', { name: 'S3 bucket' }).closest('section')!);
    const bucket = section.getByRole('textbox', { name: 'Bucket' }) as HTMLInputElement;
    const sent = () => bridge.callsOf('setSettings').length;
    // Passes the field's own check; the service refuses it (the window applied it optimistically first).
    failOnce(bridge.app.core.settings, 'set', diskFull());
    fireEvent.change(bucket, { target: { value: 'shots-2026' } });
    await act(async () => fireEvent.blur(bucket));
    expect(sent()).toBe(1);
    expect(bucket.value).toBe('shots-2026');
    expect(section.getByRole('alert').textContent).toMatch(/no space left on device/);
    expect(bridge.settings().s3.bucket).toBe('');
    // Leaving the field again sends nothing; the person's correction is sent, and the error goes.
    await act(async () => fireEvent.blur(bucket));
    expect(sent()).toBe(1);
    fireEvent.change(bucket, { target: { value: 'shots-team' } });
    await act(async () => fireEvent.blur(bucket));
    expect(sent()).toBe(2);
    expect(bridge.settings().s3.bucket).toBe('shots-team');
    expect(bucket.value).toBe('shots-team');
    expect(section.queryByRole('alert')).toBeNull();
    // A change made elsewhere (the CLI, another window) shows in a field nobody is editing.
    await act(
      async () => void (await bridge.test.service.dispatch.api.setSettings({ s3: { bucket: 'from-cli' } })),
    );
    expect(bucket.value).toBe('from-cli');
  });

  it('shows what this desktop offers, with what to do, and checks again on request', async () => {
    // The doctor's real checks on this machine, with no desktop session in the service's environment.
    const bridge = await startRealBridge();
    delete bridge.app.core.env.DISPLAY;
    delete bridge.app.core.env.WAYLAND_DISPLAY;
    // Nor a session bus (the test run's keyring has one), through which the screenshot portal is asked.
    delete bridge.app.core.env.DBUS_SESSION_BUS_ADDRESS;
    await renderApp(bridge, 'settings');
    const section = screen.getByRole('region', { name: 'This desktop' });
    const capture = (await within(section).findByText('Capture tool')).closest('li')!;
    expect(capture.textContent).toContain('Missing');
    expect(capture.textContent).toContain('none found');
    expect(capture.textContent).toContain('There is no desktop to capture here');
    // The person points DISPLAY at an X server that is not running, and asks again.
    bridge.app.core.env.DISPLAY = ':1234';
    await act(async () => fireEvent.click(within(section).getByRole('button', { name: 'Check again' })));
    await eventually(() => expect(section.textContent).toContain('X11 on :1234: nothing answers'));
    const session = within(section).getByText('Display session').closest('li')!;
    expect(session.textContent).toContain('Missing');
    expect(session.textContent).toContain('DISPLAY names an X server that is not running');
    expect(section.textContent).not.toContain('none found');
  });

  it('sets up the S3 bucket: its place, and its keys written to the keychain, never shown back', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'settings');
    const section = within(screen.getByRole('heading', { name: 'S3 bucket' }).closest('section')!);
    const bucket = section.getByRole('textbox', { name: 'Bucket' });
    fireEvent.change(bucket, { target: { value: 'team-shots' } });
    await act(async () => fireEvent.keyDown(bucket, { key: 'Enter' }));
    expect(bridge.settings().s3.bucket).toBe('team-shots');
    const endpoint = section.getByRole('textbox', { name: 'Endpoint' });
    fireEvent.change(endpoint, { target: { value: 'https://r2.example.com' } });
    await act(async () => fireEvent.blur(endpoint));
    expect(bridge.settings().s3.endpoint).toBe('https://r2.example.com');
    const key = section.getByLabelText('Access key id') as HTMLInputElement;
    expect(key.type).toBe('password');
    fireEvent.change(key, { target: { value: 'AKIAEXAMPLEEXAMPLE12' } });
    await act(async () => fireEvent.submit(key.form!));
    expect(await bridge.app.core.secrets.get('s3-access-key-id')).toBe('AKIAEXAMPLEEXAMPLE12');
    expect(key.value).toBe('');
    expect(section.getByTestId('s3-access-key-id-source').textContent).toBe('Stored in the system keychain');
    expect(document.body.innerHTML).not.toContain('AKIAEXAMPLEEXAMPLE12');
  });
});

describe('Settings → Agents', () => {
  it('lets the person choose the hosts agents may use, agree to public links, set a budget and keep covering on', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'settings');
    const group = await screen.findByRole('group', { name: 'Hosts agents may use' });
    await act(async () =>
      fireEvent.click(within(group).getByRole('switch', { name: 'Agents may upload to img402.dev' })),
    );
    expect(bridge.settings().agents.hosts).toEqual(['img402']);
    // GitHub is neither "your own server" nor always public: who sees it is the repository's readers.
    expect(
      within(group).getByText(
        "Seen by whoever can read the repository (everyone, if it's public); a public one also needs your consent below.",
      ),
    ).toBeTruthy();

    const consent = screen.getByRole('switch', { name: 'Agents may make public links' });
    expect(consent.getAttribute('aria-checked')).toBe('false');
    await act(async () => fireEvent.click(consent));
    expect(bridge.settings().agents.publicLinks).toBe(true);

    const budget = screen.getByRole('textbox', { name: "Agents' budget for paid tiers" });
    expect((budget as HTMLInputElement).value).toBe('0');
    fireEvent.change(budget, { target: { value: 'lots' } });
    await act(async () => fireEvent.blur(budget));
    expect(bridge.settings().agents.budgetUsdc).toBe('0');
    fireEvent.change(budget, { target: { value: '0.05' } });
    await act(async () => fireEvent.blur(budget));
    expect(bridge.settings().agents.budgetUsdc).toBe('0.05');

    const redact = screen.getByRole('switch', { name: 'Cover secrets in what agents upload and see' });
    expect(redact.getAttribute('aria-checked')).toBe('true');
  });
});
