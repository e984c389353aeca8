// Two `shotlink mcp` servers beside the running app, all three on one data folder: agents upload
// while the app holds the service lock and uploads too; every upload lands once in the one history,
// each server sees the others' uploads, and two servers paying at once stay within the agents' budget
// together (the cap's check-and-reserve under the ledger's cross-process lock).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { NETWORKS } from '../../src-main/core/payments/networks.ts';
import { createSettingsStore } from '../../src-main/core/store/settings-store.ts';
import { startFakeX402V2 } from '../support/fake-x402-v2.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { distinctPng } from '../support/test-images.ts';
import { startMcp, textOf, type McpSession } from './mcp-client.ts';

const SLOW = { timeout: 240_000 };
let dir: string;
let app: TestService | undefined;
const sessions: McpSession[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close().catch(() => {})));
  await app?.close();
  app = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

async function project(count: number, seed: number): Promise<string> {
  const folder = join(dir, `project-${seed}`);
  await mkdir(folder, { recursive: true });
  for (let i = 0; i < count; i++)
    await writeFile(join(folder, `shot-${i}.png`), await distinctPng(seed * 100 + i, 160));
  return folder;
}

describe('two MCP servers beside the app on one data folder', SLOW, () => {
  it('upload at the same time as the app, and nothing is lost or doubled', async () => {
    dir = await mkdtemp(join(tmpdir(), 'shotlink-mcp-beside-'));
    app = await startTestService({ settings: { agents: { hosts: ['img402'], publicLinks: true } } });
    const env = { SHOTLINK_HOME: app.home, SHOTLINK_IMG402_URL: app.img402.url };
    const folders = [await project(3, 1), await project(3, 2)];
    const [one, two] = await Promise.all(folders.map((cwd) => startMcp({ env, cwd })));
    sessions.push(one!, two!);
    const appFile = join(dir, 'from-the-app.png');
    await writeFile(appFile, await distinctPng(999, 160));

    const results = await Promise.all([
      ...[0, 1, 2].map((i) => one!.call('upload_image', { path: `shot-${i}.png` })),
      ...[0, 1, 2].map((i) => two!.call('upload_image', { path: `shot-${i}.png` })),
      app.call('uploadFiles', [appFile]),
    ]);
    for (const result of results.slice(0, 6))
      expect((result as { isError?: boolean }).isError, textOf(result as never)).toBeFalsy();
    expect((results[6] as { ok: boolean }).ok).toBe(true);

    // The app's upload goes through its queue: wait for it to land in the history.
    const deadline = Date.now() + 60_000;
    let history: { fileName: string; uploadKey?: string }[] = [];
    while (Date.now() < deadline) {
      history = (await app.call('listHistory', {})).value as typeof history;
      if (history.length >= 7) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(history).toHaveLength(7);
    expect(app.img402.uploads).toHaveLength(7);
    expect(history.filter((entry) => entry.uploadKey?.startsWith('mcp:'))).toHaveLength(6);
    // Each server reads the one history the others write.
    const seen = (await one!.call('list_uploads', { limit: 100 })).structuredContent as {
      uploads: unknown[];
    };
    expect(seen.uploads).toHaveLength(7);
  });

  it('paying at once, together stay within the agents budget', async () => {
    dir = await mkdtemp(join(tmpdir(), 'shotlink-mcp-beside-'));
    const host = await startFakeX402V2();
    cleanups.push(() => host.close());
    const key = generatePrivateKey();
    host.chain.fund(NETWORKS.base.usdc, privateKeyToAccount(key).address, 10_000_000n);
    const home = join(dir, 'data');
    createSettingsStore(home, {}).set({
      agents: { hosts: ['img402'], publicLinks: true, budgetUsdc: '0.01' },
    });
    const env = { SHOTLINK_HOME: home, SHOTLINK_IMG402_URL: host.url, SHOTLINK_WALLET_KEY: key };
    const folders = [await project(1, 3), await project(1, 4)];
    const servers = await Promise.all(folders.map((cwd) => startMcp({ env, cwd })));
    sessions.push(...servers);
    const results = await Promise.all(
      servers.map((s) => s.call('upload_image', { path: 'shot-0.png', tier: '1y' })),
    );
    expect(results.filter((result) => !result.isError)).toHaveLength(1);
    const refused = results.find((result) => result.isError)!;
    expect(textOf(refused)).toMatch(/exceed the agents' budget of 0\.01 USDC a day/);
    expect(host.chain.transfers).toHaveLength(1);
    expect(host.img402.uploads).toHaveLength(1);
  });
});
