// The img.pro API key through the dispatch table, as the window sets it: over the real loopback bridge,
// into the service's secret store, then used by an upload to the fake img.pro on the "key" tier.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src-shared/history.ts';
const IMGPRO_KEY_ACCOUNT = 'imgpro-api-key';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { distinctPng } from '../support/test-images.ts';
import { allSettled, until } from './helpers.ts';

const KEY = 'img_live_7f3a9c2e4b1d8f60';

let t: TestService | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Every file under SHOTLINK_HOME, as text: settings, history, queue, thumbnails, logs. */
async function homeText(home: string): Promise<string> {
  const entries = await readdir(home, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  expect(files.length).toBeGreaterThan(0);
  // The queue deletes a finished job's bytes as it settles; a file gone by now held nothing to check.
  const read = (file: string) =>
    readFile(file, 'latin1').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
  return (await Promise.all(files.map(read))).join('\n');
}

describe('img.pro API key from the window', () => {
  it('is set, reported and removed without ever coming back, and never lands in a file', async () => {
    t = await startTestService();
    const seen: unknown[] = [];
    const call = async (method: string, ...args: unknown[]) => {
      const response = await t!.call(method, ...args);
      seen.push(response);
      return response;
    };

    expect(await call('secretStatus', 'imgpro-api-key')).toEqual({
      ok: true,
      value: { set: false, source: null },
    });
    // Whitespace around a pasted key is not part of it.
    expect(await call('setSecret', 'imgpro-api-key', `  ${KEY}\n`)).toEqual({
      ok: true,
      value: { set: true, source: 'keychain' },
    });
    expect(await t.service.core.secrets.get(IMGPRO_KEY_ACCOUNT)).toBe(KEY);
    expect(await call('secretStatus', 'imgpro-api-key')).toEqual({
      ok: true,
      value: { set: true, source: 'keychain' },
    });
    // Settings written while the key is stored, so the files below have had the chance to hold it.
    expect(await call('setSettings', { provider: 'imgpro', tier: 'key' })).toMatchObject({ ok: true });
    const files = await homeText(t.home);
    expect(files).toContain('"imgpro"'); // the settings file was read, with the provider just chosen
    expect(files).not.toContain(KEY);

    expect(await call('setSecret', 'imgpro-api-key', null)).toEqual({
      ok: true,
      value: { set: false, source: null },
    });
    expect(await t.service.core.secrets.get(IMGPRO_KEY_ACCOUNT)).toBeNull();
    // Removing what is not there is not an error: the window's state is simply "not set".
    expect(await call('setSecret', 'imgpro-api-key', null)).toEqual({
      ok: true,
      value: { set: false, source: null },
    });

    expect(JSON.stringify(seen)).not.toContain(KEY);
  });

  it('refuses bad keys with a usage error that does not quote them, and stores nothing', async () => {
    t = await startTestService({ bridge: false });
    const bad: unknown[][] = [
      [''],
      ['   '],
      ['x'.repeat(201)],
      ['img_live one two'],
      [42],
      [{ key: KEY }],
      [],
    ];
    for (const args of bad) {
      const response = await t.service.dispatch.call('setSecret', ['imgpro-api-key', ...args]);
      expect(response, JSON.stringify(args)).toMatchObject({ ok: false, error: { kind: 'usage' } });
      expect(!response.ok && response.error.message).toMatch(/^Invalid arguments for setSecret/);
      expect(!response.ok && response.error.message).not.toMatch(/img_live|xxxx/);
    }
    expect(await t.service.core.secrets.get(IMGPRO_KEY_ACCOUNT)).toBeNull();
    expect(await t.service.dispatch.call('secretStatus', ['imgpro-api-key'])).toEqual({
      ok: true,
      value: { set: false, source: null },
    });
  });

  it('with SHOTLINK_IMGPRO_KEY set, reports it and refuses to store or remove a key', async () => {
    t = await startTestService({ bridge: false, env: { SHOTLINK_IMGPRO_KEY: 'img_live_from_env' } });
    expect(await t.service.dispatch.call('secretStatus', ['imgpro-api-key'])).toEqual({
      ok: true,
      value: { set: true, source: 'env' },
    });
    for (const key of [KEY, null]) {
      const response = await t.service.dispatch.call('setSecret', ['imgpro-api-key', key]);
      expect(response).toMatchObject({
        ok: false,
        error: { kind: 'usage', code: 'secret_from_env' },
      });
      expect(!response.ok && response.error.message).toMatch(/SHOTLINK_IMGPRO_KEY.*unset it/);
      expect(JSON.stringify(response)).not.toMatch(/img_live/);
    }
    expect(await t.service.core.secrets.get(IMGPRO_KEY_ACCOUNT)).toBeNull();
  });

  it('without a keychain, says why and never falls back to a file', async () => {
    const problem = 'The OS keychain is not available (no Secret Service).';
    const noKeychain = { ...createMemoryStore(), unavailableReason: async () => problem };
    t = await startTestService({ bridge: false, service: { secrets: noKeychain } });
    expect(await t.service.dispatch.call('secretStatus', ['imgpro-api-key'])).toEqual({
      ok: true,
      value: { set: false, source: null, keychainProblem: problem },
    });
    const response = await t.service.dispatch.call('setSecret', ['imgpro-api-key', KEY]);
    expect(response).toMatchObject({ ok: false, error: { kind: 'usage', code: 'keychain_unavailable' } });
    expect(!response.ok && response.error.message).toMatch(
      /not store .* plain text; set SHOTLINK_IMGPRO_KEY/,
    );
    expect(await noKeychain.get(IMGPRO_KEY_ACCOUNT)).toBeNull();
    expect(await homeText(t.home)).not.toContain(KEY);
  });

  it('an upload on the img.pro "key" tier fails without the key and succeeds once it is set', async () => {
    t = await startTestService({ bridge: false, settings: { provider: 'imgpro', tier: 'key' } });
    t.imgpro.acceptKey(KEY, { verified: true });
    const file = join(t.home, 'shot.png');
    await writeFile(file, await distinctPng(7));
    const upload = async () => {
      const response = await t!.service.dispatch.call('uploadFiles', [[file]]);
      if (!response.ok) throw new Error(response.error.message);
      return (response.value as JobInfo[])[0]!;
    };

    const first = await upload();
    const [failed] = await allSettled(t.service, 1);
    expect(failed).toMatchObject({ id: first.id, state: 'failed' });
    expect(failed!.error?.message).toMatch(/needs the img\.pro API key.*Settings > img\.pro/);
    expect(t.imgpro.uploads).toHaveLength(0);

    expect(await t.service.dispatch.call('setSecret', ['imgpro-api-key', KEY])).toMatchObject({ ok: true });
    const second = await upload();
    const done = await until(
      t.service,
      () => t!.service.queue.list().find((job) => job.id === second.id && job.state === 'done'),
      'the upload with the key',
    );
    expect(done.historyId).toBeTruthy();
    expect(t.imgpro.uploads).toHaveLength(1);
    expect(t.imgpro.uploads[0]).toMatchObject({ key: KEY, expiresAt: null });
    expect(t.clipboard.text).toContain(t.imgpro.uploads[0]!.src);
    // The key went to the host and nowhere else: not into history, queue or settings files.
    expect(await homeText(t.home)).not.toContain(KEY);
  });
});
