// The bridge component tests render the window with: the window's own HTTP transport
// (src-renderer/transport/http.ts) over the real dispatch of a real service (test/support/test-service.ts:
// a temporary data folder, fake hosts on 127.0.0.1, in-memory clipboard and keychain). Only the socket is
// left out: a call goes as JSON into `dispatch.call`, the very entry point the loopback bridge and the
// Electron IPC end in, and its answer comes back as JSON; events come from the service's own bus. So every
// call is checked by the contract and answered by core, and there is no second implementation to drift.
//
// What a test needs beyond the window is reached for real: state is seeded through core's own stores
// (`seedHistory`), ports a headless machine lacks are stubs that behave like the real thing, and the
// calls the window made are recorded on their way through (`calls`, `callsOf`).
import { configure } from '@testing-library/react';
import { afterAll, afterEach, vi } from 'vitest';
import type { ApiMethod, ApiResponse, ShotlinkBridge } from '../../src-shared/api.ts';
import { BRIDGE_CALL_PREFIX } from '../../src-shared/bridge-protocol.ts';
import type { HistoryEntry } from '../../src-shared/history.ts';
import type { Settings } from '../../src-shared/settings.ts';
import { createHttpBridge } from '../../src-renderer/transport/http.ts';
import type { App } from '../../src-main/core/app.ts';
import type { SecretStore } from '../../src-main/core/ports.ts';
import { createJobStore, type StoredJob } from '../../src-main/core/queue/job-store.ts';
import { dataPaths } from '../../src-main/core/store/paths.ts';
import { startTestService, type TestService, type TestServiceOptions } from '../support/test-service.ts';

export interface RealBridgeOptions extends TestServiceOptions {
  /** History written through core's history store before the window opens. */
  history?: HistoryEntry[];
  /**
   * 'file': one service for the whole test file, closed after its last test (for tests that share a
   * warmed-up part, such as the editor's text recognition); default 'test'.
   */
  lifetime?: 'test' | 'file';
  /**
   * Jobs an earlier run left in the queue folder (written by the job store), loaded at start, with
   * their image copies (three bytes that are no image, unless given).
   */
  jobs?: (StoredJob & { bytes?: Uint8Array })[];
}

/** A job as the queue stores it (ids as the queue makes them: `j<time>-<hex>`). */
export function storedJob(overrides: Partial<StoredJob> & Pick<StoredJob, 'id' | 'fileName'>): StoredJob {
  return {
    source: 'drop',
    provider: 'img402',
    tier: 'free',
    state: 'failed',
    attempts: 1,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: new Date().toISOString(),
    inputHash: overrides.id.padEnd(64, '0'),
    inputBytes: 3,
    ...overrides,
  };
}

export interface RealBridge extends ShotlinkBridge {
  /** The running service: its fake hosts, clipboard, notifier and data folder. */
  readonly test: TestService;
  /** The App behind the dispatch, for what another shell or core itself would do meanwhile. */
  readonly app: App;
  /** Every call the window made, in order, with its arguments as they crossed and, once in, the answer. */
  readonly calls: { method: ApiMethod; args: unknown[]; response?: ApiResponse<unknown> }[];
  /** The arguments of each call of one method. */
  callsOf(method: ApiMethod): unknown[][];
  /** The settings as core holds them now. */
  settings(): Settings;
  /**
   * Resolves once every call the window made has been answered and the answers handed over: a wait
   * that needs no clock, for tests that fake timers (vi.waitFor would move their clock on).
   */
  idle(): Promise<void>;
}

// tesseract.js decides once, when first loaded, whether it runs in a browser: by whether `document`
// exists, which the window's test environment (jsdom) provides. Loaded here first with `document` out of
// sight, core's text recognition runs as it does in the service: Node workers, files from disk.
{
  const { document } = globalThis as { document?: Document };
  delete (globalThis as { document?: Document }).document;
  try {
    await import('tesseract.js');
  } finally {
    Object.assign(globalThis, { document });
  }
}

// A real service answers in real time, which two shared cores can stretch: findBy… waits up to this.
configure({ asyncUtilTimeout: 10_000 });

/** vi.waitFor with the same patience (it keeps the real clock when a test fakes timers). */
export const eventually = <T>(check: () => T | Promise<T>, timeout = 10_000): Promise<T> =>
  vi.waitFor(check, { timeout, interval: 20 });

type Closable = { close(): Promise<void> };
const closeAll = async (things: Set<Closable>) => {
  const closing = [...things].map((thing) => thing.close());
  things.clear();
  await Promise.all(closing);
};
const open = new Set<Closable>();
const openForFile = new Set<Closable>();
afterEach(() => closeAll(open));
afterAll(() => closeAll(openForFile));

/** Closes a server (a fake RPC, a LAN host) with the test's service, after the test. */
export function closeAfterTest<T extends Closable>(thing: T): T {
  open.add(thing);
  return thing;
}

/** A real service and the window's transport to it; closed after the test. */
export async function startRealBridge(options: RealBridgeOptions = {}): Promise<RealBridge> {
  const { history = [], jobs = [], lifetime = 'test', ...serviceOptions } = options;
  const prepare: RealBridgeOptions['prepare'] = async (home, hosts) => {
    const store = createJobStore(dataPaths(home).queue);
    for (const { bytes = new Uint8Array([1, 2, 3]), ...job } of jobs) await store.create(job, bytes);
    await serviceOptions.prepare?.(home, hosts);
  };
  const test = await startTestService({ ...serviceOptions, prepare, bridge: false });
  const { app } = test.service;
  for (const entry of [...history].reverse()) app.core.history.add(entry);

  const calls: RealBridge['calls'] = [];
  const inFlight = new Set<Promise<unknown>>();
  const answered = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };
  // Closed after the test once what the window asked is answered (a doctor's check still writing its
  // probe file into the data folder would race its removal).
  (lifetime === 'file' ? openForFile : open).add({ close: () => answered().then(() => test.close()) });
  /** The wire: the request's method and JSON body into the dispatch, its response back as JSON. */
  const wire = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const method = new URL(String(input)).pathname.slice(BRIDGE_CALL_PREFIX.length) as ApiMethod;
    const { args } = JSON.parse(String(init?.body)) as { args: unknown[] };
    const call: RealBridge['calls'][number] = { method, args };
    calls.push(call);
    const answer = test.service.dispatch.call(method, args);
    inFlight.add(answer);
    const response = await answer.finally(() => inFlight.delete(answer));
    call.response = response;
    return new Response(JSON.stringify(response), { headers: { 'content-type': 'application/json' } });
  };
  /** Server-sent events, as the bridge sends them: each event of the service's bus, as JSON. */
  class BusEvents {
    addEventListener(event: string, listener: (message: { data: string }) => void) {
      test.service.events.onAny((name, payload) => {
        if (name === event) listener({ data: JSON.stringify(payload) });
      });
    }
  }
  const bridge = createHttpBridge({
    baseUrl: 'http://127.0.0.1:1',
    token: test.token || 'in-process',
    fetch: wire as typeof fetch,
    EventSource: BusEvents as unknown as typeof EventSource,
  });
  return {
    ...bridge,
    test,
    app,
    calls,
    callsOf: (method) => calls.filter((call) => call.method === method).map((call) => call.args),
    settings: () => app.core.settings.get(),
    async idle() {
      await answered();
      // The answer's body is read and parsed on later turns of the event loop (none of them timers).
      for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/**
 * Makes the next call of one method of a real part fail as given, then puts the method back: a fault at
 * the bottom (a full disk under a store, a locked keychain) that a test cannot cause on this machine,
 * with everything above it (the API method, the dispatch, the transport) running as it does.
 */
export function failOnce<T extends object, K extends keyof T>(part: T, method: K, error: Error): void {
  const original = part[method];
  part[method] = (() => {
    part[method] = original;
    throw error;
  }) as T[K];
}

/**
 * The keychain of a machine without a Secret Service (a headless session, a container): the keytar store
 * there answers every call with why, as this one does.
 */
export function keychainUnavailable(reason: string): SecretStore {
  const refuse = async (): Promise<never> => {
    throw new Error(reason);
  };
  return { get: refuse, set: refuse, delete: refuse, unavailableReason: async () => reason };
}
