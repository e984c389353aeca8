// Starts the real Shotlink service and its loopback HTTP bridge against fake hosts on 127.0.0.1, with
// a temporary SHOTLINK_HOME and in-memory ports. The service tests use it, and so does the window's
// browser end-to-end run: open `pageUrl` in Chromium and the real UI talks to the real service.
//
//   const t = await startTestService();
//   await page.goto(t.pageUrl);            // or fetch(`${t.url}/api/call/listJobs`, bearer t.token)
//   t.img402.uploads.length; t.clipboard.text; await t.close();
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SettingsPatch } from '../../src-shared/settings.ts';
import { startBridge, type Bridge } from '../../src-main/core/bridge/bridge-server.ts';
import { createAppService, type ServiceOptions, type AppService } from '../../src-main/core/service.ts';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import { packageFiles } from '../../src-main/core/package-files.js';
import { startFakeImg402, type FakeImg402, type FakeImg402Options } from './fake-img402.ts';
import { startFakeImgpro, type FakeImgpro, type FakeImgproOptions } from './fake-imgpro.ts';
import {
  createMemoryClipboard,
  createMemoryNotifier,
  type MemoryClipboard,
  type MemoryNotifier,
} from './memory-ports.ts';

export interface TestServiceOptions {
  /** Settings written before the service starts (hosts already point at the fakes). */
  settings?: SettingsPatch;
  /** Extra environment, e.g. SHOTLINK_WALLET_KEY for a test wallet. */
  env?: Record<string, string>;
  img402?: FakeImg402Options;
  imgpro?: FakeImgproOptions;
  /** Service tuning (fast backoff by default, so a retry takes milliseconds, not seconds). */
  service?: Partial<Omit<ServiceOptions, 'clipboard' | 'notifier' | 'home' | 'env'>>;
  /** Serve the window from here; default dist/renderer when it has been built. */
  rendererDir?: string | null;
  /** Start the bridge (default true). */
  bridge?: boolean;
  /**
   * Runs before the service starts, with its data folder and fake hosts: writes what an earlier run
   * left (queued jobs), or scripts a host's first answers.
   */
  prepare?: (home: string, hosts: { img402: FakeImg402; imgpro: FakeImgpro }) => Promise<void> | void;
}

export interface TestService {
  /** The bridge's base URL (http://127.0.0.1:PORT). */
  url: string;
  /** The window's URL with the token, for a browser. */
  pageUrl: string;
  token: string;
  service: AppService;
  bridge: Bridge | null;
  img402: FakeImg402;
  imgpro: FakeImgpro;
  home: string;
  clipboard: MemoryClipboard;
  notifier: MemoryNotifier;
  /** Calls one API method over the bridge, as the window does; resolves with the ApiResponse. */
  call(
    method: string,
    ...args: unknown[]
  ): Promise<{ ok: boolean; value?: unknown; error?: { kind: string; message: string } }>;
  close(): Promise<void>;
}

const builtRenderer = packageFiles.renderer;

/** Environment without the developer's own Shotlink variables (a real wallet key must never leak in). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('SHOTLINK_')) env[key] = value;
  return { ...env, ...extra };
}

export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const home = await mkdtemp(join(tmpdir(), 'shotlink-service-'));
  const img402 = await startFakeImg402(options.img402);
  const imgpro = await startFakeImgpro(options.imgpro);
  await options.prepare?.(home, { img402, imgpro });
  const clipboard = createMemoryClipboard();
  const notifier = createMemoryNotifier();
  const service = createAppService({
    home,
    env: cleanEnv({ SHOTLINK_HOME: home, ...options.env }),
    secrets: createMemoryStore(),
    clipboard,
    notifier,
    screenshotFolder: null,
    backoff: { baseMs: 50, maxMs: 500 },
    watchStabilityMs: 100,
    clipboardIntervalMs: 50,
    ...options.service,
  });
  service.core.settings.set({
    ...options.settings,
    hosts: { img402Url: img402.url, imgproUrl: imgpro.url, ...options.settings?.hosts },
    // Anyone running tests has seen the notice; the window's first-upload notice has its own tests.
    publicNoticeShown: options.settings?.publicNoticeShown ?? true,
  });
  await service.start();

  const rendererDir =
    options.rendererDir !== undefined
      ? options.rendererDir
      : existsSync(builtRenderer)
        ? builtRenderer
        : null;
  const bridge =
    options.bridge === false
      ? null
      : await startBridge({
          call: (method, args, signal) => service.dispatch.call(method, args, signal),
          events: service.events,
          rendererDir,
        });

  return {
    url: bridge?.url ?? '',
    pageUrl: bridge?.pageUrl ?? '',
    token: bridge?.token ?? '',
    service,
    bridge,
    img402,
    imgpro,
    home,
    clipboard,
    notifier,
    async call(method, ...args) {
      if (!bridge) return service.dispatch.call(method, args) as never;
      const response = await fetch(`${bridge.url}/api/call/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ args }),
      });
      return (await response.json()) as never;
    },
    async close() {
      await bridge?.close();
      await service.close();
      await Promise.all([img402.close(), imgpro.close()]);
      await rm(home, { recursive: true, force: true });
    },
  };
}
