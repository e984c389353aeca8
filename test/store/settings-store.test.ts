// The settings store against real files in a temporary data folder.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../src-shared/settings.ts';
import type { ShotlinkError } from '../../src-shared/errors.ts';
import {
  createSettingsStore,
  getSettingValue,
  patchForKey,
  settingKeys,
} from '../../src-main/core/store/settings-store.ts';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'shotlink-settings-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const settingsFile = () => join(home, 'settings.json');
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;

describe('settings store', () => {
  it('starts from the defaults without creating anything, and persists changes', async () => {
    const store = createSettingsStore(home, {});
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(await readdir(home)).toEqual([]);

    store.set({ linkFormat: 'url', payments: { dailyCapUsdc: '5' } });
    const reopened = createSettingsStore(home, {});
    expect(reopened.get().linkFormat).toBe('url');
    expect(reopened.get().payments).toEqual({ ...DEFAULT_SETTINGS.payments, dailyCapUsdc: '5' });
    expect((await readJson(settingsFile())).linkFormat).toBe('url');
  });

  it('replaces the file by rename, never rewriting it in place', async () => {
    const store = createSettingsStore(home, {});
    store.set({ linkFormat: 'html' });
    const before = await stat(settingsFile());
    // A reader holding the old file keeps seeing a complete old document while the new one is written.
    const reader = await open(settingsFile(), 'r');
    try {
      store.set({ linkFormat: 'bbcode' });
      const after = await stat(settingsFile());
      expect(after.ino).not.toBe(before.ino);
      expect(JSON.parse(await reader.readFile('utf8')).linkFormat).toBe('html');
    } finally {
      await reader.close();
    }
    expect((await readJson(settingsFile())).linkFormat).toBe('bbcode');
    expect((await readdir(home)).filter((name) => name !== 'settings.json')).toEqual([]);
  });

  it('checks a file another process changed afresh, and hands each reader its own copy', async () => {
    const store = createSettingsStore(home, {});
    store.set({ linkFormat: 'html' });
    const first = store.get();
    first.linkFormat = 'bbcode';
    first.payments.dailyCapUsdc = '999';
    // What one caller did to its copy is not what the next one reads.
    expect(store.get().linkFormat).toBe('html');
    expect(store.get().payments.dailyCapUsdc).toBe(DEFAULT_SETTINGS.payments.dailyCapUsdc);
    // Another process (the app, a second CLI) writes: read again, and checked again.
    await writeFile(settingsFile(), JSON.stringify({ ...DEFAULT_SETTINGS, linkFormat: 'url' }));
    expect(store.get().linkFormat).toBe('url');
    await writeFile(settingsFile(), '{"linkFormat": "gif"}');
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.problems).toHaveLength(1);
  });

  it.each([
    ['not JSON', '{"linkFormat": "url",', /not valid JSON/],
    ['an array', '[1, 2]', /not a JSON object/],
    ['failing the schema', '{"linkFormat": "gif"}', /linkFormat: /],
  ])(
    'sets a file that is %s aside, reports it, and starts from defaults',
    async (_label, content, reason) => {
      await writeFile(settingsFile(), content);
      const store = createSettingsStore(home, {});
      expect(store.get()).toEqual(DEFAULT_SETTINGS);

      expect(store.problems).toHaveLength(1);
      const [problem] = store.problems;
      expect(problem!.message).toMatch(reason);
      expect(problem!.message).toContain(problem!.movedTo);
      expect(problem!.movedTo).toMatch(/settings\.json\.corrupt-\d{4}-\d\d-\d\dT/);
      // Nothing lost: the damaged content is kept, byte for byte.
      expect(await readFile(problem!.movedTo, 'utf8')).toBe(content);

      // The store works on from defaults, and the next read does not report the same file again.
      store.set({ tier: 'free', linkFormat: 'url' });
      expect(store.get().linkFormat).toBe('url');
      expect(store.problems).toHaveLength(1);
    },
  );

  it('applies host URL overrides from the environment on read and never persists them', async () => {
    const env = { SHOTLINK_IMG402_URL: 'http://127.0.0.1:9/', SHOTLINK_IMGPRO_URL: 'http://127.0.0.1:8' };
    const store = createSettingsStore(home, env);
    expect(store.get().hosts.img402Url).toBe('http://127.0.0.1:9/');
    expect(store.get().hosts.imgproUrl).toBe('http://127.0.0.1:8');

    const returned = store.set({ hosts: { serverUrl: 'http://192.168.1.5:8402' } });
    expect(returned.hosts.img402Url).toBe('http://127.0.0.1:9/');
    const saved = (await readJson(settingsFile())).hosts as Record<string, string>;
    expect(saved.img402Url).toBe(DEFAULT_SETTINGS.hosts.img402Url);
    expect(saved.serverUrl).toBe('http://192.168.1.5:8402');
    expect(createSettingsStore(home, {}).get().hosts.img402Url).toBe(DEFAULT_SETTINGS.hosts.img402Url);
  });

  it('refuses an override that is not an http(s) URL instead of quietly using the real host', () => {
    const store = createSettingsStore(home, { SHOTLINK_IMG402_URL: 'localhost:8080' });
    expect(() => store.get()).toThrow(/SHOTLINK_IMG402_URL must be an http\(s\) URL/);
  });

  it('rejects unknown keys and invalid values with a usage error naming the key', () => {
    const store = createSettingsStore(home, {});
    const attempt = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error as ShotlinkError;
      }
      throw new Error('expected an error');
    };
    const unknown = attempt(() => store.set({ linkFromat: 'url' } as never));
    expect(unknown.kind).toBe('usage');
    expect(unknown.message).toMatch(/no setting "linkFromat".*linkFormat/);

    const nested = attempt(() => store.set({ payments: { dailyCap: '1' } } as never));
    expect(nested.message).toMatch(/no setting "payments.dailyCap"/);

    const invalid = attempt(() => store.set({ payments: { dailyCapUsdc: 'lots' } }));
    expect(invalid.kind).toBe('usage');
    expect(invalid.message).toMatch(/^Setting payments.dailyCapUsdc is invalid: .*USDC/);
    // A rejected change leaves the settings as they were.
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('maps dotted keys to values and patches', () => {
    expect(settingKeys()).toContain('payments.dailyCapUsdc');
    expect(settingKeys()).toContain('linkFormat');
    expect(settingKeys()).not.toContain('payments');
    expect(getSettingValue(DEFAULT_SETTINGS, 'hosts.img402Url')).toBe('https://img402.dev');
    expect(getSettingValue(DEFAULT_SETTINGS, 'hosts.nope')).toBeUndefined();
    expect(getSettingValue(DEFAULT_SETTINGS, 'provider.length')).toBeUndefined();
    expect(patchForKey('payments.dailyCapUsdc', '5')).toEqual({ payments: { dailyCapUsdc: '5' } });
    expect(() => patchForKey('provider.x', 1)).toThrow(/no setting "provider.x"/);
  });
});
