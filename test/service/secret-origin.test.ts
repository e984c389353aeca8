// A host secret goes only to the origin it was saved for. Over the real loopback bridge, as the window
// (or anything holding the bridge token) calls it: pointing hosts.imgproUrl or hosts.serverUrl at another
// listener sends that listener nothing — no key, no token, no request at all — until the secret is given
// again or the new address is confirmed.
import { writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src-shared/history.ts';
import type { SecretStatus } from '../../src-shared/secrets.ts';
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
