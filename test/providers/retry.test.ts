// withRetries: which failures are retried, how long it waits (through an injected sleep: no real waiting,
// no wall-clock assertions), and an end-to-end retry against the fake img.pro's action.wait.
import { describe, expect, it, vi } from 'vitest';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { withRetries, type RetryOptions } from '../../src-main/core/providers/retry.ts';
import { createImgproProvider } from '../../src-main/core/providers/imgpro.ts';
import { startFakeImgpro } from '../support/fake-imgpro.ts';
import { failure, makePng, pngInput, tier } from './images.ts';

const retryable = (details: { retryAfterSeconds?: number } = {}) =>
  new ShotlinkError('host', 'The host is busy.', { retryable: true, hostCode: 'busy', ...details });

/** A function that fails with the given errors, one per call, then succeeds. */
function failing(...errors: Error[]) {
  return vi.fn(async (attempt: number) => {
    const error = errors[attempt - 1];
    if (error) throw error;
    return `ok after ${attempt}`;
  });
}

function recorder(overrides: Partial<RetryOptions> = {}) {
  const waits: number[] = [];
  const options: RetryOptions = {
    attempts: 4,
    maxWaitSeconds: 60,
    sleep: async (ms) => void waits.push(ms),
    // No jitter: random() = 0.5 makes the backoff factor exactly 1.
    random: () => 0.5,
    ...overrides,
  };
  return { waits, options };
}

describe('withRetries', () => {
  it('retries retryable failures with exponential backoff', async () => {
    const { waits, options } = recorder();
    const fn = failing(retryable(), retryable(), retryable());
    expect(await withRetries(fn, options)).toBe('ok after 4');
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it('waits exactly as long as the host asked', async () => {
    const { waits, options } = recorder();
    const onWait = vi.fn();
    const fn = failing(retryable({ retryAfterSeconds: 42 }));
    expect(await withRetries(fn, { ...options, onWait })).toBe('ok after 2');
    expect(waits).toEqual([42_000]);
    expect(onWait).toHaveBeenCalledWith(expect.objectContaining({ attempt: 1, seconds: 42 }));
  });

  it('refuses to wait longer than maxWaitSeconds and says when to try again', async () => {
    const { waits, options } = recorder({
      maxWaitSeconds: 60,
      now: () => Date.parse('2026-03-01T10:00:00Z'),
    });
    const fn = failing(retryable({ retryAfterSeconds: 2 * 3600 }));
    const error = await failure(withRetries(fn, options));
    expect(fn).toHaveBeenCalledTimes(1);
    expect(waits).toEqual([]);
    expect(error).toMatchObject({ kind: 'host', hostCode: 'busy', retryable: true, retryAfterSeconds: 7200 });
    expect(error.message).toBe(
      'The host is busy. Not waiting 2 hours here: try again after 2026-03-01 12:00 UTC.',
    );
  });

  it('does not retry failures that will not pass', async () => {
    const { waits, options } = recorder();
    const refused = new ShotlinkError('input', 'Not an image.');
    const fn = failing(refused);
    expect(await failure(withRetries(fn, options))).toBe(refused);
    const bug = new TypeError('bug');
    await expect(withRetries(failing(bug), options)).rejects.toBe(bug);
    expect(waits).toEqual([]);
  });

  it('gives up after the last attempt with the last error', async () => {
    const { waits, options } = recorder({ attempts: 2 });
    const last = retryable();
    const fn = failing(retryable(), last, retryable());
    expect(await failure(withRetries(fn, options))).toBe(last);
    expect(fn).toHaveBeenCalledTimes(2);
    expect(waits).toHaveLength(1);
  });

  it('caps the backoff at maxWaitSeconds', async () => {
    const { waits, options } = recorder({ attempts: 6, maxWaitSeconds: 3 });
    await withRetries(failing(retryable(), retryable(), retryable(), retryable()), options);
    expect(waits).toEqual([1000, 2000, 3000, 3000]);
  });

  it('stops waiting when cancelled and reports the failure that caused the wait', async () => {
    const controller = new AbortController();
    const cause = retryable({ retryAfterSeconds: 5 });
    const fn = failing(cause);
    const sleep = (_ms: number, signal?: AbortSignal) =>
      new Promise<void>((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason));
        controller.abort();
      });
    expect(
      await failure(withRetries(fn, { attempts: 3, maxWaitSeconds: 60, sleep, signal: controller.signal })),
    ).toBe(cause);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe('withRetries against img.pro', () => {
  it('turns action.wait into a retry after action.seconds, then uploads', async () => {
    const host = await startFakeImgpro({ errorShape: 'nested' });
    try {
      host.failNext({
        status: 429,
        body: host.errorBody('rate_limited', 'Slow down.', { type: 'wait', seconds: 3 }),
      });
      const provider = createImgproProvider({ baseUrl: host.url, timeoutMs: 5_000 });
      const input = pngInput(await makePng(), tier('imgpro', 'anonymous'));
      const { waits, options } = recorder();
      const outcome = await withRetries(() => provider.upload(input), options);
      expect(waits).toEqual([3000]);
      expect(host.requests.filter((r) => r.path === '/v1/upload')).toHaveLength(2);
      expect(host.uploads).toHaveLength(1);
      expect(outcome.url).toBe(host.uploads[0]!.src);
    } finally {
      await host.close();
    }
  });
});
