// A host secret goes only to the origin it was saved for. Over the real loopback bridge, as the window
// (or anything holding the bridge token) calls it: pointing hosts.imgproUrl or hosts.serverUrl at another
// listener sends that listener nothing — no key, no token, no request at all — until the secret is given
// again or the new address is confirmed.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src-shared/history.ts';
import type { SecretStatus } from '../../src-shared/secrets.ts';
import { githubSettings, startFakeGithub, type FakeGithub } from '../support/fake-github.ts';
import { startFakeImgpro, type FakeImgpro } from '../support/fake-imgpro.ts';
import { startHttpServer, type LoopbackServer } from '../support/http-server.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { distinctPng } from '../support/test-images.ts';
import { until } from './helpers.ts';

const KEY = 'img_live_origin_bound_0123';
const TOKEN = 'a-server-token-of-32-characters!';

let t: TestService | undefined;
const others: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  await Promise.all(others.splice(0).map((o) => o.close()));
});

async function call<T>(method: string, ...args: unknown[]): Promise<T> {
  const response = await t!.call(method, ...args);
  if (!response.ok) throw new Error(`${method}: ${response.error?.message}`);
  return response.value as T;
}

/** Uploads one image over the bridge and waits for the job to settle. */
async function uploadOnce(seed: number): Promise<JobInfo> {
  const file = join(t!.home, `shot-${seed}.png`);
  await writeFile(file, await distinctPng(seed));
  const [job] = await call<JobInfo[]>('uploadFiles', [file]);
  return until(
    t!.service,
    () => t!.service.queue.list().find((j) => j.id === job!.id && ['done', 'failed'].includes(j.state)),
    'the upload to settle',
  );
}

/** A listener that records every request it gets and answers 500. */
async function recorder(): Promise<LoopbackServer & { seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = await startHttpServer((request, response) => {
    seen.push(request.headers);
    request.resume();
    request.on('end', () => response.writeHead(500).end());
  });
  others.push(server);
  return Object.assign(server, { seen });
}

describe('a host secret is bound to the origin it was saved for', () => {
  it('img.pro: a changed hosts.imgproUrl gets nothing until the key is confirmed for it', async () => {
    t = await startTestService({ settings: { provider: 'imgpro', tier: 'key' } });
    t.imgpro.acceptKey(KEY, { verified: true });
    await call('setSecret', 'imgpro-api-key', KEY);
    expect((await uploadOnce(1)).state).toBe('done');
    expect(t.imgpro.uploads[0]).toMatchObject({ key: KEY });

    // Someone with the bridge points img.pro elsewhere.
    const elsewhere: FakeImgpro = await startFakeImgpro();
    others.push(elsewhere);
    elsewhere.acceptKey(KEY, { verified: true });
    await call('setSettings', { hosts: { imgproUrl: elsewhere.url } });
    const status = await call<SecretStatus>('secretStatus', 'imgpro-api-key');
    expect(status).toEqual({
      set: true,
      source: 'keychain',
      originChanged: { savedFor: new URL(t.imgpro.url).origin, now: new URL(elsewhere.url).origin },
    });

    const refused = await uploadOnce(2);
    expect(refused.state).toBe('failed');
    expect(refused.error?.message).toMatch(
      /img\.pro API key was saved for http:\/\/127\.0\.0\.1:\d+, but hosts\.imgproUrl now points to .*nothing was sent there/,
    );
    expect(refused.error?.message).not.toContain(KEY);
    expect(elsewhere.requests).toHaveLength(0);

    // The person confirms the new address in the window: now it goes there.
    expect(await call('confirmSecretOrigin', 'imgpro-api-key')).toEqual({ set: true, source: 'keychain' });
    expect((await uploadOnce(3)).state).toBe('done');
    expect(elsewhere.uploads[0]).toMatchObject({ key: KEY });
  });

  it('img.pro: giving the key again binds it to the new address', async () => {
    t = await startTestService({ settings: { provider: 'imgpro', tier: 'key' } });
    await call('setSecret', 'imgpro-api-key', KEY);
    const elsewhere = await startFakeImgpro();
    others.push(elsewhere);
    elsewhere.acceptKey(KEY, { verified: true });
    await call('setSettings', { hosts: { imgproUrl: elsewhere.url } });
    await call('setSecret', 'imgpro-api-key', KEY);
    expect(await call('secretStatus', 'imgpro-api-key')).toEqual({ set: true, source: 'keychain' });
    expect((await uploadOnce(4)).state).toBe('done');
    expect(elsewhere.uploads).toHaveLength(1);
  });

  it('the Shotlink server: a changed hosts.serverUrl never receives the token', async () => {
    const saved = await recorder();
    t = await startTestService({ settings: { provider: 'server', tier: 'default' } });
    await call('setSettings', { hosts: { serverUrl: saved.url } });
    await call('setSecret', 'shotlink-server-token', TOKEN);
    await uploadOnce(5);
    expect(saved.seen.map((h) => h.authorization)).toContain(`Bearer ${TOKEN}`);

    const elsewhere = await recorder();
    await call('setSettings', { hosts: { serverUrl: elsewhere.url } });
    const refused = await uploadOnce(6);
    expect(refused.state).toBe('failed');
    expect(refused.error?.message).toMatch(/token was saved for .*hosts\.serverUrl now points to/);
    expect(elsewhere.seen).toHaveLength(0);
  });

  it('a secret from the environment stays with the address this process first used it for', async () => {
    t = await startTestService({
      settings: { provider: 'imgpro', tier: 'key' },
      env: { SHOTLINK_IMGPRO_KEY: KEY },
    });
    t.imgpro.acceptKey(KEY, { verified: true });
    expect((await uploadOnce(7)).state).toBe('done');
    const elsewhere = await startFakeImgpro();
    others.push(elsewhere);
    await call('setSettings', { hosts: { imgproUrl: elsewhere.url } });
    const refused = await uploadOnce(8);
    expect(refused.error?.message).toMatch(/Restart with SHOTLINK_IMGPRO_KEY and hosts\.imgproUrl/);
    expect(elsewhere.requests).toHaveLength(0);
    const confirm = await t.call('confirmSecretOrigin', 'imgpro-api-key');
    expect(confirm).toMatchObject({ ok: false, error: { code: 'secret_from_env' } });
  });
});

describe('the GitHub token is bound to both GitHub addresses, whatever its source', () => {
  const GH_VALUE = 'gho_FromGhForTheOriginTest0123456789ab';
  const KEYCHAIN_VALUE = 'ghp_KeychainForTheOriginTest012345678';
  let github: FakeGithub;
  let bin: string;

  async function startGithub(env: Record<string, string> = {}) {
    github = await startFakeGithub();
    others.push(github);
    github.addRepo('octo/app', { private: true });
    github.addToken(GH_VALUE, { 'octo/app': 'push' });
    github.addToken(KEYCHAIN_VALUE, { 'octo/app': 'push' });
    t = await startTestService({
      settings: githubSettings(github),
      env,
    });
  }

  /** A `gh` on PATH that prints a token, as `gh auth token` does. */
  async function fakeGh(): Promise<Record<string, string>> {
    bin = await mkdtemp(join(tmpdir(), 'shotlink-gh-'));
    await writeFile(join(bin, 'gh'), `#!/bin/sh\nprintf '%s\\n' '${GH_VALUE}'\n`);
    await chmod(join(bin, 'gh'), 0o755);
    others.push({ close: () => rm(bin, { recursive: true, force: true }) });
    return { PATH: `${bin}:${process.env.PATH}` };
  }

  it('from the keychain: a changed uploads or API address receives no Authorization header, until confirmed', async () => {
    await startGithub();
    await call('setSecret', 'github-token', KEYCHAIN_VALUE);
    expect((await uploadOnce(11)).state).toBe('done');
    expect(github.attachments[0]!.token).toBe(KEYCHAIN_VALUE);

    for (const key of ['githubUploadsUrl', 'githubApiUrl'] as const) {
      const elsewhere = await recorder();
      await call('setSettings', {
        hosts: { githubApiUrl: github.apiUrl, githubUploadsUrl: github.uploadsUrl, [key]: elsewhere.url },
      });
      const status = await call<SecretStatus>('secretStatus', 'github-token');
      expect(status.originChanged?.now).toContain(new URL(elsewhere.url).origin);
      const refused = await uploadOnce(key === 'githubApiUrl' ? 12 : 13);
      expect(refused.state).toBe('failed');
      expect(refused.error?.message).toMatch(
        /The GitHub token was saved for .* and .*, but hosts\.githubApiUrl and hosts\.githubUploadsUrl now point to .*nothing was sent there/,
      );
      expect(refused.error?.message).not.toContain(KEYCHAIN_VALUE);
      expect(elsewhere.seen).toEqual([]);
    }

    // A second GitHub at both addresses: nothing until the person confirms it in the window.
    const second = await startFakeGithub();
    others.push(second);
    second.addRepo('octo/app', { private: true });
    second.addToken(KEYCHAIN_VALUE, { 'octo/app': 'push' });
    await call('setSettings', {
      hosts: { githubApiUrl: second.apiUrl, githubUploadsUrl: second.uploadsUrl },
    });
    expect((await uploadOnce(14)).state).toBe('failed');
    expect(second.requests).toEqual([]);
    const confirmed = await call<SecretStatus>('confirmSecretOrigin', 'github-token');
    expect(confirmed).toEqual({ set: true, source: 'keychain' });
    expect((await uploadOnce(15)).state).toBe('done');
    expect(second.attachments[0]!.token).toBe(KEYCHAIN_VALUE);
  });

  it('from `gh auth token`: only github.com, or addresses the person confirmed; the window says where it comes from', async () => {
    await startGithub(await fakeGh());
    const status = await call<SecretStatus>('secretStatus', 'github-token');
    expect(status).toEqual({
      set: true,
      source: 'command',
      from: '`gh auth token`',
      originChanged: {
        savedFor: 'https://api.github.com and https://uploads.github.com',
        now: `${new URL(github.apiUrl).origin} and ${new URL(github.uploadsUrl).origin}`,
      },
    });
    const refused = await uploadOnce(21);
    expect(refused.state).toBe('failed');
    expect(refused.error?.message).toContain(
      'The token `gh auth token` prints is meant for https://api.github.com and https://uploads.github.com',
    );
    expect(refused.error?.message).toContain('GH_TOKEN="$(gh auth token)"');
    expect(github.requests).toEqual([]);

    expect(await call('confirmSecretOrigin', 'github-token')).toEqual({
      set: true,
      source: 'command',
      from: '`gh auth token`',
    });
    expect((await uploadOnce(22)).state).toBe('done');
    expect(github.attachments.at(-1)!.token).toBe(GH_VALUE);

    // Moved again: refused again, and the new listener sees nothing.
    const elsewhere = await recorder();
    await call('setSettings', { hosts: { githubUploadsUrl: elsewhere.url } });
    expect((await uploadOnce(23)).state).toBe('failed');
    expect(elsewhere.seen).toEqual([]);
  });

  it('from GITHUB_TOKEN: bound to the addresses this process first used it for, and the window names it', async () => {
    await startGithub({ GITHUB_TOKEN: KEYCHAIN_VALUE });
    expect(await call('secretStatus', 'github-token')).toEqual({
      set: true,
      source: 'env',
      from: 'GITHUB_TOKEN',
    });
    expect((await uploadOnce(31)).state).toBe('done');
    const elsewhere = await recorder();
    await call('setSettings', { hosts: { githubApiUrl: elsewhere.url } });
    const refused = await uploadOnce(32);
    expect(refused.error?.message).toMatch(
      /Restart with GITHUB_TOKEN and hosts\.githubApiUrl and hosts\.githubUploadsUrl/,
    );
    expect(elsewhere.seen).toEqual([]);
  });
});
