// The desktop app and the CLI write the same history file. Several real processes adding entries at
// once must not lose any of them (each add reads, changes and writes the file under a lock).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createHistoryStore } from '../../src-main/core/store/history-store.ts';
import { createSettingsStore } from '../../src-main/core/store/settings-store.ts';

const run = promisify(execFile);
const storeModule = fileURLToPath(new URL('../../src-main/core/store/history-store.ts', import.meta.url));
const WRITERS = 3;
const ENTRIES_EACH = 25;

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'shotlink-writers-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('concurrent writers', { timeout: 120_000 }, () => {
  it(`keeps every entry when ${WRITERS} processes add to one history at once`, async () => {
    const script = (writer: number) => `
      const { createHistoryStore } = await import(${JSON.stringify(storeModule)});
      const store = createHistoryStore(${JSON.stringify(home)});
      for (let i = 0; i < ${ENTRIES_EACH}; i++) {
        store.add({ id: 'w${writer}-' + i, fileName: 'f.png', provider: 'img402', tier: 'free',
          url: 'https://i.img402.dev/x.png', hostId: 'x', originalBytes: 1, bytes: 1, format: 'png',
          width: 1, height: 1, uploadedAt: new Date().toISOString(), expiresAt: null, thumbnail: null,
          contentHash: 'h' });
      }`;
    await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) =>
        run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(writer)]),
      ),
    );
    const ids = createHistoryStore(home)
      .list()
      .map((entry) => entry.id);
    expect(ids).toHaveLength(WRITERS * ENTRIES_EACH);
    expect(new Set(ids).size).toBe(WRITERS * ENTRIES_EACH);
    // No lock or temp file is left behind.
    expect((await readdir(home)).sort()).toEqual(['history.json']);
  });

  it('takes over a lock left by a process that died mid-update', async () => {
    const { mkdir, utimes } = await import('node:fs/promises');
    const lock = join(home, 'settings.json.lock');
    await mkdir(lock);
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    createSettingsStore(home, {}).set({ linkFormat: 'url' });
    expect(createSettingsStore(home, {}).get().linkFormat).toBe('url');
    expect(await readdir(home)).toEqual(['settings.json']);
  });
});
