// @vitest-environment jsdom
// The window's GitHub parts: "Post to #…" under a finished GitHub upload (and in History), the
// repository and token under Settings → GitHub, and who sees an attachment in History.
// On the real service, uploading to the fake GitHub of test/support/fake-github.ts.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { githubSettings, startFakeGithub, type FakeGithub } from '../support/fake-github.ts';
import { historyEntry } from '../support/history-entries.ts';
import { distinctPng } from '../support/test-images.ts';
import { eventually, startRealBridge } from './real-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(cleanup);

const TOKEN = 'ghp_WindowTokenForTests0123456789abcdef';
let github: FakeGithub;
let PNG: Uint8Array;
beforeAll(async () => {
  github = await startFakeGithub();
  github.addRepo('octo/app', { private: true, issues: [12] });
  github.addToken(TOKEN, { 'octo/app': 'push' });
  PNG = new Uint8Array(await distinctPng(3));
});
afterAll(() => github.close());

describe('GitHub in the window', () => {
  it('offers "Post to #…" after a GitHub upload and posts it with the text', async () => {
    const bridge = await startRealBridge({ settings: githubSettings(github), env: { GH_TOKEN: TOKEN } });
    await renderApp(bridge);
    // Before anything is sent: where it goes, and who will see it.
    await eventually(() =>
      expect(screen.getByLabelText('Current destination').textContent).toBe('GitHub · Attachment · octo/app'),
    );
    const card = screen.getByRole('radio', { name: /^GitHub Attachment: / }).closest('.tier-card')!;
    expect(card.textContent).toContain(
      "Visibility whoever can read the repository (everyone, if it's public)",
    );
    await act(async () => {
      fireEvent.drop(screen.getByTestId('dropzone'), {
        dataTransfer: { files: [new File([PNG as BlobPart], 'login.png', { type: 'image/png' })] },
      });
    });
    const row = await screen.findByRole('listitem', { name: 'login.png: Uploaded' });
    expect(github.attachments).toHaveLength(1);
    const [uploaded] = bridge.app.core.history.list();
    expect(uploaded!.provider).toBe('github');
    fireEvent.click(within(row).getByRole('button', { name: 'Post to #…' }));
    const form = within(row).getByRole('form', { name: 'Post login.png to a GitHub issue or pull request' });
    const post = () => within(form).getByRole('button', { name: /^Post/ }) as HTMLButtonElement;
    expect(post().disabled).toBe(true);
    fireEvent.change(within(form).getByLabelText(/Issue or pull request #/), { target: { value: '#12' } });
    fireEvent.change(within(form).getByLabelText(/Text \(optional/), {
      target: { value: 'Broken: login.png' },
    });
    expect(post().textContent).toBe('Post to #12');
    await act(async () => fireEvent.click(post()));
    const link = await within(row).findByRole('link', { name: /issuecomment-/ });
    expect(bridge.callsOf('postToGithub')).toEqual([
      [{ entryIds: [uploaded!.id], issue: 12, body: 'Broken: login.png' }],
    ]);
    const [comment] = github.comments;
    expect(comment!.issue).toBe(12);
    // The text as written, the file's name in it turned into the image itself.
    expect(comment!.body.startsWith(`Broken: ![login.png](${uploaded!.url})`)).toBe(true);
    expect(link.getAttribute('href')).toBe(comment!.html_url);
  });

  it('offers it only for GitHub uploads, and History says who sees an attachment', async () => {
    const bridge = await startRealBridge({
      history: [
        historyEntry('gh', {
          provider: 'github',
          tier: 'default',
          url: 'https://github.com/user-attachments/assets/0b1c2d3e-0000-4000-8000-000000000001',
          visibility: 'visible to people who can read octo/app',
          noDelete: 'GitHub has no delete for attachments.',
        }),
        historyEntry('other'),
      ],
    });
    await renderApp(bridge, 'history');
    const attachment = await screen.findByRole('listitem', { name: 'gh.png' });
    expect(attachment.textContent).toContain('visible to people who can read octo/app');
    expect(attachment.textContent).toContain('no delete on the host');
    expect(within(attachment).getByRole('button', { name: 'Post to #…' })).toBeTruthy();
    const other = screen.getByRole('listitem', { name: 'other.png' });
    expect(within(other).queryByRole('button', { name: 'Post to #…' })).toBeNull();
  });

  it('Settings → GitHub saves the repository (owner/name only) and keeps the token in the keychain', async () => {
    const bridge = await startRealBridge();
    await renderApp(bridge, 'settings');
    const section = within(screen.getByRole('heading', { name: 'GitHub' }).closest('section')!);
    const repo = section.getByRole('textbox', { name: 'Repository' });
    fireEvent.change(repo, { target: { value: 'not a repo' } });
    await act(async () => fireEvent.keyDown(repo, { key: 'Enter' }));
    expect(section.getByRole('alert').textContent).toBe('Write it as owner/name, e.g. octocat/hello-world.');
    expect(bridge.settings().github.repo).toBe('');
    fireEvent.change(repo, { target: { value: 'octo/app' } });
    await act(async () => fireEvent.keyDown(repo, { key: 'Enter' }));
    expect(bridge.settings().github.repo).toBe('octo/app');
    const token = section.getByLabelText('Token') as HTMLInputElement;
    expect(token.type).toBe('password');
    fireEvent.change(token, { target: { value: 'ghp_FromTheWindow000000000000000000000' } });
    await act(async () => fireEvent.submit(token.form!));
    expect(await bridge.app.core.secrets.get('github-token')).toBe('ghp_FromTheWindow000000000000000000000');
    expect(document.body.innerHTML).not.toContain('ghp_FromTheWindow');
  });

  it('Settings → GitHub says where the token in use comes from: GITHUB_TOKEN, or `gh auth token`', async () => {
    const fromVariable = await startRealBridge({ env: { GITHUB_TOKEN: TOKEN } });
    await renderApp(fromVariable, 'settings');
    expect((await screen.findByTestId('github-token-source')).textContent).toBe('From GITHUB_TOKEN');
    expect((screen.getByLabelText('Token') as HTMLInputElement).placeholder).toBe('Set by GITHUB_TOKEN');
    cleanup();

    // No token set anywhere, and a `gh` on PATH that is logged in (a stand-in printing its token, as
    // `gh auth token` does); the GitHub addresses are not github.com's.
    const fromGh = await startRealBridge({
      settings: { hosts: { githubApiUrl: github.apiUrl, githubUploadsUrl: github.uploadsUrl } },
      prepare: (home) => {
        const bin = join(home, 'bin');
        mkdirSync(bin);
        writeFileSync(join(bin, 'gh'), `#!/bin/sh\necho ${TOKEN}\n`);
        chmodSync(join(bin, 'gh'), 0o755);
      },
    });
    fromGh.app.core.env.PATH = `${join(fromGh.test.home, 'bin')}:${process.env.PATH}`;
    await renderApp(fromGh, 'settings');
    // Asking `gh` takes a moment: the field says "Checking…" meanwhile.
    const source = await screen.findByTestId('github-token-source');
    await eventually(() => expect(source.textContent).toBe('From `gh auth token`'));
    expect(screen.getByTestId('github-token-env-hint').textContent).toBe(
      'When GH_TOKEN or GITHUB_TOKEN is set, Shotlink uses it instead, and this field cannot change it.',
    );
    const token = screen.getByLabelText('Token') as HTMLInputElement;
    expect(token.disabled).toBe(false); // a token saved here wins over gh's
    expect(token.placeholder).toBe('Paste one to use instead of `gh auth token`');
    // Its addresses are not github.com's: the person may confirm them, as for a saved token.
    expect(screen.getByRole('button', { name: new RegExp(`^Use it for ${github.apiUrl}`) })).toBeTruthy();
  });
});
