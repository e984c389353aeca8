// GitHub from the window, through the real dispatch over the loopback bridge: an image dropped in the
// window goes to the repository's attachments (the token set in the keychain from Settings), history
// says who sees it and that it cannot be deleted, and "Post to #…" posts it as one comment, once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GithubComment } from '../../src-shared/api.ts';
import type { HistoryEntry, JobInfo } from '../../src-shared/history.ts';
import { githubSettings, startFakeGithub, type FakeGithub } from '../support/fake-github.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { distinctPng } from '../support/test-images.ts';
import { allSettled } from './helpers.ts';

const TOKEN = 'ghp_WindowTokenForTests0123456789abcdef';

let github: FakeGithub;
let t: TestService | undefined;
beforeAll(async () => {
  github = await startFakeGithub();
  github.addRepo('octo/app', { private: true, issues: [12] });
  github.addRepo('octo/site', { private: false });
  github.addToken(TOKEN, { 'octo/app': 'push', 'octo/site': 'push' });
});
afterAll(() => github.close());
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('GitHub from the window', () => {
  it('uploads with the token from Settings, records who sees it, refuses delete, and posts to #12 once', async () => {
    t = await startTestService({
      settings: githubSettings(github),
    });
    expect((await t.call('setSecret', 'github-token', TOKEN)).ok).toBe(true);
    const status = await t.call('secretStatus', 'github-token');
    expect(status.value).toEqual({ set: true, source: 'keychain' });

    const png = (await distinctPng(3, 200)).toString('base64');
    const queued = await t.call('uploadBytes', 'login.png', png);
    expect(queued.ok).toBe(true);
    const [job] = (await allSettled(t.service, 1)) as JobInfo[];
    expect(job).toMatchObject({ state: 'done', provider: 'github' });
    expect(github.attachments).toHaveLength(1);
    expect(t.clipboard.text).toBe(`![login.png](${github.attachments[0]!.url})`);

    const history = (await t.call('listHistory')).value as HistoryEntry[];
    expect(history[0]).toMatchObject({
      expiresAt: null,
      visibility: 'visible to people who can read octo/app',
      hostId: `octo/app/${github.attachments[0]!.id}`,
    });
    const deleted = await t.call('deleteFromHost', history[0]!.id);
    expect(deleted.ok).toBe(false);
    expect(deleted.error?.message).toContain('GitHub has no delete for attachments');

    const posted = await t.call('postToGithub', {
      entryIds: [job!.historyId],
      issue: 12,
      body: 'The login.png bug',
    });
    expect(posted.ok).toBe(true);
    expect((posted.value as GithubComment).commentUrl).toMatch(
      /^https:\/\/github\.com\/octo\/app\/issues\/12#issuecomment-\d+$/,
    );
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]!.body).toMatch(
      new RegExp(`^The !\\[login\\.png\\]\\(${github.attachments[0]!.url}\\) bug\\n\\n<!-- shotlink:`),
    );
    expect(github.attachments).toHaveLength(1); // posting sends no image again

    const missing = await t.call('postToGithub', { entryIds: [job!.historyId], issue: 404 });
    expect(missing.error?.message).toContain('octo/app has no issue or pull request #404');
    const bad = await t.call('postToGithub', { entryIds: [job!.historyId], issue: -1 });
    expect(bad.ok).toBe(false);
  });

  it('a public repository is said to be public before the first upload to it (once per repository), a private one never', async () => {
    t = await startTestService({
      settings: githubSettings(github),
    });
    expect((await t.call('setSecret', 'github-token', TOKEN)).ok).toBe(true);
    const notices: string[] = [];
    t.service.events.on('notice', (notice) => notices.push(notice.message));
    const upload = async (seed: number, settled: number) => {
      const png = (await distinctPng(seed, 120)).toString('base64');
      expect((await t!.call('uploadBytes', `shot-${seed}.png`, png)).ok).toBe(true);
      return allSettled(t!.service, settled);
    };
    await upload(1, 1);
    expect(notices).toEqual([]); // private: seen only by the repository's readers

    await t.call('setSettings', { github: { repo: 'octo/site' } });
    await upload(2, 2);
    const said =
      'octo/site is public: anyone can see the images attached to it, and GitHub has no delete for them. ' +
      '(Shown once for this repository.)';
    expect(notices).toEqual([said]);
    expect(t.notifier.notifications).toContainEqual(
      expect.objectContaining({ title: 'This repository is public', body: said }),
    );
    await upload(3, 3);
    expect(notices).toEqual([said]); // once
  });
});
