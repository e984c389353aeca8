// The GitHub pieces on their own, against the fake GitHub on loopback: the answers the attachments
// store may give (url, href, a link of another shape, 422, 5xx), GitHub Enterprise Server, where the
// repository and the token come from, and how a comment's text places its images.
import { mkdtemp, rm, writeFile, chmod, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isShotlinkError, type ShotlinkError } from '../../src-shared/errors.ts';
import {
  lookupRepository,
  uploadAttachment,
  type GithubEndpoints,
} from '../../src-main/core/providers/github/api.ts';
import { createGithubProvider } from '../../src-main/core/providers/github/provider.ts';
import { parseRepo, repoFromRemoteUrl } from '../../src-main/core/providers/github/repository.ts';
import { githubToken, type GithubToken } from '../../src-main/core/providers/github/token.ts';
import { composeComment } from '../../src-main/core/github/compose.ts';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import { createCore } from '../../src-main/core/create-core.ts';
import { BUILTIN_PROVIDERS, type TierInfo } from '../../src-shared/catalog.ts';
import { destinationOf } from '../../src-shared/consent.ts';
import { startFakeGithub, type FakeGithub } from '../support/fake-github.ts';
import { screenshotPng } from '../cli/fixtures.ts';

const TOKEN = { token: 'ghp_ProviderTests000000000000000000000', source: 'GH_TOKEN' } as GithubToken;
const TIER = { id: 'default' } as TierInfo;

let github: FakeGithub;
let endpoints: GithubEndpoints;
let png: Buffer;
beforeAll(async () => {
  github = await startFakeGithub();
  github.addRepo('octo/app', { private: true, issues: [1] });
  github.addRepo('octo/docs', { private: false });
  github.addToken(TOKEN.token, { 'octo/app': 'push', 'octo/docs': 'push' });
  endpoints = { apiUrl: github.apiUrl, uploadsUrl: `${github.uploadsUrl}/`, timeoutMs: 5000 };
  TOKEN.endpoints = endpoints;
  png = await screenshotPng(200, 120);
});
afterAll(() => github.close());

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: ShotlinkError) => error,
  );
const provider = (repo = 'octo/app', ends = endpoints) =>
  createGithubProvider({ endpoints: ends, token: TOKEN, repo: parseRepo(repo)! });
const upload = (p = provider()) =>
  p.upload({ bytes: png, fileName: 'a b.png', contentType: 'image/png', tier: TIER });

describe('the github provider', () => {
  it('answers the attachment link, permanent, with who sees it; the name is URI-encoded, the body raw', async () => {
    const outcome = await upload();
    const sent = github.attachments.at(-1)!;
    expect(outcome).toEqual({
      url: sent.url,
      hostId: `octo/app/${sent.id}`,
      expiresAt: null,
      visibility: 'visible to people who can read octo/app',
      noDelete: expect.stringContaining('GitHub has no delete'),
    });
    expect(sent.name).toBe('a b.png');
    expect(sent.bytes.equals(png)).toBe(true);
    expect(github.requests.at(-1)!.url).toMatch(
      /^\/user-attachments\/assets\?name=a%20b\.png&content_type=image%2Fpng&repository_id=\d+$/,
    );
  });

  it('accepts a link given only as href, and refuses a link of any other shape as a host error', async () => {
    github.setAttachmentAnswer('href');
    expect((await upload()).url).toMatch(/^https:\/\/github\.com\/user-attachments\/assets\//);
    github.setAttachmentAnswer('wrong-shape');
    const error = await rejection(upload());
    github.setAttachmentAnswer('url');
    expect(error).toMatchObject({ kind: 'host', code: 'unexpected_response' });
    expect(error!.message).toContain(
      'no link of the shape https://github.com/user-attachments/assets/<uuid>',
    );
  });

  it('422 names the file and type; 5xx may pass and is retried by the queue', async () => {
    const bmp = await rejection(
      uploadAttachment(endpoints, TOKEN, await lookupRepository(endpoints, TOKEN, parseRepo('octo/app')!), {
        bytes: png,
        fileName: 'a.bmp',
        contentType: 'image/bmp',
      }),
    );
    expect(bmp).toMatchObject({ kind: 'input', code: 'github_unsupported_type' });
    expect(bmp!.message).toContain(
      'GitHub does not take a.bmp as image/bmp (HTTP 422: "Unsupported content type: image/bmp")',
    );
    github.failNext({ status: 502, body: { message: 'Server Error' } }, { path: '/user-attachments/assets' });
    const busy = await rejection(upload());
    expect(busy).toMatchObject({ kind: 'host', retryable: true });
  });

  it('a public repository is public; a token without access to a private one cannot push to it', async () => {
    expect((await upload(provider('octo/docs'))).visibility).toBe('public (octo/docs is public)');
    github.addToken('ghp_other00000000000000000000000000000', {});
    const stranger = createGithubProvider({
      endpoints,
      token: { token: 'ghp_other00000000000000000000000000000', source: 'keychain', endpoints },
      repo: parseRepo('octo/app')!,
    });
    const error = await rejection(
      stranger.upload({ bytes: png, fileName: 'a.png', contentType: 'image/png', tier: TIER }),
    );
    expect(error!.message).toContain(
      'This token (the token in the keychain) cannot push to octo/app (or the repository does not exist)',
    );
  });

  it('GitHub Enterprise Server says it has no such store, by its header or its /api/v3 address', async () => {
    const ghes = await startFakeGithub({ enterprise: '3.14.2' });
    ghes.addRepo('octo/app');
    ghes.addToken(TOKEN.token, { 'octo/app': 'push' });
    try {
      const byHeader = await rejection(upload(provider('octo/app', { ...endpoints, apiUrl: ghes.apiUrl })));
      expect(byHeader).toMatchObject({ code: 'github_enterprise' });
      expect(byHeader!.message).toContain(
        'GitHub Enterprise Server (version 3.14.2) has no attachment store',
      );
      const before = ghes.requests.length;
      const byPath = await rejection(
        upload(provider('octo/app', { ...endpoints, apiUrl: `${ghes.apiUrl}/api/v3` })),
      );
      expect(isShotlinkError(byPath, 'github_enterprise')).toBe(true);
      expect(ghes.requests.length).toBe(before);
    } finally {
      await ghes.close();
    }
  });
});

describe('what the person is told about the GitHub destination', () => {
  it('says the repository decides who sees it: neither "public" nor "your own server"', () => {
    const github = BUILTIN_PROVIDERS.find((p) => p.id === 'github')!;
    expect(destinationOf(github, github.tiers[0])).toBe(
      "GitHub Attachment: link seen by whoever can read the repository (everyone, if it's public), permanent",
    );
  });
});

describe('the repository and the token', () => {
  it('reads github.com remotes in every form git writes, and nothing else', () => {
    for (const remote of [
      'https://github.com/octo/app.git',
      'https://github.com/octo/app',
      'git@github.com:octo/app.git',
      'ssh://git@github.com/octo/app.git',
      'ssh://git@ssh.github.com:443/octo/app.git',
      'https://user@github.com/octo/app/',
    ]) {
      expect(repoFromRemoteUrl(remote), remote).toEqual({ owner: 'octo', name: 'app' });
    }
    for (const remote of [
      'https://ghe.example.com/octo/app.git',
      'git@gitlab.com:octo/app.git',
      '/srv/git/app',
      'https://github.com/octo',
    ]) {
      expect(repoFromRemoteUrl(remote), remote).toBeNull();
    }
    expect(parseRepo('octo/app')).toEqual({ owner: 'octo', name: 'app' });
    for (const bad of ['octo', 'octo/app/x', '-octo/app', 'octo/..', 'oc to/app'])
      expect(parseRepo(bad), bad).toBeNull();
  });

  it('takes GH_TOKEN, then GITHUB_TOKEN, then the keychain, then `gh auth token`', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shotlink-gh-'));
    try {
      await mkdir(join(dir, 'bin'));
      await writeFile(join(dir, 'bin', 'gh'), '#!/bin/sh\necho gho_fromgh\n');
      await chmod(join(dir, 'bin', 'gh'), 0o755);
      const PATH = `${join(dir, 'bin')}:${process.env.PATH}`;
      const keychain = () => createMemoryStore({ 'github-token': 'ghp_keychain' });
      const empty = createMemoryStore();
      const ctx = (env: NodeJS.ProcessEnv, secrets = keychain()) =>
        createCore({ env, home: join(dir, 'home'), secrets });
      const source = async (env: NodeJS.ProcessEnv, secrets = keychain()) =>
        (await githubToken(ctx(env, secrets)))?.source;
      expect(await source({ PATH, GH_TOKEN: 'a', GITHUB_TOKEN: 'b' })).toBe('GH_TOKEN');
      expect(await source({ PATH, GH_TOKEN: ' ', GITHUB_TOKEN: 'b' })).toBe('GITHUB_TOKEN');
      expect(await source({ PATH })).toBe('keychain');
      expect(await githubToken(ctx({ PATH }, empty))).toEqual({
        token: 'gho_fromgh',
        source: 'gh auth token',
        endpoints: {
          apiUrl: 'https://api.github.com',
          uploadsUrl: 'https://uploads.github.com',
          timeoutMs: 60_000,
        },
      });
      expect(await githubToken(ctx({ PATH: '/nonexistent' }, empty))).toBeNull();
      // A value that cannot be an HTTP header (a line break) is no token.
      expect(await source({ PATH: '/nonexistent', GH_TOKEN: 'ab\ncd' }, empty)).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a comment with images', () => {
  const images = [
    { fileName: 'before.png', alt: 'before.png', url: 'https://github.com/user-attachments/assets/1' },
    { fileName: 'after.png', alt: 'The fixed page', url: 'https://github.com/user-attachments/assets/2' },
  ];
  const marker = '<!-- shotlink:m -->';

  it('puts each image where the text names its file (standing alone), the rest after the text', () => {
    expect(composeComment('Was: before.png\nmybefore.png stays, after.png.bak too', images, marker)).toBe(
      'Was: ![before.png](https://github.com/user-attachments/assets/1)\nmybefore.png stays, after.png.bak too\n\n' +
        '![The fixed page](https://github.com/user-attachments/assets/2)\n\n<!-- shotlink:m -->',
    );
  });

  it('with no text posts the images one per line; $-patterns in names and text stay as written', () => {
    expect(composeComment(undefined, images, marker)).toBe(
      '![before.png](https://github.com/user-attachments/assets/1)\n![The fixed page](https://github.com/user-attachments/assets/2)\n\n<!-- shotlink:m -->',
    );
    const odd = [{ fileName: '$&.png', alt: '[x]', url: 'https://github.com/user-attachments/assets/3' }];
    expect(composeComment('costs $1, see $&.png\r\n', odd, marker)).toBe(
      'costs $1, see ![\\[x\\]](https://github.com/user-attachments/assets/3)\n\n<!-- shotlink:m -->',
    );
  });
});
