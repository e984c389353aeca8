// Nothing twice where Shotlink controls the host. The client sends its upload's key (the same on every
// try of one upload) and the host stores the image once: the Shotlink server, embedded and on shared
// backends (Idempotency-Key), and the S3 destination (an object key derived from the upload's key and
// bytes). Tried as it happens: the connection cut after the host stored the image and before its answer
// arrived, then the same upload sent again; and retries racing each other.
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createShotlinkServerProvider } from '../../src-main/core/providers/shotlink-server.ts';
import { createS3Provider } from '../../src-main/core/providers/s3.ts';
import type { RunningShotlinkServer } from '../../src-main/core/server/start.ts';
import { BUILTIN_PROVIDERS, findTier } from '../../src-shared/catalog.ts';
import { cuttingRelay } from '../support/cutting-relay.ts';
import { sharedBackends, testBucket } from '../support/shared-backends.ts';
import { makeNoisePng, makePng, startTestServer, tempHome } from './helpers.ts';

const tier = findTier(BUILTIN_PROVIDERS, 'server', 'default')!;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function relayTo(port: number) {
  const relay = await cuttingRelay(port, { path: '/api/upload' });
  cleanups.push(relay.close);
  return relay;
}

function providerFor(server: RunningShotlinkServer, baseUrl = server.url) {
  return createShotlinkServerProvider({ baseUrl, token: server.token, timeoutMs: 10_000 });
}

async function embedded() {
  const home = await tempHome();
  const server = await startTestServer(home.home);
  cleanups.push(home.cleanup, () => server.close());
  const files = () => readdir(join(home.home, 'server', 'images'));
  return { server, files };
}

describe('the Shotlink server stores one image per upload key', () => {
  it('answers a retry after a cut connection with the first image: same links, one file', async () => {
    const { server, files } = await embedded();
    const png = await makePng(80, 60);
    const relay = await relayTo(Number(new URL(server.url).port));
    const input = {
      bytes: png,
      fileName: 'a.png',
      contentType: 'image/png',
      tier,
      uploadKey: 'job-1234-abcd',
    };

    await expect(providerFor(server, relay.url).upload(input)).rejects.toThrow();
    expect(relay.cuts()).toBe(1);
    expect(await files()).toHaveLength(1); // stored, though the client never heard

    const retried = await providerFor(server).upload(input);
    const again = await providerFor(server).upload(input);
    expect(again).toEqual(retried);
    expect(await files()).toHaveLength(1);
    expect(Buffer.from(await (await fetch(retried.url)).arrayBuffer()).equals(png)).toBe(true);
    // The delete URL handed back on the retry works.
    expect((await fetch(retried.deleteUrl!, { method: 'DELETE' })).status).toBe(200);
    expect(await files()).toHaveLength(0);
  });

  it('stores once when tries with one key race each other; other keys are other images', async () => {
    const { server, files } = await embedded();
    const png = await makePng(81, 60);
    const provider = providerFor(server);
    const input = { bytes: png, fileName: 'a.png', contentType: 'image/png', tier, uploadKey: 'job-race' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => provider.upload(input)));
    expect(new Set(answers.map((a) => a.hostId)).size).toBe(1);
    expect(new Set(answers.map((a) => a.deleteUrl)).size).toBe(1);
    const other = await provider.upload({ ...input, uploadKey: 'job-other' });
    expect(other.hostId).not.toBe(answers[0]!.hostId);
    const { uploadKey: _unused, ...keylessInput } = input;
    const keyless = await provider.upload(keylessInput);
    expect(keyless.hostId).not.toBe(answers[0]!.hostId);
    expect(await files()).toHaveLength(3);
  });

  it('refuses a malformed Idempotency-Key with a message', async () => {
    const { server } = await embedded();
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(await makePng())], { type: 'image/png' }), 'a.png');
    const answer = await fetch(`${server.url}/api/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'idempotency-key': 'x'.repeat(201) },
      body: form,
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toBe('bad_idempotency_key');
  });
});

const { store, databaseUrl, why } = sharedBackends();
const bucket = `shotlink-idem-${process.pid}`;
let client: S3Client | undefined;
afterAll(() => client?.destroy());

async function keys(prefix: string): Promise<string[]> {
  const page = await client!.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((object) => object.Key!);
}

describe.skipIf(!store || !databaseUrl)(`on shared backends and S3${why ? ` (skipped: ${why})` : ''}`, () => {
  it('two replicas, a cut answer and racing retries on both: one row, one object', async () => {
    client ??= await testBucket(store!, bucket);
    const replica = async () => {
      const home = await tempHome();
      const server = await startTestServer(home.home, {
        databaseUrl: databaseUrl!,
        storageUrl: `s3://${bucket}/team/`,
        env: {
          AWS_ENDPOINT_URL: store!.endpoint,
          AWS_ACCESS_KEY_ID: store!.accessKeyId,
          AWS_SECRET_ACCESS_KEY: store!.secretAccessKey,
        },
        sweepIntervalMs: 3_600_000,
      });
      cleanups.push(home.cleanup, () => server.close());
      return server;
    };
    const [a, b] = [await replica(), await replica()];
    const png = await makeNoisePng(90, 70);
    const input = { bytes: png, fileName: 'a.png', contentType: 'image/png', tier, uploadKey: 'team-job-1' };
    const relay = await relayTo(Number(new URL(a.url).port));
    await expect(providerFor(a, relay.url).upload(input)).rejects.toThrow();
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => providerFor(i % 2 ? a : b).upload(input)),
    );
    expect(new Set(answers.map((answer) => answer.hostId)).size).toBe(1);
    expect(await keys('team/')).toEqual([`team/${answers[0]!.hostId}.png`]);
    // Racing first tries, no cut: one of them is stored, the others get it back.
    const raced = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        providerFor(i % 2 ? a : b).upload({ ...input, uploadKey: 'team-job-2' }),
      ),
    );
    expect(new Set(raced.map((answer) => answer.hostId)).size).toBe(1);
    expect((await keys('team/')).sort()).toEqual(
      [`team/${answers[0]!.hostId}.png`, `team/${raced[0]!.hostId}.png`].sort(),
    );
  });

  it('the S3 destination writes one object for every try of one upload', async () => {
    client ??= await testBucket(store!, bucket);
    const provider = createS3Provider({
      bucket,
      prefix: 'dest/',
      region: store!.region,
      endpoint: store!.endpoint,
      publicBaseUrl: 'https://cdn.example.org',
      presignSeconds: 3600,
      publicRead: false,
      credentials: { accessKeyId: store!.accessKeyId, secretAccessKey: store!.secretAccessKey },
      timeoutMs: 15_000,
    });
    const png = await makePng(70, 50);
    const input = { bytes: png, fileName: 'shot.png', contentType: 'image/png', tier, uploadKey: 's3-job-1' };
    const first = await provider.upload(input);
    const retried = await provider.upload(input);
    expect(retried.url).toBe(first.url);
    expect(await keys('dest/')).toEqual([first.hostId]);
    // Another upload of the same image is another object: deleting one entry leaves the other's link.
    const another = await provider.upload({ ...input, uploadKey: 's3-job-2' });
    expect(another.hostId).not.toBe(first.hostId);
    expect(await keys('dest/')).toHaveLength(2);
  });
});
