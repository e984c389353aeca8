// The upload pipeline end to end in-process: real images, real loopback hosts (the fake img402 and
// img.pro), real files in a temporary data folder. Only the payments port is a plain test double here:
// the real one (payments/) is tested against an x402 server of its own.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ShotlinkError } from '../src-shared/errors.ts';
import type { PaymentsPort } from '../src-main/core/context.ts';
import { createCore, type Core } from '../src-main/core/create-core.ts';
import { uploadImage, type PipelineStage, type UploadRequest } from '../src-main/core/pipeline.ts';
import { createMemoryStore } from '../src-main/core/secrets/memory-store.ts';
import { startFakeImg402, type FakeImg402 } from './support/fake-img402.ts';
import { startFakeImgpro, type FakeImgpro } from './support/fake-imgpro.ts';
import { noisePng, screenshotPng } from './cli/fixtures.ts';

let img402: FakeImg402;
let imgpro: FakeImgpro;
let home: string;
let core: Core;
let shot: Buffer;

beforeAll(async () => {
  [img402, imgpro, shot] = await Promise.all([startFakeImg402(), startFakeImgpro(), screenshotPng()]);
});
afterAll(async () => {
  await Promise.all([img402.close(), imgpro.close()]);
});
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'shotlink-pipeline-'));
  core = makeCore();
  img402.uploads.length = 0;
  img402.requests.length = 0;
  imgpro.uploads.length = 0;
  imgpro.requests.length = 0;
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function makeCore(env: NodeJS.ProcessEnv = {}, secrets = createMemoryStore()): Core {
  return createCore({
    home,
    env: { SHOTLINK_IMG402_URL: img402.url, SHOTLINK_IMGPRO_URL: imgpro.url, ...env },
    secrets,
  });
}

const request = (overrides: Partial<UploadRequest> = {}): UploadRequest => ({
  bytes: shot,
  fileName: 'Screen Shot.png',
  providerId: 'img402',
  tierId: 'free',
  uploadKey: 'test-upload',
  ...overrides,
});

async function failure(promise: Promise<unknown>): Promise<ShotlinkError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the upload to fail');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ShotlinkError);
  return error as ShotlinkError;
}

describe('upload pipeline', () => {
  it('uploads a screenshot to img402 free and records everything about it', async () => {
    const stages: PipelineStage[] = [];
    const entry = await uploadImage(core, request({ onStage: (stage) => stages.push(stage) }));

    expect(stages).toEqual(['intake', 'optimize', 'upload', 'record']);
    expect(img402.uploads).toHaveLength(1);
    const sent = img402.uploads[0]!;
    // The link serves exactly the optimized bytes, which are what history describes.
    const served = Buffer.from(await (await fetch(entry.url)).arrayBuffer());
    expect(served.equals(sent.bytes)).toBe(true);
    expect(entry.bytes).toBe(sent.bytes.length);
    expect(entry.contentHash).toBe(createHash('sha256').update(sent.bytes).digest('hex'));
    expect(entry.originalBytes).toBe(shot.length);
    expect(entry.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(sent.contentType).toBe(`image/${entry.format}`);
    expect(sent.fileName).toBe(`Screen Shot.${entry.format === 'jpeg' ? 'jpg' : entry.format}`);
    const meta = await sharp(sent.bytes).metadata();
    expect([entry.width, entry.height]).toEqual([meta.width, meta.height]);
    expect(entry).toMatchObject({
      provider: 'img402',
      tier: 'free',
      fileName: 'Screen Shot.png',
      hostId: sent.id,
    });
    expect(entry.expiresAt).toBe(sent.expiresAt);
    expect(entry.paymentId).toBeUndefined();
    expect(entry.uploadKey).toBe('test-upload');

    expect(core.history.list()).toEqual([entry]);
    expect(entry.thumbnail).not.toBeNull();
    const thumbnail = await sharp(join(home, 'thumbnails', entry.thumbnail!)).metadata();
    expect(thumbnail.format).toBe('webp');
    expect(thumbnail.width).toBeLessThanOrEqual(320);
  });

  it('fits a large photo-like image under the free tier limit before sending it', async () => {
    const photo = await noisePng(1200, 900);
    expect(photo.length).toBeGreaterThan(1024 * 1024);
    const entry = await uploadImage(core, request({ bytes: photo, fileName: 'noise.png' }));
    expect(img402.uploads[0]!.bytes.length).toBeLessThanOrEqual(1024 * 1024);
    expect(entry.originalBytes).toBe(photo.length);
  });

  it('rejects a file that is not an image before any request', async () => {
    const error = await failure(
      uploadImage(
        core,
        request({ bytes: new TextEncoder().encode('<html>hi</html>'), fileName: 'page.png' }),
      ),
    );
    expect(error.kind).toBe('input');
    expect(error.message).toMatch(/"page.png" is not an image/);
    expect(img402.requests).toEqual([]);
    expect(core.history.list()).toEqual([]);
  });

  it('names the valid providers and tiers on a usage error, before reading the image', async () => {
    const provider = await failure(
      uploadImage(core, request({ providerId: 'imgur', bytes: new Uint8Array() })),
    );
    expect(provider.kind).toBe('usage');
    expect(provider.message).toMatch(/Unknown provider "imgur".*img402, imgpro/);
    const tier = await failure(uploadImage(core, request({ tierId: 'gold', bytes: new Uint8Array() })));
    expect(tier.message).toMatch(/no tier "gold".*free, 1y, permanent/);
  });

  it('maps a host failure to a host error and records nothing', async () => {
    img402.failNext('html');
    const error = await failure(uploadImage(core, request()));
    expect(error.kind).toBe('host');
    expect(core.history.list()).toEqual([]);
  });

  it('retries a retryable host error when asked to, and records the upload once', async () => {
    img402.failNext({ status: 500, body: { error: 'upload_failed' } });
    const waits: string[] = [];
    const entry = await uploadImage(
      core,
      request({
        retry: { attempts: 2, maxWaitSeconds: 5, sleep: async () => {} },
        onStage: (stage, detail) => detail && waits.push(`${stage}: ${detail}`),
      }),
    );
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatch(/^upload: .*Retrying in \d+ s/);
    expect(img402.uploads).toHaveLength(1);
    expect(core.history.list().map((e) => e.id)).toEqual([entry.id]);
  });

  it('does not retry without a retry policy (the queue schedules its own)', async () => {
    img402.failNext({ status: 500, body: { error: 'upload_failed' } });
    const error = await failure(uploadImage(core, request()));
    expect(error.retryable).toBe(true);
    expect(img402.uploads).toHaveLength(0);
  });

  it('stops before the network when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(uploadImage(core, request({ signal: controller.signal }))).rejects.toThrow();
    expect(img402.requests).toEqual([]);
  });

  it('uploads to img.pro anonymously and keeps the viewer page and the host expiry', async () => {
    const secrets = createMemoryStore({ 'imgpro-api-key': 'img_live_stored' });
    core = makeCore({}, secrets);
    const entry = await uploadImage(core, request({ providerId: 'imgpro', tierId: 'anonymous' }));
    const sent = imgpro.uploads[0]!;
    // The anonymous tier never sends the stored key.
    expect(sent.key).toBeUndefined();
    expect(entry.url).toBe(sent.src);
    expect(entry.viewUrl).toBe(sent.url);
    expect(entry.expiresAt).toBe(new Date(sent.expiresAt! * 1000).toISOString());
    expect((await fetch(entry.url)).ok).toBe(true);
  });

  it('uploads to img.pro with the stored API key, tags and namespace', async () => {
    imgpro.acceptKey('img_live_stored', { verified: true });
    core = makeCore({}, createMemoryStore({ 'imgpro-api-key': 'img_live_stored' }));
    core.settings.set({ imgpro: { tags: 'shots,work', namespace: 'team' } });
    const entry = await uploadImage(core, request({ providerId: 'imgpro', tierId: 'key' }));
    expect(imgpro.uploads[0]).toMatchObject({
      key: 'img_live_stored',
      tags: 'shots,work',
      namespace: 'team',
    });
    expect(entry.expiresAt).toBeNull();
  });

  it('prefers SHOTLINK_IMGPRO_KEY over the keychain', async () => {
    imgpro.acceptKey('img_live_env', { verified: true });
    core = makeCore(
      { SHOTLINK_IMGPRO_KEY: 'img_live_env' },
      createMemoryStore({ 'imgpro-api-key': 'other' }),
    );
    await uploadImage(core, request({ providerId: 'imgpro', tierId: 'key' }));
    expect(imgpro.uploads[0]!.key).toBe('img_live_env');
  });

  it('says how to store an img.pro key when the key tier has none, before any request', async () => {
    const error = await failure(uploadImage(core, request({ providerId: 'imgpro', tierId: 'key' })));
    expect(error.kind).toBe('usage');
    expect(error.message).toMatch(/shotlink config set-secret imgpro-api-key.*SHOTLINK_IMGPRO_KEY/);
    expect(imgpro.requests).toEqual([]);
  });

  it('explains a missing keychain for the key tier and how to pass the key instead', async () => {
    const noKeychain = {
      ...createMemoryStore(),
      get: async () => {
        throw new Error('The OS keychain is not available (no D-Bus).');
      },
    };
    core = makeCore({}, noKeychain);
    const error = await failure(uploadImage(core, request({ providerId: 'imgpro', tierId: 'key' })));
    expect(error.kind).toBe('usage');
    expect(error.message).toMatch(/keychain is not available.*SHOTLINK_IMGPRO_KEY/);
    expect(imgpro.requests).toEqual([]);
  });

  it('refuses a paid tier when payments are not set up, before any request', async () => {
    core.payments = null;
    const error = await failure(uploadImage(core, request({ tierId: '1y' })));
    expect(error.kind).toBe('payment');
    expect(error.message).toMatch(/paid.*shotlink wallet/);
    expect(img402.requests).toEqual([]);
  });

  describe('paid tiers', () => {
    // A plain PaymentsPort that hands out tokens the fake host accepts and logs what the pipeline asks.
    function fakePayments(log: string[]): PaymentsPort {
      return {
        async tokenFor({ uploadKey, tier }) {
          log.push(`tokenFor ${uploadKey} ${tier.id}`);
          const token = `token-for-${uploadKey}`;
          img402.acceptToken(token, '1y');
          return { token, paymentId: `payment-${uploadKey}` };
        },
        markUsed: (uploadKey) => void log.push(`markUsed ${uploadKey}`),
        list: () => [],
      };
    }

    it('buys the token after the image is ready, uploads with it, records the payment, marks it used', async () => {
      const log: string[] = [];
      core.payments = fakePayments(log);
      const stages: PipelineStage[] = [];
      const entry = await uploadImage(
        core,
        request({ tierId: '1y', onStage: (stage) => stages.push(stage) }),
      );
      expect(stages).toEqual(['intake', 'optimize', 'pay', 'upload', 'record']);
      expect(log).toEqual(['tokenFor test-upload 1y', 'markUsed test-upload']);
      expect(img402.uploads[0]!.token).toBe('token-for-test-upload');
      expect(entry.paymentId).toBe('payment-test-upload');
      expect(core.history.get(entry.id)?.paymentId).toBe('payment-test-upload');
    });

    it('neither pays nor marks anything when the image is rejected', async () => {
      const log: string[] = [];
      core.payments = fakePayments(log);
      await failure(uploadImage(core, request({ tierId: '1y', bytes: new Uint8Array([1, 2, 3]) })));
      expect(log).toEqual([]);
      expect(img402.requests).toEqual([]);
    });

    it('keeps the token unused when the upload fails, so a retry reuses it', async () => {
      const log: string[] = [];
      core.payments = fakePayments(log);
      img402.failNext({ status: 500, body: { error: 'upload_failed' } });
      await failure(uploadImage(core, request({ tierId: '1y' })));
      expect(log).toEqual(['tokenFor test-upload 1y']);
      expect(img402.unusedTokens).toContain('token-for-test-upload');
    });
  });

  it('still hands out the link when the upload cannot be recorded in history', async () => {
    // A folder where the history file should be makes every history write fail.
    await import('node:fs/promises').then((fs) => fs.mkdir(join(home, 'history.json')));
    const error = await failure(uploadImage(core, request()));
    expect(error.message).toContain(`Uploaded to ${img402.uploads[0]!.url}, but it could not be recorded`);
  });

  it('survives a thumbnail that cannot be written: the upload is recorded without one', async () => {
    // A file where the thumbnails folder should be makes every thumbnail write fail.
    await import('node:fs/promises').then((fs) => fs.writeFile(join(home, 'thumbnails'), 'in the way'));
    const entry = await uploadImage(core, request());
    expect(entry.thumbnail).toBeNull();
    expect(core.history.get(entry.id)).toBeDefined();
    expect(existsSync(join(home, 'history.json'))).toBe(true);
  });
});
