// `shotlink upload --provider github` and `--comment` as real child processes against the fake GitHub
// (test/support/fake-github.ts): the repository from --repo, the setting or the origin remote, shown
// before upload with who will see the images; the token from GH_TOKEN, GITHUB_TOKEN or `gh auth token`
// (a fake gh on PATH), never in argv, files or output; the errors a person meets; one comment for several
// files, and exactly once through SIGKILL at each step between the attachments and the comment.
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGithub, type FakeGithub } from '../support/fake-github.ts';
import { independentOcr, readable, renderCorpus, secretCorpus } from '../support/secret-corpus.ts';
import { noisePng, screenshotPng } from './fixtures.ts';
import { runCli } from './run-cli.ts';

const TOKEN = 'ghp_Pr1vateTokenForTests0123456789abcd';
const READ_ONLY = 'ghp_ReadOnlyTokenForTests0123456789abc';
const APP_TOKEN = 'ghs_InstallationTokenForTests012345678';
const GH_TOKEN_VALUE = 'gho_FromGhAuthToken0123456789abcdefgh';

let github: FakeGithub;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  github = await startFakeGithub();
  github.addRepo('octo/private-app', { private: true, issues: [7, 8] });
  github.addRepo('octo/public-site', { private: false, issues: [1] });
  github.addToken(TOKEN, { 'octo/private-app': 'push', 'octo/public-site': 'push' });
  github.addToken(READ_ONLY, { 'octo/private-app': 'read' });
  github.addToken(APP_TOKEN, { 'octo/private-app': 'push' }, { kind: 'app' });
  github.addToken(GH_TOKEN_VALUE, { 'octo/private-app': 'push' });
});
afterAll(() => github.close());

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shotlink-github-'));
  env = {
    SHOTLINK_HOME: join(dir, 'data'),
    SHOTLINK_GITHUB_API_URL: github.apiUrl,
    SHOTLINK_GITHUB_UPLOADS_URL: github.uploadsUrl,
    GH_TOKEN: TOKEN,
  };
  await writeFile(join(dir, 'shot.png'), await screenshotPng());
  await writeFile(join(dir, 'after.png'), await screenshotPng(640, 400));
  github.attachments.length = 0;
  github.comments.length = 0;
  github.requests.length = 0;
  github.delay(0);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const shotlink = (...args: string[]) => runCli(args, { env, cwd: dir });

interface GithubRun {
  /** The files to upload (default: shot.png). */
  files?: string[];
  /** --repo (default: octo/private-app); null: none given. */
  repo?: string | null;
  /** Variables added to (or blanked in) the test's environment. */
  env?: NodeJS.ProcessEnv;
  /** stdin. */
  input?: string;
}

/** `shotlink upload <files> -p github --repo <repo> <extra…>`, as a person runs it. */
function githubUpload(extra: string[] = [], run: GithubRun = {}) {
  const { files = ['shot.png'], repo = 'octo/private-app', input } = run;
  const args = ['upload', ...files, '-p', 'github', ...(repo === null ? [] : ['--repo', repo]), ...extra];
  return runCli(args, { env: { ...env, ...run.env }, cwd: dir, ...(input !== undefined && { input }) });
}

/** The same with --comment: shot.png and after.png to issue 7 of octo/private-app unless told. */
const commentUpload = (extra: string[] = [], run: GithubRun = {}) =>
  githubUpload(['--comment', '7', ...extra], { files: ['shot.png', 'after.png'], ...run });

/** A run that kills itself with SIGKILL at a failpoint (SHOTLINK_FAILPOINT): resolves with how it ended. */
const killedAt = (point: string, upload: (run: GithubRun) => Promise<unknown>) =>
  upload({ env: { SHOTLINK_FAILPOINT: point } }).catch((error: { signal?: string }) => error);
const LINK = /^!\[([^\]]*)\]\((https:\/\/github\.com\/user-attachments\/assets\/[0-9a-f-]{36})\)\n$/;

/** Files under a folder, recursively, as text (binary files too: a token is ASCII). */
async function filesUnder(root: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    found.set(path, await readFile(path, 'latin1'));
  }
  return found;
}

/** A `gh` that prints a token on stdout, as `gh auth token` does, and notes how it was called. */
async function fakeGh(token: string): Promise<string> {
  const bin = join(dir, 'gh-bin');
  await mkdir(bin, { recursive: true });
  await writeFile(
    join(bin, 'gh'),
    `#!/bin/sh\nprintf '%s ' "$@" >> "${join(dir, 'gh-calls.txt')}"\necho\nprintf '%s\\n' '${token}'\n`,
  );
  await chmod(join(bin, 'gh'), 0o755);
  return bin;
}

describe('shotlink upload --provider github', { timeout: 120_000 }, () => {
  it('uploads the raw bytes to the repository, prints Markdown with the file name as alt text, and says who can see it', async () => {
    const { code, stdout, stderr } = await githubUpload();
    expect(stderr).toContain(
      'GitHub octo/private-app: visible to people who can read octo/private-app; permanent (GitHub has no delete for attachments). Using the token from GH_TOKEN.',
    );
    expect(stderr).not.toMatch(/Anyone who has the link/);
    expect(code).toBe(0);
    const match = LINK.exec(stdout);
    expect(match?.[1]).toBe('shot.png');
    const [attachment] = github.attachments;
    expect(attachment!.url).toBe(match![2]);
    // Fitted like every upload (a lossless WebP here), sent under the name of what it is.
    expect(attachment!.name).toMatch(/^shot\.(png|webp)$/);
    expect(attachment!.contentType).toBe(`image/${attachment!.name.split('.')[1]}`);
    expect((await sharp(attachment!.bytes).metadata()).width).toBe(800);
    const upload = github.requests.find((request) => request.host === 'uploads')!;
    expect(upload.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(upload.url).toContain(`name=${attachment!.name}&content_type=image%2F`);
    expect(upload.url).toMatch(/&repository_id=\d+$/);

    // History: permanent, who sees it, and why it cannot be deleted.
    const history = await shotlink('history', '--json');
    const entry = JSON.parse(history.stdout.split('\n')[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      provider: 'github',
      expiresAt: null,
      visibility: 'visible to people who can read octo/private-app',
      noDelete: expect.stringContaining('GitHub has no delete for attachments'),
    });
    const listed = await shotlink('history');
    expect(listed.stdout).toContain('permanent, no delete, visible to people who can read octo/private-app');
  });

  it('fits an image over the 10 MB limit like every host before it is sent', async () => {
    const big = await noisePng(2400, 1600);
    expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
    await writeFile(join(dir, 'big.png'), big);
    const { code } = await githubUpload([], { files: ['big.png'] });
    expect(code).toBe(0);
    const [attachment] = github.attachments;
    expect(attachment!.bytes.length).toBeLessThanOrEqual(10 * 1024 * 1024);
    expect(['image/png', 'image/jpeg', 'image/webp']).toContain(attachment!.contentType);
  });

  it('says a public repository makes the link public; --alt sets the alt text', async () => {
    const { code, stdout, stderr } = await githubUpload(['--alt', 'The login page [v2]'], {
      repo: 'octo/public-site',
    });
    expect(code).toBe(0);
    expect(stderr).toContain('GitHub octo/public-site: public (octo/public-site is public)');
    // The one-time notice, decided in core as for the window and the tray: once per public repository.
    const once = 'shotlink: octo/public-site is public: anyone can see the images attached to it';
    expect(stderr).toContain(once);
    const again = await githubUpload([], { repo: 'octo/public-site' });
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain(once);
    expect(stdout).toMatch(
      /^!\[The login page \\\[v2\\\]\]\(https:\/\/github\.com\/user-attachments\/assets\//,
    );
  });

  it('takes the repository from the github.repo setting, else the origin remote of the current directory', async () => {
    execFileSync('git', ['init', '-q', dir]);
    execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', 'git@github.com:octo/private-app.git']);
    const fromOrigin = await githubUpload(['-f', 'url'], { repo: null });
    expect(fromOrigin.code).toBe(0);
    expect(fromOrigin.stderr).toContain('GitHub octo/private-app:');

    expect((await shotlink('config', 'set', 'github.repo', 'octo/public-site')).code).toBe(0);
    const fromSetting = await githubUpload(['-f', 'url'], { repo: null });
    expect(fromSetting.stderr).toContain('GitHub octo/public-site:');
    expect(github.attachments).toHaveLength(2);
  });

  it('without a repository, or with a malformed one, says how to name it and sends nothing', async () => {
    const none = await githubUpload([], { repo: null });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Which GitHub repository? Pass --repo owner/name');
    const bad = await githubUpload([], { repo: 'not a repo' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('write it as owner/name');
    expect(github.requests).toHaveLength(0);
  });

  it('refuses --repo and --comment with another provider, and --body without --comment', async () => {
    const other = await shotlink('upload', 'shot.png', '--repo', 'octo/private-app');
    expect(other.stderr).toContain('--repo is for GitHub: add --provider github');
    const body = await githubUpload(['--body', 'hi']);
    expect(body.stderr).toContain('add --comment <issue or PR number>');
    const number = await githubUpload(['--comment', 'abc']);
    expect(number.stderr).toContain('--comment takes an issue or pull request number');
    expect([other.code, body.code, number.code]).toEqual([2, 2, 2]);
    expect(github.requests).toHaveLength(0);
  });

  it('a token that cannot push, an installation token, and a refused token each get a message to act on', async () => {
    const readOnly = await githubUpload([], { env: { GH_TOKEN: READ_ONLY } });
    expect(readOnly.code).toBe(2);
    expect(readOnly.stderr).toContain(
      'This token (the token from GH_TOKEN) cannot push to octo/private-app (or the repository does not exist)',
    );
    const app = await githubUpload([], { env: { GH_TOKEN: '', GITHUB_TOKEN: APP_TOKEN } });
    expect(app.code).toBe(2);
    expect(app.stderr).toContain(
      'This token (the token from GITHUB_TOKEN) cannot push to octo/private-app (or the repository does not exist)',
    );
    expect(app.stderr).toContain('GitHub App installation tokens are refused');
    const unknown = await githubUpload([], { env: { GH_TOKEN: 'ghp_revoked000000000000000000000000000' } });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('GitHub refused the token from GH_TOKEN (HTTP 401: "Bad credentials")');
    expect(unknown.stderr).toContain('gh auth login');
    const missing = await githubUpload([], { repo: 'no/such-repo' });
    expect(missing.stderr).toContain('cannot push to no/such-repo (or the repository does not exist)');
    expect(github.attachments).toHaveLength(0);
    for (const result of [readOnly, app, unknown, missing]) {
      for (const token of [TOKEN, READ_ONLY, APP_TOKEN]) expect(result.stderr).not.toContain(token);
    }
  });

  it('without any token says every way to give one, and sends nothing', async () => {
    const { code, stderr } = await githubUpload([], { env: { GH_TOKEN: '' } });
    expect(code).toBe(2);
    expect(stderr).toContain('GitHub needs a token, and none was found. Log in with `gh auth login`');
    expect(stderr).toContain('shotlink config set-secret github-token');
    expect(github.requests).toHaveLength(0);
  });
});

describe('the GitHub token', { timeout: 120_000 }, () => {
  it('from `gh auth token` through a pipe: never in any process argv or environment, data file, output or URL', async () => {
    const bin = await fakeGh(GH_TOKEN_VALUE);
    const runEnv = { GH_TOKEN: '', PATH: `${bin}:${process.env.PATH}` };
    github.delay(150); // the run lasts long enough for the scans below to see it
    const seen: string[] = [];
    let running = true;
    const scan = (async () => {
      while (running) {
        for (const pid of await readdir('/proc').catch(() => [] as string[])) {
          if (!/^\d+$/.test(pid)) continue;
          for (const part of ['cmdline', 'environ']) {
            const text = await readFile(`/proc/${pid}/${part}`, 'latin1').catch(() => '');
            if (text.includes(GH_TOKEN_VALUE)) seen.push(`${pid}/${part}`);
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const result = await commentUpload(['--body', 'Before: shot.png'], { env: runEnv });
    running = false;
    await scan;
    github.delay(0);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Using the token `gh auth token` prints.');
    // gh was asked for the token, with no token of its own on its command line.
    expect((await readFile(join(dir, 'gh-calls.txt'), 'utf8')).trim()).toBe(
      'auth token --hostname github.com',
    );
    expect(seen).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain(GH_TOKEN_VALUE);
    for (const [path, text] of await filesUnder(join(dir, 'data'))) {
      expect(text.includes(GH_TOKEN_VALUE), path).toBe(false);
    }
    // Sent only as the Authorization header, only to the two GitHub hosts it was set up for.
    expect(github.requests.length).toBeGreaterThanOrEqual(4);
    for (const request of github.requests) {
      expect(request.url).not.toContain(GH_TOKEN_VALUE);
      expect(request.headers.authorization).toBe(`Bearer ${GH_TOKEN_VALUE}`);
    }
    expect(github.comments[0]!.token).toBe(GH_TOKEN_VALUE);
  });

  it("from `gh auth token`: never sent to addresses set in settings, only github.com's, this run's or confirmed ones", async () => {
    const bin = await fakeGh(GH_TOKEN_VALUE);
    // The addresses stored in settings (as the window's bridge could set them), not given by this run.
    const stored = {
      SHOTLINK_GITHUB_API_URL: '',
      SHOTLINK_GITHUB_UPLOADS_URL: '',
      GH_TOKEN: '',
      PATH: `${bin}:${process.env.PATH}`,
    };
    for (const [key, url] of [
      ['hosts.githubApiUrl', github.apiUrl],
      ['hosts.githubUploadsUrl', github.uploadsUrl],
    ]) {
      expect(
        (await runCli(['config', 'set', key!, url!], { env: { ...env, ...stored }, cwd: dir })).code,
      ).toBe(0);
    }
    const refused = await githubUpload([], { env: stored });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'The token `gh auth token` prints is meant for https://api.github.com and https://uploads.github.com, ' +
        'but hosts.githubApiUrl and hosts.githubUploadsUrl now point to',
    );
    expect(refused.stderr).toContain('GH_TOKEN="$(gh auth token)"');
    expect(github.requests).toEqual([]);
    // As it says: the token given through the environment is bound to this run's addresses.
    const given = await githubUpload([], { env: { ...stored, GH_TOKEN: GH_TOKEN_VALUE } });
    expect(given.code).toBe(0);
    expect(github.attachments[0]!.token).toBe(GH_TOKEN_VALUE);
  });

  it('GH_TOKEN wins over GITHUB_TOKEN, which wins over gh', async () => {
    const bin = await fakeGh(GH_TOKEN_VALUE);
    const PATH = `${bin}:${process.env.PATH}`;
    const both = await githubUpload([], { env: { PATH, GH_TOKEN: TOKEN, GITHUB_TOKEN: READ_ONLY } });
    expect(both.stderr).toContain('Using the token from GH_TOKEN.');
    const second = await githubUpload([], { env: { PATH, GH_TOKEN: '', GITHUB_TOKEN: TOKEN } });
    expect(second.stderr).toContain('Using the token from GITHUB_TOKEN.');
    expect(github.attachments.map((attachment) => attachment.token)).toEqual([TOKEN, TOKEN]);
  });

  it('shotlink doctor names the source and whether it can push, never the token', async () => {
    const can = await runCli(['doctor', '--json'], {
      env: { ...env, SHOTLINK_HOME: env.SHOTLINK_HOME },
      cwd: dir,
    });
    let line = (JSON.parse(can.stdout) as { id: string; summary: string; status: string }[]).find(
      (c) => c.id === 'github',
    );
    expect(line).toMatchObject({
      status: 'ok',
      summary: 'uses the token from GH_TOKEN; no repository to check',
    });

    await shotlink('config', 'set', 'github.repo', 'octo/private-app');
    const push = await shotlink('doctor', '--json');
    line = (JSON.parse(push.stdout) as (typeof line)[]).find((c) => c!.id === 'github');
    expect(line).toMatchObject({
      status: 'ok',
      summary: 'uses the token from GH_TOKEN, which can push to octo/private-app (private)',
    });

    const readOnly = await runCli(['doctor'], { env: { ...env, GH_TOKEN: READ_ONLY }, cwd: dir });
    expect(readOnly.stdout).toContain(
      'uses the token from GH_TOKEN, which cannot push to octo/private-app (private)',
    );
    for (const result of [can, push, readOnly]) {
      expect(result.stdout + result.stderr).not.toContain(TOKEN);
      expect(result.stdout + result.stderr).not.toContain(READ_ONLY);
    }
  });
});

describe('shotlink upload --comment', { timeout: 180_000 }, () => {
  it('posts several files as one comment, each image where the text names its file or after it, and prints its URL', async () => {
    const { code, stdout } = await commentUpload(['--body', 'Before (shot.png) and the fix below.']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^https:\/\/github\.com\/octo\/private-app\/issues\/7#issuecomment-\d+\n$/);
    expect(github.comments).toHaveLength(1);
    const [shot, after] = github.attachments;
    expect(github.comments[0]!.body).toBe(
      `Before (![shot.png](${shot!.url})) and the fix below.\n\n![after.png](${after!.url})\n\n<!-- shotlink:` +
        github.comments[0]!.body.split('<!-- shotlink:')[1],
    );
    expect(github.comments[0]!.body).toMatch(/<!-- shotlink:[0-9a-f-]{36} -->$/);
  });

  it('reads the text from --body-file (or stdin with -), and with no text posts only the images', async () => {
    await writeFile(join(dir, 'notes.md'), '## Steps\n\n1. Open the page\n2. See after.png\n');
    const fromFile = await commentUpload(['--body-file', 'notes.md']);
    expect(fromFile.code).toBe(0);
    expect(github.comments[0]!.body).toContain(`2. See ![after.png](${github.attachments[1]!.url})`);
    expect(github.comments[0]!.body).toContain(`\n\n![shot.png](${github.attachments[0]!.url})\n\n<!--`);

    const fromStdin = await commentUpload(['--body-file', '-'], { input: 'From a pipe.' });
    expect(fromStdin.code).toBe(0);
    expect(github.comments[1]!.body).toMatch(/^From a pipe\.\n\n!\[shot\.png\]/);

    const bare = await githubUpload(['--comment', '#8']);
    expect(bare.code).toBe(0);
    expect(github.comments[2]).toMatchObject({ issue: 8 });
    expect(github.comments[2]!.body).toMatch(
      /^!\[shot\.png\]\(https:\/\/github\.com\/user-attachments\/assets\/[0-9a-f-]+\)\n\n<!--/,
    );
  });

  it('a missing issue says so; a bad file fails the comment before anything is sent', async () => {
    const missing = await githubUpload(['--comment', '99']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'octo/private-app has no issue or pull request #99 that the token from GH_TOKEN can comment on',
    );
    expect(github.attachments).toHaveLength(0); // the issue is checked before any image is sent

    await writeFile(join(dir, 'notes.txt'), 'not an image');
    const bad = await commentUpload([], { files: ['shot.png', 'notes.txt'] });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('notes.txt');
    expect(github.attachments).toHaveLength(0);
    expect(github.comments).toHaveLength(0);
  });

  // Each step between the first attachment and the recorded comment, killed: the same command again
  // completes the comment with each image stored once and the comment posted once.
  it.each([
    ['after-answer', 1, 0],
    ['after-record', 1, 0],
    ['after-attachments', 2, 0],
    ['after-comment', 2, 1],
  ] as const)(
    'killed at %s: the retry stores each image once and posts one comment',
    async (point, attachments, comments) => {
      const run = (extra: GithubRun = {}) => commentUpload(['--body', 'See shot.png'], extra);
      expect(await killedAt(point, run)).toMatchObject({ signal: 'SIGKILL' });
      expect(github.attachments).toHaveLength(attachments);
      expect(github.comments).toHaveLength(comments);

      const again = await run();
      expect(again.code).toBe(0);
      expect(github.attachments).toHaveLength(2);
      expect(github.comments).toHaveLength(1);
      expect(again.stdout).toBe(`${github.comments[0]!.html_url}\n`);
      if (point === 'after-comment')
        expect(again.stderr).toContain('posted by an earlier run; it was not posted again');
      const body = github.comments[0]!.body;
      for (const attachment of github.attachments) expect(body).toContain(attachment.url);

      // Done: the same command later is a new comment, as a second upload is a second upload.
      const later = await run();
      expect(later.code).toBe(0);
      expect(github.comments).toHaveLength(2);
    },
  );

  /** Resolves once `ready` holds, looking every 20 ms (the runs are child processes). */
  async function until(ready: () => boolean): Promise<void> {
    while (!ready()) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const issueChecks = () =>
    github.requests.filter((r) => r.method === 'GET' && r.url === '/repos/octo/private-app/issues/7').length;

  it('two processes posting the same request at once: the second waits for the first and posts nothing again', async () => {
    const release = github.holdAttachments();
    const first = commentUpload(['--body', 'Same text']);
    // The first is inside the issue's lock, its plan saved, its first image held by GitHub.
    await until(() => github.requests.some((r) => r.host === 'uploads'));
    const second = commentUpload(['--body', 'Same text']);
    await until(() => issueChecks() === 2); // the second checked the issue: next is the lock
    await new Promise((resolve) => setTimeout(resolve, 500));
    release();
    const [a, b] = await Promise.all([first, second]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(github.comments).toHaveLength(1);
    expect(github.attachments).toHaveLength(2);
    expect(a.stdout).toBe(`${github.comments[0]!.html_url}\n`);
    expect(b.stdout).toBe(a.stdout);
    expect(b.stderr).toContain('another Shotlink run is posting to octo/private-app#7; waiting for it.');
    expect(b.stderr).toContain('posted by an earlier run; it was not posted again');
  });

  it('two processes posting different comments to one issue: one after the other, never interleaved', async () => {
    const release = github.holdAttachments();
    const first = commentUpload(['--body', 'First']);
    await until(() => github.requests.some((r) => r.host === 'uploads'));
    const second = commentUpload(['--body', 'Second'], { files: ['after.png'] });
    await until(() => issueChecks() === 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The second has sent nothing while the first holds the issue.
    expect(github.requests.filter((r) => r.host === 'uploads')).toHaveLength(1);
    release();
    const results = await Promise.all([first, second]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(github.comments.map((c) => c.body.split('\n')[0])).toEqual(['First', 'Second']);
    expect(github.attachments).toHaveLength(3);
    // The first's comment was posted before the second's image was sent.
    const posts = github.requests.map((r) =>
      r.host === 'uploads' ? 'image' : r.method === 'POST' ? 'comment' : '',
    );
    expect(posts.filter(Boolean)).toEqual(['image', 'image', 'comment', 'image', 'comment']);
  });

  it('a comment GitHub failed to take (502) is posted by the retry, with the images already stored', async () => {
    github.failNext(
      { status: 502, body: { message: 'Server Error' } },
      { path: '/repos/octo/private-app/issues/7/comments' },
    );
    const failed = await commentUpload();
    expect(failed.code).toBe(4);
    expect(github.attachments).toHaveLength(2);
    expect(github.comments).toHaveLength(0);
    const again = await commentUpload();
    expect(again.code).toBe(0);
    expect(github.attachments).toHaveLength(2);
    expect(github.comments).toHaveLength(1);
  });
});

describe('--redact with GitHub', { timeout: 240_000 }, () => {
  it('covers the secrets before the attachment is sent, for an upload and for a comment', async () => {
    const terminal = secretCorpus().find((page) => page.name === 'terminal')!;
    const shot = (await renderCorpus([terminal])).get('terminal')!;
    await writeFile(join(dir, 'terminal.png'), shot);
    const before = await independentOcr(shot, dir);
    expect(terminal.secrets.filter((secret) => readable(secret.value, before)).length).toBeGreaterThan(0);

    const plain = await githubUpload(['--redact'], { files: ['terminal.png'] });
    const comment = await commentUpload(['--redact', '--body', 'The deploy log: terminal.png'], {
      files: ['terminal.png'],
    });
    for (const result of [plain, comment]) {
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/terminal\.png: covered .+ before upload\./);
      for (const secret of terminal.secrets) expect(result.stderr).not.toContain(secret.value);
    }
    expect(github.attachments).toHaveLength(2);
    for (const attachment of github.attachments) {
      const after = await independentOcr(attachment.bytes, dir);
      expect(terminal.secrets.filter((secret) => readable(secret.value, after)).map((s) => s.kind)).toEqual(
        [],
      );
    }
    expect(github.comments[0]!.body).toContain(
      `The deploy log: ![terminal.png](${github.attachments[1]!.url})`,
    );
  });
});
