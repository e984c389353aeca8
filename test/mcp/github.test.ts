// `shotlink mcp` and GitHub through the real protocol: the SDK's own Client spawns the real command
// against the fake GitHub on 127.0.0.1 (test/support/fake-github.ts). comment_on_github posts images
// and text as one comment only when the user allowed GitHub for agents, and on a public repository only
// after the user's consent to public links; a client's retry gets the same comment, nothing sent twice;
// the repository comes from the argument, else the git origin of the folder the client shared; the
// images are covered before they leave; upload_image takes GitHub as a destination under the same rules.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SettingsPatch } from '../../src-shared/settings.ts';
import { createSettingsStore } from '../../src-main/core/store/settings-store.ts';
import { startFakeGithub, type FakeGithub } from '../support/fake-github.ts';
import { independentOcr, readable, renderCorpus, secretCorpus } from '../support/secret-corpus.ts';
import { hasTesseract } from '../support/debian-tesseract.ts';
import { screenshotPng } from '../cli/fixtures.ts';
import { runCli } from '../cli/run-cli.ts';
import { startMcp, textOf, type McpSession } from './mcp-client.ts';

const TOKEN = 'ghp_AgentsTokenForTests0123456789abcdef';
const ASSET = /^https:\/\/github\.com\/user-attachments\/assets\/[0-9a-f-]{36}$/;
const SLOW = { timeout: 180_000 };

let github: FakeGithub;
let dir: string;
let home: string;
let project: string;
let env: NodeJS.ProcessEnv;
let session: McpSession | undefined;

beforeAll(async () => {
  github = await startFakeGithub();
  github.addRepo('octo/private-app', { private: true, issues: [7] });
  github.addRepo('octo/public-site', { private: false, issues: [1] });
  github.addToken(TOKEN, { 'octo/private-app': 'push', 'octo/public-site': 'push' });
});
afterAll(() => github.close());

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shotlink-mcp-github-'));
  home = join(dir, 'data');
  project = join(dir, 'project');
  await mkdir(project, { recursive: true });
  await writeFile(join(project, 'before.png'), await screenshotPng(640, 400));
  await writeFile(join(project, 'after.png'), await screenshotPng(600, 380));
  env = {
    SHOTLINK_HOME: home,
    SHOTLINK_GITHUB_API_URL: github.apiUrl,
    SHOTLINK_GITHUB_UPLOADS_URL: github.uploadsUrl,
    GH_TOKEN: TOKEN,
  };
  github.attachments.length = 0;
  github.comments.length = 0;
  github.requests.length = 0;
});
afterEach(async () => {
  await session?.close();
  session = undefined;
  await rm(dir, { recursive: true, force: true });
});

const settings = (patch: SettingsPatch) => createSettingsStore(home, {}).set(patch);
/** How often GitHub was asked about a repository (once per call is enough). */
const lookups = (repo: string) =>
  github.requests.filter((r) => r.host === 'api' && r.method === 'GET' && r.url.endsWith(`/repos/${repo}`))
    .length;
const mcp = async (extra: NodeJS.ProcessEnv = {}) =>
  (session = await startMcp({ env: { ...env, ...extra }, cwd: project }));

describe('shotlink mcp: comment_on_github', SLOW, () => {
  it('refuses until the user allows GitHub for agents, before anything reaches GitHub', async () => {
    settings({ agents: { hosts: ['server'] } });
    const s = await mcp();
    const refused = await s.call('comment_on_github', {
      repo: 'octo/private-app',
      issue: 7,
      images: [{ path: 'before.png' }],
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(
      /not allowed agents to upload to github\. Use one of: server.*agents\.hosts '\["server","github"\]'/,
    );
    expect(github.requests).toEqual([]);
  });

  it('posts the images and text as one comment on a private repository; a retry gets the same comment', async () => {
    settings({ agents: { hosts: ['github'] } });
    const s = await mcp();
    const args = {
      repo: 'octo/private-app',
      issue: 7,
      body: 'The dialog before.png and after the fix:',
      images: [
        { path: 'before.png', alt: 'the dialog before' },
        { data: (await screenshotPng(600, 380)).toString('base64'), fileName: 'after.png' },
      ],
    };
    const first = await s.call('comment_on_github', args);
    expect(first.isError, textOf(first)).toBeFalsy();
    expect(github.comments).toHaveLength(1);
    expect(github.attachments).toHaveLength(2);
    // The repository is asked about once for the comment, not again for each image.
    expect(lookups('octo/private-app')).toBe(1);
    const out = first.structuredContent as {
      comment: string;
      visibility: string;
      images: { id: string; url: string; markdown: string; redaction: { checked: boolean } }[];
      repeated: boolean;
    };
    expect(out).toMatchObject({
      comment: github.comments[0]!.html_url,
      repo: 'octo/private-app',
      visibility: expect.stringMatching(/^private: only people who can read octo\/private-app/),
      repeated: false,
    });
    expect(out.images.map((image) => image.url)).toEqual(github.attachments.map((a) => a.url));
    for (const image of out.images) {
      expect(image.url).toMatch(ASSET);
      expect(image.redaction.checked).toBe(true);
    }
    // The image named in the text stands where the text names it; the other follows.
    const { body } = github.comments[0]!;
    expect(body).toContain(`The dialog ![the dialog before](${out.images[0]!.url}) and after the fix:`);
    expect(body).toContain(`![after.png](${out.images[1]!.url})`);

    // The client did not hear the answer and asks again: the same comment, nothing sent again.
    const again = await s.call('comment_on_github', args);
    expect(again.isError, textOf(again)).toBeFalsy();
    expect(again.structuredContent).toMatchObject({ comment: out.comment, repeated: true });
    expect(github.comments).toHaveLength(1);
    expect(github.attachments).toHaveLength(2);

    // A new request is a new comment.
    const other = await s.call('comment_on_github', { ...args, body: 'Once more:' });
    expect(other.structuredContent).toMatchObject({ repeated: false });
    expect(github.comments).toHaveLength(2);

    const { uploads } = (await s.call('list_uploads', {})).structuredContent as {
      uploads: { destination: string; byAgent: boolean }[];
    };
    expect(uploads.every((upload) => upload.byAgent && upload.destination === 'github/default')).toBe(true);
  });

  it('refuses a public repository until the user agrees to public links, given in config', async () => {
    settings({ agents: { hosts: ['github'] } });
    const s = await mcp();
    const args = { repo: 'octo/public-site', issue: 1, images: [{ path: 'before.png' }] };
    const refused = await s.call('comment_on_github', args);
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(
      /octo\/public-site is a public repository: anyone could see .*agents\.publicLinks true/,
    );
    // upload_image to GitHub follows the same rule.
    const upload = await s.call('upload_image', {
      path: 'before.png',
      destination: 'github',
      repo: 'octo/public-site',
    });
    expect(textOf(upload)).toMatch(/octo\/public-site is a public repository/);
    expect(github.attachments).toHaveLength(0);
    expect(github.comments).toHaveLength(0);

    const cli = await runCli(['config', 'set', 'agents.publicLinks', 'true'], { env, cwd: dir });
    expect(cli.code, cli.stderr).toBe(0);
    const ok = await s.call('comment_on_github', args);
    expect(ok.isError, textOf(ok)).toBeFalsy();
    expect(ok.structuredContent).toMatchObject({ visibility: expect.stringMatching(/^public/) });
    expect(github.comments).toHaveLength(1);
  });

  it('finds the repository from the git origin of the shared folder; upload_image gives a link private to it', async () => {
    settings({ agents: { hosts: ['github'] } });
    execFileSync('git', ['init', '-q', project]);
    execFileSync('git', ['-C', project, 'remote', 'add', 'origin', 'git@github.com:octo/private-app.git']);
    const s = await mcp();
    const upload = await s.call('upload_image', { path: 'after.png', destination: 'github' });
    expect(upload.isError, textOf(upload)).toBeFalsy();
    expect(lookups('octo/private-app')).toBe(1);
    expect(upload.structuredContent).toMatchObject({
      url: expect.stringMatching(ASSET),
      destination: 'github',
      expiresAt: null,
      visibility: expect.stringMatching(/^private: only people who can read octo\/private-app/),
    });
    expect(github.attachments).toHaveLength(1);

    const posted = await s.call('comment_on_github', { issue: 7, images: [{ path: 'before.png' }] });
    expect(posted.isError, textOf(posted)).toBeFalsy();
    expect(github.comments).toEqual([expect.objectContaining({ repo: 'octo/private-app', issue: 7 })]);

    // No such issue: refused before any image is sent.
    const missing = await s.call('comment_on_github', { issue: 99, images: [{ path: 'after.png' }] });
    expect(missing.isError).toBe(true);
    expect(github.attachments).toHaveLength(2);
  });

  it('refuses a whole comment when one image is not an image, and sends none of them', async () => {
    settings({ agents: { hosts: ['github'] } });
    await writeFile(join(project, 'notes.png'), 'DATABASE_PASSWORD=hunter2\n');
    const s = await mcp();
    const refused = await s.call('comment_on_github', {
      repo: 'octo/private-app',
      issue: 7,
      images: [{ path: 'before.png' }, { path: 'notes.png' }],
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/not an image/);
    expect(textOf(refused)).not.toContain('hunter2');
    expect(github.requests).toEqual([]);
    const leftovers = await readdir(home).catch(() => []);
    expect(leftovers.filter((name) => !/settings\.json|\.lock$/.test(name))).toEqual([]);
  });
});

describe('shotlink mcp: comment_on_github checks the text as it checks images', SLOW, () => {
  it('refuses a secret in the comment text or an alt text, naming its kind and line, and sends nothing', async () => {
    settings({ agents: { hosts: ['github'] } });
    const s = await mcp();
    const secret = 'ghp_R7fKq2LmN8pXvB3sT9wYzA1cD4eF6gH0jK5m';
    const refused = await s.call('comment_on_github', {
      repo: 'octo/private-app',
      issue: 7,
      body: `The deploy failed:\n\nGITHUB_TOKEN=${secret} npm run deploy\nSee before.png`,
      images: [{ path: 'before.png' }],
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(
      /^The comment text shows GitHub token \(line 3\), so nothing was sent\. Take it out of the text/,
    );
    const inAlt = await s.call('comment_on_github', {
      repo: 'octo/private-app',
      issue: 7,
      body: 'See before.png',
      images: [{ path: 'before.png', alt: 'mail ops@example.com about it' }],
    });
    expect(textOf(inAlt)).toMatch(/^The name or alt text of image 1 shows email address \(line 1\)/);
    for (const answer of [refused, inAlt]) expect(JSON.stringify(answer)).not.toMatch(/ghp_R7|ops@/);
    expect(github.requests).toEqual([]);

    // Ordinary text (links, a commit, a path and line) goes through.
    const ok = await s.call('comment_on_github', {
      repo: 'octo/private-app',
      issue: 7,
      body: 'Fixed in 3f2a9c1e7b5d4a6c8e0f1a2b3c4d5e6f7a8b9c0d (src/App.tsx:42), see https://github.com/octo/private-app/pull/12 and before.png',
      images: [{ path: 'before.png' }],
    });
    expect(ok.isError, textOf(ok)).toBeFalsy();
    expect(github.comments).toHaveLength(1);
  });
});

describe('shotlink mcp: comment_on_github retried after the server was killed', SLOW, () => {
  it.each([
    ['after-answer', 1, 0],
    ['after-attachments', 2, 0],
    ['after-comment', 2, 1],
  ] as const)(
    'killed %s: the retry stores each image once and posts one comment',
    async (failpoint, attachments, comments) => {
      settings({ agents: { hosts: ['github'] } });
      const args = {
        repo: 'octo/private-app',
        issue: 7,
        body: 'See before.png',
        images: [{ path: 'before.png' }, { path: 'after.png' }],
      };
      const dying = await mcp({ SHOTLINK_FAILPOINT: failpoint });
      await expect(dying.call('comment_on_github', args)).rejects.toThrow();
      await dying.close();
      expect(github.attachments).toHaveLength(attachments);
      expect(github.comments).toHaveLength(comments);

      // The client starts the server again and retries the same call.
      const s = await mcp();
      const retried = await s.call('comment_on_github', args);
      expect(retried.isError, textOf(retried)).toBeFalsy();
      expect(github.attachments).toHaveLength(2);
      expect(github.comments).toHaveLength(1);
      expect(retried.structuredContent).toMatchObject({
        comment: github.comments[0]!.html_url,
        repeated: failpoint === 'after-comment',
      });
      for (const attachment of github.attachments) expect(github.comments[0]!.body).toContain(attachment.url);
    },
  );
});

describe.skipIf(!hasTesseract())('shotlink mcp: comment_on_github covers secrets first', SLOW, () => {
  it('posts the covered image: the token is not readable on GitHub, nor in any answer', async () => {
    const [terminal] = secretCorpus();
    const shot = (await renderCorpus([terminal!])).get('terminal')!;
    await writeFile(join(project, 'terminal.png'), shot);
    settings({ agents: { hosts: ['github'] } });
    const s = await mcp();
    const posted = await s.call('comment_on_github', {
      repo: 'octo/private-app',
      issue: 7,
      body: 'The deploy log:',
      images: [{ path: 'terminal.png' }],
    });
    expect(posted.isError, textOf(posted)).toBeFalsy();
    const out = posted.structuredContent as {
      images: { redaction: { covered: { kind: string }[] } }[];
    };
    expect(out.images[0]!.redaction.covered.map((c) => c.kind)).toContain('github-token');
    const token = terminal!.secrets.find((secret) => secret.kind === 'github-token')!.value;
    expect(readable(token, await independentOcr(github.attachments[0]!.bytes, dir))).toBe(false);
    for (const secret of terminal!.secrets) {
      expect(JSON.stringify(posted)).not.toContain(secret.value);
      expect(github.comments[0]!.body).not.toContain(secret.value);
    }
  });
});
