// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { createFakeBridge } from './fake-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(cleanup);

describe('Settings', () => {
  it('adds and removes watched folders and toggles clipboard watching', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'settings');
    fireEvent.change(await screen.findByLabelText('Folder to watch'), {
      target: { value: '/home/me/Exports' },
    });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add folder' })));
    expect(bridge.state.settings.watch.folders).toEqual(['/home/me/Exports']);
    const list = screen.getByRole('list', { name: 'Watched folders' });
    expect(await within(list).findByText('watching')).toBeTruthy();
    await act(async () =>
      fireEvent.click(within(list).getByRole('button', { name: 'Stop watching /home/me/Exports' })),
    );
    expect(bridge.state.settings.watch.folders).toEqual([]);

    const clipboard = screen.getByRole('switch', { name: 'Watch the clipboard' });
    expect(clipboard.getAttribute('aria-checked')).toBe('false');
    await act(async () => fireEvent.click(clipboard));
    expect(bridge.state.settings.watch.clipboard).toBe(true);
    expect(clipboard.getAttribute('aria-checked')).toBe('true');
  });

  it('records a hotkey from a key press', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'settings');
    const field = await screen.findByRole('textbox', { name: 'Capture a region' });
    expect((field as HTMLInputElement).value).toBe('Ctrl+Shift+2');
    fireEvent.focus(field);
    expect((field as HTMLInputElement).value).toBe('Press keys…');
    await act(async () => fireEvent.keyDown(field, { key: 'S', code: 'KeyS', ctrlKey: true, altKey: true }));
    expect(bridge.state.settings.hotkeys.capture).toBe('CommandOrControl+Alt+S');
  });

  it('changes the link format with a live preview, and edits the template', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'settings');
    expect((await screen.findByTestId('link-preview')).textContent).toBe(
      '![screenshot.png](https://i.img402.dev/aBcDeFgHiJ.png)',
    );
    await act(async () => fireEvent.click(screen.getByRole('radio', { name: 'BBCode' })));
    expect(bridge.state.settings.linkFormat).toBe('bbcode');
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
    expect(bridge.state.settings.linkTemplate).toBe('{name}: {url}');
  });

  it('sets output format, metadata stripping and start at login', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'settings');
    await act(async () =>
      fireEvent.change(await screen.findByLabelText(/Output format/), { target: { value: 'webp' } }),
    );
    expect(bridge.state.settings.outputFormat).toBe('webp');
    const strip = screen.getByRole('switch', { name: 'Strip metadata' });
    expect(strip.getAttribute('aria-checked')).toBe('true');
    await act(async () => fireEvent.click(strip));
    expect(bridge.state.settings.keepMetadata).toBe(true);
    await act(async () => fireEvent.click(screen.getByRole('switch', { name: 'Start at login' })));
    expect(bridge.state.settings.startAtLogin).toBe(true);
  });

  it('turns the server on and shows its LAN address with a QR code', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'settings');
    const toggle = await screen.findByRole('switch', { name: 'Serve images on this network' });
    await act(async () => fireEvent.click(toggle));
    expect(bridge.state.server.running).toBe(true);
    expect(screen.getByRole('link', { name: 'http://192.168.1.20:8402' })).toBeTruthy();
    const qr = screen.getByRole('img', { name: 'QR code for http://192.168.1.20:8402' });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
  });

  it('saves advanced host settings, refusing an address that is not one', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'settings');
    const server = await screen.findByRole('textbox', { name: 'Shotlink server to upload to' });
    fireEvent.change(server, { target: { value: 'ftp://nas.local' } });
    fireEvent.blur(server);
    expect(screen.getByRole('alert').textContent).toBe('Use an http:// or https:// address.');
    expect(bridge.state.settings.hosts.serverUrl).toBe('');
    fireEvent.change(server, { target: { value: 'http://nas.local:8402' } });
    await act(async () => fireEvent.blur(server));
    expect(bridge.state.settings.hosts.serverUrl).toBe('http://nas.local:8402');

    const port = screen.getByRole('textbox', { name: 'Server port' });
    fireEvent.change(port, { target: { value: '99999' } });
    fireEvent.blur(port);
    expect(screen.getByRole('alert').textContent).toMatch(/0 to 65535/);
    fireEvent.change(port, { target: { value: '9000' } });
    await act(async () => fireEvent.blur(port));
    expect(bridge.state.settings.server.port).toBe(9000);
  });

  it('shows a change at once and puts it back when the service refuses it', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'settings');
    const login = await screen.findByRole('switch', { name: 'Start at login' });
    bridge.failNext('setSettings', new ShotlinkError('internal', 'Could not register the login item.'));
    fireEvent.click(login);
    expect(login.getAttribute('aria-checked')).toBe('true');
    expect(await screen.findByText('Could not register the login item.')).toBeTruthy();
    expect(login.getAttribute('aria-checked')).toBe('false');
    expect(bridge.state.settings.startAtLogin).toBe(false);
  });

  it('does not send a malformed address; leaving the field again sends nothing, a fixed one is sent', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'settings');
    const section = within(screen.getByRole('heading', { name: 'S3 bucket' }).closest('section')!);
    const endpoint = section.getByRole('textbox', { name: 'Endpoint' });
    const sent = () => bridge.calls.filter((c) => c.method === 'setSettings').length;
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
    expect(bridge.state.settings.s3.endpoint).toBe('https://r2.example.com');
  });

  it('keeps the draft of a value the service refuses, says why beside it, and does not resend it', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'settings');
    const section = within(screen.getByRole('heading', { name: 'S3 bucket' }).closest('section')!);
    const bucket = section.getByRole('textbox', { name: 'Bucket' }) as HTMLInputElement;
    const sent = () => bridge.calls.filter((c) => c.method === 'setSettings').length;
    // Passes the field's own check; the service refuses it (the window applied it optimistically first).
    bridge.failNext(
      'setSettings',
      new ShotlinkError('input', 'The bucket shots-2026 is in another account.'),
    );
    fireEvent.change(bucket, { target: { value: 'shots-2026' } });
    await act(async () => fireEvent.blur(bucket));
    expect(sent()).toBe(1);
    expect(bucket.value).toBe('shots-2026');
    expect(section.getByRole('alert').textContent).toBe('The bucket shots-2026 is in another account.');
    expect(bridge.state.settings.s3.bucket).toBe('');
    // Leaving the field again sends nothing; the person's correction is sent, and the error goes.
    await act(async () => fireEvent.blur(bucket));
    expect(sent()).toBe(1);
    fireEvent.change(bucket, { target: { value: 'shots-team' } });
    await act(async () => fireEvent.blur(bucket));
    expect(sent()).toBe(2);
    expect(bridge.state.settings.s3.bucket).toBe('shots-team');
    expect(bucket.value).toBe('shots-team');
    expect(section.queryByRole('alert')).toBeNull();
    // A change made elsewhere (the CLI, another window) shows in a field nobody is editing.
    await act(async () =>
      bridge.emit('settings', {
        ...bridge.state.settings,
        s3: { ...bridge.state.settings.s3, bucket: 'from-cli' },
      }),
    );
    expect(bucket.value).toBe('from-cli');
  });

  it('shows what this desktop offers, with what to do, and checks again on request', async () => {
    const bridge = createFakeBridge();
    bridge.state.desktopChecks = [
      { id: 'capture', title: 'Capture tool', status: 'ok', summary: 'gnome-screenshot' },
      {
        id: 'tray',
        title: 'Tray icon',
        status: 'fail',
        summary: 'GNOME shows no tray icons without an extension',
        fix: 'Enable the AppIndicator extension.',
      },
    ];
    await renderApp(bridge, 'settings');
    const section = screen.getByRole('region', { name: 'This desktop' });
    expect(await within(section).findByText(/gnome-screenshot/)).toBeTruthy();
    expect(within(section).getByText('Missing')).toBeTruthy();
    expect(within(section).getByText('Enable the AppIndicator extension.')).toBeTruthy();
    bridge.state.desktopChecks = [
      { id: 'tray', title: 'Tray icon', status: 'ok', summary: 'a StatusNotifier host is running' },
    ];
    await act(async () => fireEvent.click(within(section).getByRole('button', { name: 'Check again' })));
    expect(await within(section).findByText(/StatusNotifier host is running/)).toBeTruthy();
    expect(within(section).queryByText('Missing')).toBeNull();
  });

  it('sets up the S3 bucket: its place, and its keys written to the keychain, never shown back', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'settings');
    const section = within(screen.getByRole('heading', { name: 'S3 bucket' }).closest('section')!);
    const bucket = section.getByRole('textbox', { name: 'Bucket' });
    fireEvent.change(bucket, { target: { value: 'team-shots' } });
    await act(async () => fireEvent.keyDown(bucket, { key: 'Enter' }));
    expect(bridge.state.settings.s3.bucket).toBe('team-shots');
    const endpoint = section.getByRole('textbox', { name: 'Endpoint' });
    fireEvent.change(endpoint, { target: { value: 'https://r2.example.com' } });
    await act(async () => fireEvent.blur(endpoint));
    expect(bridge.state.settings.s3.endpoint).toBe('https://r2.example.com');
    const key = section.getByLabelText('Access key id') as HTMLInputElement;
    expect(key.type).toBe('password');
    fireEvent.change(key, { target: { value: 'AKIAEXAMPLEEXAMPLE12' } });
    await act(async () => fireEvent.submit(key.form!));
    expect(bridge.state.secretValues['s3-access-key-id']).toBe('AKIAEXAMPLEEXAMPLE12');
    expect(key.value).toBe('');
    expect(section.getByTestId('s3-access-key-id-source').textContent).toBe('Stored in the system keychain');
    expect(document.body.innerHTML).not.toContain('AKIAEXAMPLEEXAMPLE12');
  });
});

describe('Settings → Agents', () => {
  it('lets the person choose the hosts agents may use, agree to public links, set a budget and keep covering on', async () => {
    const bridge = createFakeBridge();
    await renderApp(bridge, 'settings');
    const group = await screen.findByRole('group', { name: 'Hosts agents may use' });
    await act(async () =>
      fireEvent.click(within(group).getByRole('switch', { name: 'Agents may upload to img402.dev' })),
    );
    expect(bridge.state.settings.agents.hosts).toEqual(['img402']);
    // GitHub is neither "your own server" nor always public: who sees it is the repository's readers.
    expect(
      within(group).getByText(
        "Seen by whoever can read the repository (everyone, if it's public); a public one also needs your consent below.",
      ),
    ).toBeTruthy();

    const consent = screen.getByRole('switch', { name: 'Agents may make public links' });
    expect(consent.getAttribute('aria-checked')).toBe('false');
    await act(async () => fireEvent.click(consent));
    expect(bridge.state.settings.agents.publicLinks).toBe(true);

    const budget = screen.getByRole('textbox', { name: "Agents' budget for paid tiers" });
    expect((budget as HTMLInputElement).value).toBe('0');
    fireEvent.change(budget, { target: { value: 'lots' } });
    await act(async () => fireEvent.blur(budget));
    expect(bridge.state.settings.agents.budgetUsdc).toBe('0');
    fireEvent.change(budget, { target: { value: '0.05' } });
    await act(async () => fireEvent.blur(budget));
    expect(bridge.state.settings.agents.budgetUsdc).toBe('0.05');

    const redact = screen.getByRole('switch', { name: 'Cover secrets in what agents upload and see' });
    expect(redact.getAttribute('aria-checked')).toBe('true');
  });
});
