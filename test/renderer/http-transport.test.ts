// @vitest-environment jsdom
// The browser transport's own rules, with fetch and EventSource stood in for (the end-to-end test runs
// it against the real bridge): request shape, unwrapping, the messages for a dead or foreign session.
import { describe, expect, it } from 'vitest';
import { createHttpBridge } from '../../src-renderer/transport/http.ts';
import { BridgeCallError } from '../../src-renderer/transport/errors.ts';

type Seen = { url: string; init: RequestInit };

function fakeFetch(respond: (seen: Seen) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    return respond({ url, init });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, seen };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the HTTP transport', () => {
  it('posts the arguments with the token and returns the value', async () => {
    const { fetch, seen } = fakeFetch(() => json({ ok: true, value: 'https://i.img402.dev/a.png' }));
    const bridge = createHttpBridge({ baseUrl: 'http://127.0.0.1:9/', token: 's3cret', fetch });
    expect(await bridge.api.copyLink('h1', 'url')).toBe('https://i.img402.dev/a.png');
    expect(seen[0]!.url).toBe('http://127.0.0.1:9/api/call/copyLink');
    expect(seen[0]!.init.method).toBe('POST');
    expect(new Headers(seen[0]!.init.headers).get('authorization')).toBe('Bearer s3cret');
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual({ args: ['h1', 'url'] });
  });

  it('leaves out an omitted optional argument instead of sending null', async () => {
    const { fetch, seen } = fakeFetch(() => json({ ok: true, value: [] }));
    const bridge = createHttpBridge({ baseUrl: 'http://127.0.0.1:9', token: 't', fetch });
    await bridge.api.listHistory(undefined);
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual({ args: [] });
  });

  it('throws the service’s error with its kind and message', async () => {
    const error = { kind: 'input', message: 'That is not an image.', retryable: false };
    const { fetch } = fakeFetch(() => json({ ok: false, error }));
    const bridge = createHttpBridge({ baseUrl: 'http://127.0.0.1:9', token: 't', fetch });
    const thrown = await bridge.api.uploadBytes('a.png', 'AAAA').catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(BridgeCallError);
    expect((thrown as BridgeCallError).detail).toEqual(error);
    expect((thrown as Error).message).toBe('That is not an image.');
  });

  it('says what to do when the session has ended or the service is gone', async () => {
    const refused = createHttpBridge({
      baseUrl: 'http://x',
      token: 'old',
      fetch: fakeFetch(() => json({}, 401)).fetch,
    });
    await expect(refused.api.listJobs()).rejects.toThrow(/session has ended/);
    const down = createHttpBridge({
      baseUrl: 'http://x',
      token: 't',
      fetch: fakeFetch(() => Promise.reject(new TypeError('Failed to fetch'))).fetch,
    });
    await expect(down.api.listJobs()).rejects.toThrow(/not running any more/);
  });

  it('opens one event stream with the token and hands parsed events to subscribers', () => {
    const sources: FakeEventSource[] = [];
    class FakeEventSource {
      readonly handlers = new Map<string, (message: MessageEvent) => void>();
      constructor(readonly url: string) {
        sources.push(this);
      }
      addEventListener(name: string, handler: (message: MessageEvent) => void) {
        this.handlers.set(name, handler);
      }
    }
    const bridge = createHttpBridge({
      baseUrl: 'http://127.0.0.1:9',
      token: 'a b',
      fetch: fakeFetch(() => json({})).fetch,
      EventSource: FakeEventSource as unknown as typeof EventSource,
    });
    const notices: unknown[] = [];
    const stop = bridge.on('notice', (n) => notices.push(n));
    bridge.on('history', () => {});
    expect(sources).toHaveLength(1);
    expect(sources[0]!.url).toBe('http://127.0.0.1:9/api/events?token=a%20b');
    const deliver = (data: string) =>
      sources[0]!.handlers.get('notice')!(new MessageEvent('notice', { data }));
    deliver('{"level":"info","message":"Uploaded"}');
    deliver('not json');
    stop();
    deliver('{"level":"info","message":"after"}');
    expect(notices).toEqual([{ level: 'info', message: 'Uploaded' }]);
  });
});
