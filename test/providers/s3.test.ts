// The `s3` destination against a real S3 store (OpenStack Swift's S3 API, started for the run by the
// global setup): an upload becomes an object; its link is public (a public base URL) or presigned (its
// lifetime is the history entry's expiry) and really serves the bytes; deleting from history deletes the
// object; wrong keys and a missing bucket say what to fix. Then `shotlink upload --provider s3` end to end.
import { GetObjectCommand, HeadObjectCommand, PutBucketAclCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createS3Provider, type S3Destination } from '../../src-main/core/providers/s3.ts';
import { PART_BYTES, putObject } from '../../src-main/core/s3/store.ts';
import { isShotlinkError } from '../../src-shared/errors.ts';
import { screenshotPng } from '../cli/fixtures.ts';
import { runCli } from '../cli/run-cli.ts';
import { createAppService } from '../../src-main/core/service.ts';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import { createMemoryClipboard, createMemoryNotifier } from '../support/memory-ports.ts';
import { cleanEnv } from '../support/test-service.ts';
import { sharedBackends, testBucket } from '../support/shared-backends.ts';

const { store, why } = sharedBackends();
const bucket = `shotlink-test-${process.pid}`;
const tier = {
  id: 'default',
  label: 'Bucket',
  maxBytes: 100e6,
  retentionDays: null,
  priceAtomic: null,
  public: true,
};

let client: S3Client;
let dir: string;
let png: Buffer;

const destination = (more: Partial<S3Destination> = {}): S3Destination => ({
  bucket,
  prefix: 'shots/',
  region: store!.region,
  endpoint: store!.endpoint,
  publicBaseUrl: '',
  presignSeconds: 3600,
  publicRead: false,
  credentials: { accessKeyId: store!.accessKeyId, secretAccessKey: store!.secretAccessKey },
  timeoutMs: 15_000,
  ...more,
});

describe.skipIf(!store)(`the s3 destination${store ? '' : ` (skipped: ${why})`}`, () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shotlink-s3-'));
    client = await testBucket(store!, bucket);
    png = await screenshotPng(640, 400);
  });
  afterAll(async () => {
    client?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads an object whose presigned link serves it, and expires when the link does', async () => {
    const provider = createS3Provider(destination());
    const before = Date.now();
    const outcome = await provider.upload({
      bytes: png,
      fileName: 'shot 1.png',
      contentType: 'image/png',
      tier,
    });
    expect(outcome.hostId).toMatch(/^shots\/[0-9a-f]{16}\/shot-1\.png$/);
    expect(outcome.url).toContain('X-Amz-Signature=');
    const served = await fetch(outcome.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    expect(Date.parse(outcome.expiresAt!)).toBeGreaterThanOrEqual(before + 3600_000 - 1000);
    // Without the signature the object is not public.
    const unsigned = await fetch(outcome.url.split('?')[0]!);
    expect(unsigned.ok).toBe(false);
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
  });

  it('links through a public base URL (a public bucket or a CDN) and keeps them forever', async () => {
    await client.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read' }));
    const provider = createS3Provider(destination({ publicBaseUrl: `${store!.publicBase}/${bucket}` }));
    const outcome = await provider.upload({
      bytes: png,
      fileName: 'public.png',
      contentType: 'image/png',
      tier,
    });
    expect(outcome.expiresAt).toBeNull();
    expect(outcome.url).toBe(`${store!.publicBase}/${bucket}/${outcome.hostId}`);
    const served = await fetch(outcome.url);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
  });

  it('sends a large image in parts (multipart), and serves it whole', async () => {
    const sharp = (await import('sharp')).default;
    // Noise does not compress: about 20 MB of PNG, three 8 MB parts.
    const big = await sharp({
      create: {
        width: 2600,
        height: 2600,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      .png({ compressionLevel: 1 })
      .toBuffer();
    expect(big.length).toBeGreaterThan(2 * PART_BYTES);
    const sent: string[] = [];
    const send = client.send.bind(client);
    const spy = vi.spyOn(client, 'send').mockImplementation(((command: { constructor: { name: string } }) => {
      sent.push(command.constructor.name);
      return send(command as never);
    }) as never);
    try {
      await putObject(client, {
        Bucket: bucket,
        Key: 'shots/big.png',
        Body: big,
        ContentType: 'image/png',
      });
    } finally {
      spy.mockRestore();
    }
    expect(sent[0]).toBe('CreateMultipartUploadCommand');
    expect(sent.filter((name) => name === 'UploadPartCommand')).toHaveLength(
      Math.ceil(big.length / PART_BYTES),
    );
    expect(sent.at(-1)).toBe('CompleteMultipartUploadCommand');
    const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'shots/big.png' }));
    expect(Buffer.from(await Body!.transformToByteArray()).equals(big)).toBe(true);
  });

  it('deletes the object', async () => {
    const provider = createS3Provider(destination());
    const outcome = await provider.upload({
      bytes: png,
      fileName: 'gone.png',
      contentType: 'image/png',
      tier,
    });
    await provider.delete!({ hostId: outcome.hostId });
    await expect(
      client.send(new HeadObjectCommand({ Bucket: bucket, Key: outcome.hostId })),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    expect((await fetch(outcome.url)).status).toBe(404);
  });

  it('says what to fix when the keys are wrong or the bucket is missing', async () => {
    const wrongKeys = createS3Provider(
      destination({ credentials: { accessKeyId: store!.accessKeyId, secretAccessKey: 'wrong' } }),
    );
    const denied = await wrongKeys
      .upload({ bytes: png, fileName: 'x.png', contentType: 'image/png', tier })
      .catch((e: unknown) => e);
    expect(isShotlinkError(denied, 's3_access_denied')).toBe(true);
    expect((denied as Error).message).toMatch(/refused the keys.*set-secret s3-access-key-id/);
    expect((denied as Error).message).not.toContain('wrong');
    const noBucket = createS3Provider(destination({ bucket: `${bucket}-missing` }));
    const missing = await noBucket
      .upload({ bytes: png, fileName: 'x.png', contentType: 'image/png', tier })
      .catch((e: unknown) => e);
    expect(isShotlinkError(missing, 's3_no_bucket')).toBe(true);
  });

  it('`shotlink upload --provider s3` prints a working link; the history entry can delete it', async () => {
    const home = join(dir, 'home');
    const env = {
      SHOTLINK_HOME: home,
      AWS_ACCESS_KEY_ID: store!.accessKeyId,
      AWS_SECRET_ACCESS_KEY: store!.secretAccessKey,
    };
    for (const [key, value] of [
      ['s3.bucket', bucket],
      ['s3.endpoint', store!.endpoint],
      ['s3.presignDays', '2'],
    ]) {
      expect((await runCli(['config', 'set', key!, value!], { env })).code).toBe(0);
    }
    await writeFile(join(dir, 'cli.png'), png);
    const result = await runCli(['upload', '--provider', 's3', '-f', 'url', '-q', 'cli.png'], {
      env,
      cwd: dir,
    });
    // Only the one-time public-link notice: no error, no warning.
    expect(result.stderr).toMatch(/^shotlink: Note: uploads to this host are public\..*\(Shown once\.\)\n$/);
    expect(result.code).toBe(0);
    const link = result.stdout.trim();
    expect((await fetch(link)).status).toBe(200);

    // The app on the same data folder deletes it from history, which deletes the object.
    const service = createAppService({
      home,
      env: cleanEnv(env),
      secrets: createMemoryStore(),
      clipboard: createMemoryClipboard(),
      notifier: createMemoryNotifier(),
    });
    try {
      const [entry] = await service.dispatch.api.listHistory();
      expect(entry).toMatchObject({ provider: 's3', url: link });
      expect(Date.parse(entry!.expiresAt!) - Date.parse(entry!.uploadedAt)).toBeGreaterThan(
        2 * 86400_000 - 60_000,
      );
      await service.dispatch.api.deleteFromHost(entry!.id);
      expect((await fetch(link)).status).toBe(404);
    } finally {
      await service.close();
    }
  });
});
