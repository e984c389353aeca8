// The browser transport: the same API as the Electron preload, over the loopback HTTP bridge
// (wire format in src-shared/bridge-protocol.ts). Used when the window runs in a normal browser,
// e.g. `shotlink ui` and the end-to-end tests.
import type {
  ApiEventName,
  ApiEvents,
  ApiMethod,
  ApiResponse,
  ShotlinkApi,
  ShotlinkBridge,
} from '../../src-shared/api.ts';
import { apiArgs } from '../../src-shared/api.ts';
import {
  BRIDGE_CALL_PREFIX,
  BRIDGE_EVENTS_PATH,
  BRIDGE_TOKEN_PARAM,
} from '../../src-shared/bridge-protocol.ts';
import { BridgeCallError } from './errors.ts';

type Listener = (payload: never) => void;

export interface HttpBridgeOptions {
  /** The bridge's origin, e.g. http://127.0.0.1:5123 (the page's own origin in practice). */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

/** JSON turns an omitted optional argument into null, which the service rightly refuses: drop it. */
function withoutTrailingUndefined(args: unknown[]): unknown[] {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  return args.slice(0, end);
}

export function createHttpBridge(options: HttpBridgeOptions): ShotlinkBridge {
  const doFetch = options.fetch ?? fetch.bind(globalThis);
  const base = options.baseUrl.replace(/\/$/, '');

  async function call(method: ApiMethod, args: unknown[]): Promise<unknown> {
    let response: Response;
    try {
      response = await doFetch(`${base}${BRIDGE_CALL_PREFIX}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
        body: JSON.stringify({ args: withoutTrailingUndefined(args) }),
      });
    } catch {
      throw new BridgeCallError({
        kind: 'internal',
        message: 'Shotlink is not running any more: restart it and reload this page.',
        retryable: true,
      });
    }
    if (response.status === 401 || response.status === 403) {
      throw new BridgeCallError({
        kind: 'usage',
        message: 'This page’s session has ended: open the link `shotlink ui` printed again.',
        retryable: false,
      });
    }
    const body = (await response.json().catch(() => null)) as ApiResponse<unknown> | null;
    if (!body || typeof body !== 'object' || !('ok' in body)) {
      throw new BridgeCallError({
        kind: 'internal',
        message: `Shotlink answered ${method} with something unexpected (HTTP ${response.status}).`,
        retryable: false,
      });
    }
    if (!body.ok) throw new BridgeCallError(body.error);
    return body.value;
  }

  // One function per method in the contract, built from the contract's own list so none is missed.
  const api = Object.fromEntries(
    (Object.keys(apiArgs) as ApiMethod[]).map((method) => [
      method,
      (...args: unknown[]) => call(method, args),
    ]),
  ) as unknown as ShotlinkApi;

  // One EventSource shared by every subscriber, opened on first use. EventSource reconnects by itself.
  const listeners = new Map<ApiEventName, Set<Listener>>();
  let source: EventSource | null = null;
  const ES = options.EventSource ?? globalThis.EventSource;

  function ensureListening(event: ApiEventName) {
    if (!ES) return;
    if (!source) {
      const url = `${base}${BRIDGE_EVENTS_PATH}?${BRIDGE_TOKEN_PARAM}=${encodeURIComponent(options.token)}`;
      source = new ES(url);
    }
    if (listeners.has(event)) return;
    listeners.set(event, new Set());
    source.addEventListener(event, (message) => {
      let payload: unknown;
      try {
        payload = JSON.parse((message as MessageEvent<string>).data);
      } catch {
        return; // A garbled event is dropped; the next full-list event repairs the view.
      }
      for (const listener of listeners.get(event) ?? []) (listener as (p: unknown) => void)(payload);
    });
  }

  return {
    api,
    on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void) {
      ensureListening(event);
      const set = listeners.get(event);
      set?.add(listener as Listener);
      return () => {
        set?.delete(listener as Listener);
      };
    },
  };
}
