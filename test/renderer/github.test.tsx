// @vitest-environment jsdom
// The window's GitHub parts: "Post to #…" under a finished GitHub upload (and in History), the
// repository and token under Settings → GitHub, and who sees an attachment in History.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/settings.ts';
import { historyEntry } from '../support/history-entries.ts';
import { createFakeBridge } from './fake-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(cleanup);

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const github = { ...DEFAULT_SETTINGS, provider: 'github', tier: 'default', github: { repo: 'octo/app' } };

describe('GitHub in the window', () => {
  it('offers "Post to #…" after a GitHub upload and posts it with the text', async () => {
    const bridge = createFakeBridge({ settings: github });
    await renderApp(bridge);
    // Before anything is sent: where it goes, and who will see it.
    expect(screen.getByLabelText('Current destination').textContent).toBe('GitHub · Attachment · octo/app');
    const card = screen.getByRole('radio', { name: /^GitHub Attachment: / }).closest('.tier-card')!;
    expect(card.textContent).toContain(
      "Visibility whoever can read the repository (everyone, if it's public)",
    );
    await act(async () => {
      fireEvent.drop(screen.getByTestId('dropzone'), {
        dataTransfer: { files: [new File([PNG], 'login.png', { type: 'image/png' })] },
      });
    });
    await vi.waitFor(() => expect(bridge.state.jobs).toHaveLength(1));
    const job = bridge.state.jobs[0]!;
    expect(job.provider).toBe('github');
    act(() => bridge.emit('job', { ...job, state: 'done', progress: 1, historyId: 'h-login' }));
    const row = screen.getByRole('listitem', { name: 'login.png: Uploaded' });
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
    expect(bridge.state.githubComments).toEqual([
      { entryIds: ['h-login'], issue: 12, body: 'Broken: login.png' },
    ]);
    const link = within(row).getByRole('link', { name: /issuecomment-1/ });
    expect(link.getAttribute('href')).toBe('https://github.com/octo/app/issues/12#issuecomment-1');
  });

  it('offers it only for GitHub uploads, and History says who sees an attachment', async () => {
    const bridge = createFakeBridge({
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
    const bridge = createFakeBridge();
    await renderApp(bridge, 'settings');
    const section = within(screen.getByRole('heading', { name: 'GitHub' }).closest('section')!);
    const repo = section.getByRole('textbox', { name: 'Repository' });
    fireEvent.change(repo, { target: { value: 'not a repo' } });
    await act(async () => fireEvent.keyDown(repo, { key: 'Enter' }));
    expect(section.getByRole('alert').textContent).toBe('Write it as owner/name, e.g. octocat/hello-world.');
    expect(bridge.state.settings.github.repo).toBe('');
    fireEvent.change(repo, { target: { value: 'octo/app' } });
    await act(async () => fireEvent.keyDown(repo, { key: 'Enter' }));
    expect(bridge.state.settings.github.repo).toBe('octo/app');
    const token = section.getByLabelText('Token') as HTMLInputElement;
    expect(token.type).toBe('password');
    fireEvent.change(token, { target: { value: 'ghp_FromTheWindow000000000000000000000' } });
    await act(async () => fireEvent.submit(token.form!));
    expect(bridge.state.secretValues['github-token']).toBe('ghp_FromTheWindow000000000000000000000');
    expect(document.body.innerHTML).not.toContain('ghp_FromTheWindow');
  });

  it('Settings → GitHub says where the token in use comes from: GITHUB_TOKEN, or `gh auth token`', async () => {
    const fromVariable = createFakeBridge({
      secrets: { 'github-token': { set: true, source: 'env', from: 'GITHUB_TOKEN' } },
    });
    await renderApp(fromVariable, 'settings');
    expect((await screen.findByTestId('github-token-source')).textContent).toBe('From GITHUB_TOKEN');
    expect((screen.getByLabelText('Token') as HTMLInputElement).placeholder).toBe('Set by GITHUB_TOKEN');
    cleanup();

    const fromGh = createFakeBridge({
      secrets: {
        'github-token': {
          set: true,
          source: 'command',
          from: '`gh auth token`',
          originChanged: {
            savedFor: 'https://api.github.com and https://uploads.github.com',
            now: 'http://x',
          },
        },
      },
    });
    await renderApp(fromGh, 'settings');
    expect((await screen.findByTestId('github-token-source')).textContent).toBe('From `gh auth token`');
    expect(screen.getByTestId('github-token-env-hint').textContent).toBe(
      'When GH_TOKEN or GITHUB_TOKEN is set, Shotlink uses it instead, and this field cannot change it.',
    );
    const token = screen.getByLabelText('Token') as HTMLInputElement;
    expect(token.disabled).toBe(false); // a token saved here wins over gh's
    expect(token.placeholder).toBe('Paste one to use instead of `gh auth token`');
    // Its addresses are not github.com's: the person may confirm them, as for a saved token.
    expect(screen.getByRole('button', { name: 'Use it for http://x' })).toBeTruthy();
  });
});
