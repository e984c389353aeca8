// The team server on shared backends: PostgreSQL 15 and an S3 store (OpenStack Swift), both real and
// started for the run. Two replicas share nothing but those: an image uploaded through one is served,
// ranged and deleted through the other; the sweeper deletes an expired image once with both running; a
// quota holds across concurrent uploads on both, and so does the per-client rate limit; a replica killed with SIGKILL mid-burst loses no
// acknowledged image; and what a killed upload left in the bucket (an object no row names) is swept,
// while nothing Shotlink did not write (other files, other deployments', nested prefixes) ever is.
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningShotlinkServer } from '../../src-main/core/server/start.ts';
import {
  makeNoisePng,
  makePng,
  startTestServer,
  tempHome,
  upload,
  serveChild,
  uploadUntilKilled,
} from './helpers.ts';
import { sharedBackends, testBucket } from '../support/shared-backends.ts';

const { store, databaseUrl, why } = sharedBackends();

const TOKEN = 'shared-test-token-0123456789';
const bucket = `shotlink-shared-${process.pid}`;
const homes: Awaited<ReturnType<typeof tempHome>>[] = [];
const running: RunningShotlinkServer[] = [];
const children: ChildProcess[] = [];
let client: S3Client;

const env = () => ({
  AWS_ENDPOINT_URL: store!.endpoint,
  AWS_ACCESS_KEY_ID: store!.accessKeyId,
  AWS_SECRET_ACCESS_KEY: store!.secretAccessKey,
});

/** A replica in this process, on the shared backends under `prefix`. */
async function replica(prefix: string, more: Parameters<typeof startTestServer>[1] = {}) {
  const home = await tempHome();
  homes.push(home);
  const server = await startTestServer(home.home, {
    token: TOKEN,
    databaseUrl: `${databaseUrl!}`,
    storageUrl: `s3://${bucket}/${prefix}`,
    env: env(),
    sweepIntervalMs: 3_600_000,
    ...more,
  });
  running.push(server);
  return server;
}

async function objectKeys(prefix: string): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((object) => object.Key!);
}

/** The id this database's deployment marks its objects with. */
async function deploymentId(): Promise<string> {
  const db = new pg.Client({ connectionString: databaseUrl! });
  await db.connect();
  try {
    return (await db.query<{ id: string }>('SELECT id FROM shotlink_deployment')).rows[0]!.id;
  } finally {
    await db.end();
  }
}

describe.skipIf(!store || !databaseUrl)(
  `the team server on PostgreSQL + S3${why ? ` (skipped: ${why})` : ''}`,
  () => {
    beforeAll(async () => {
      client = await testBucket(store!, bucket);
    });
    afterAll(async () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await Promise.all(running.map((server) => server.close()));
      await Promise.all(homes.map((home) => home.cleanup()));
      client?.destroy();
    });

    it('serves, ranges and deletes through B what was uploaded through A', async () => {
      const [a, b] = [await replica('one/'), await replica('one/')];
      const png = await makeNoisePng(300, 200);
      const answer = await upload(a, png);
      expect(answer.status).toBe(201);
      const { id, url, deleteUrl } = (await answer.json()) as { id: string; url: string; deleteUrl: string };
      expect(url.startsWith(a.url)).toBe(true);
      const viaB = await fetch(`${b.url}/i/${id}.png`);
      expect(viaB.status).toBe(200);
      expect(Buffer.from(await viaB.arrayBuffer()).equals(png)).toBe(true);
      const ranged = await fetch(`${b.url}/i/${id}.png`, { headers: { range: 'bytes=0-9' } });
      expect(ranged.status).toBe(206);
      expect(Buffer.from(await ranged.arrayBuffer()).equals(png.subarray(0, 10))).toBe(true);
      expect(await objectKeys('one/')).toEqual([`one/${id}.png`]);

      const deleted = await fetch(deleteUrl.replace(a.url, b.url), { method: 'DELETE' });
      expect(deleted.status).toBe(200);
      expect((await fetch(`${a.url}/i/${id}.png`)).status).toBe(404); // A cached nothing that outlives it
      expect(await objectKeys('one/')).toEqual([]);
    });

    it('expires an image once, whichever replica sweeps', async () => {
      let now = Date.now();
      const [a, b] = [await replica('two/', { now: () => now }), await replica('two/', { now: () => now })];
      const answer = await upload(a, await makePng(), { fields: { expires: '1h' } });
      const { id } = (await answer.json()) as { id: string };
      now += 2 * 3600_000;
      expect((await fetch(`${b.url}/i/${id}.png`)).status).toBe(410);
      // Both at once; one call each (a replica's own concurrent calls share one sweep and its count).
      const swept = await Promise.all([a.sweep(), b.sweep()]);
      expect(swept.reduce((sum, n) => sum + n, 0)).toBe(1);
      expect(await objectKeys('two/')).toEqual([]);
      expect((await fetch(`${a.url}/i/${id}.png`)).status).toBe(404);
    });

    it('holds one quota across concurrent uploads on both replicas', async () => {
      const [a, b] = [await replica('three/', { quotaMb: 1 }), await replica('three/', { quotaMb: 1 })];
      const images = await Promise.all(Array.from({ length: 12 }, (_, i) => makeNoisePng(230 + i, 230)));
      const answers = await Promise.all(images.map((png, i) => upload(i % 2 ? a : b, png)));
      const stored = answers.map((answer, i) => (answer.status === 201 ? images[i]!.length : 0));
      const refused = answers.filter((answer) => answer.status !== 201);
      expect(refused.length).toBeGreaterThan(0);
      for (const answer of refused) expect(answer.status).toBe(507);
      expect(stored.reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(1024 * 1024);
      // Refused uploads left no object behind.
      expect((await objectKeys('three/')).length).toBe(stored.filter((n) => n > 0).length);
    });

    it('counts one rate limit across the replicas: alternating between them gains nothing', async () => {
      const [a, b] = [
        await replica('six/', { requestsPerMinute: 3 }),
        await replica('six/', { requestsPerMinute: 3 }),
      ];
      const statuses: number[] = [];
      for (const server of [a, b, a, b, a]) {
        const answer = await fetch(`${server.url}/api/images/AAAAAAAAAAAAAAAAAAAAAB`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${TOKEN}` },
        });
        statuses.push(answer.status);
      }
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
    });

    it('sweeps objects that no record names once they are old (a killed upload’s leftovers)', async () => {
      const a = await replica('four/');
      const kept = (await (await upload(a, await makePng())).json()) as { id: string };
      // What a killed upload leaves: an object of Shotlink's key shape and marker, no row.
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'four/AAAAAAAAAAAAAAAAAAAAAA.png',
          Body: 'x',
          Metadata: { 'shotlink-deployment': await deploymentId() },
        }),
      );
      await a.sweep(); // now: the orphan is too young to be a leftover (an upload may be committing it)
      expect((await objectKeys('four/')).sort()).toEqual(
        ['four/AAAAAAAAAAAAAAAAAAAAAA.png', `four/${kept.id}.png`].sort(),
      );
      const later = await replica('four/', { now: () => Date.now() + 20 * 60_000 });
      await later.sweep();
      expect(await objectKeys('four/')).toEqual([`four/${kept.id}.png`]);
    });

    it('deletes nothing it did not write: other files, unmarked objects, other deployments, nested prefixes', async () => {
      const outer = await replica('seven/');
      const nested = await replica('seven/nested/');
      const mine = await deploymentId();
      const put = (Key: string, Metadata?: Record<string, string>) =>
        client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'someone else’s', Metadata }));
      const foreign = [
        'seven/README.md',
        'seven/backup/dump.sql',
        'seven/report.pdf',
        'seven/BBBBBBBBBBBBBBBBBBBBBB.png', // Shotlink's shape, no marker (put there by hand)
        'seven/CCCCCCCCCCCCCCCCCCCCCC.png', // marked by another deployment (another database)
      ];
      for (const key of foreign.slice(0, 4)) await put(key);
      await put(foreign[4]!, { 'shotlink-deployment': 'another-deployment' });
      // The nested deployment's own image and its own orphan: the outer one must not touch either.
      const inner = (await (await upload(nested, await makePng())).json()) as { id: string };
      await put('seven/nested/DDDDDDDDDDDDDDDDDDDDDD.png', { 'shotlink-deployment': mine });
      const outerImage = (await (await upload(outer, await makePng())).json()) as { id: string };

      const later = (prefix: string) => replica(prefix, { now: () => Date.now() + 20 * 60_000 });
      await (await later('seven/')).sweep();
      const afterOuter = await objectKeys('seven/');
      for (const key of [
        ...foreign,
        `seven/nested/${inner.id}.png`,
        'seven/nested/DDDDDDDDDDDDDDDDDDDDDD.png',
      ])
        expect(afterOuter).toContain(key);
      expect(afterOuter).toContain(`seven/${outerImage.id}.png`);
      // The nested deployment sweeps its own orphan, and nothing of the outer one's.
      await (await later('seven/nested/')).sweep();
      const afterNested = await objectKeys('seven/');
      expect(afterNested).not.toContain('seven/nested/DDDDDDDDDDDDDDDDDDDDDD.png');
      expect(afterNested.sort()).toEqual(
        [...foreign, `seven/nested/${inner.id}.png`, `seven/${outerImage.id}.png`].sort(),
      );
    });

    it('refuses a bucket without a prefix unless told it is Shotlink’s alone', async () => {
      const home = await tempHome();
      homes.push(home);
      const options = {
        token: TOKEN,
        databaseUrl: databaseUrl!,
        storageUrl: `s3://${bucket}`,
        env: env(),
        sweepIntervalMs: 3_600_000,
      };
      await expect(startTestServer(home.home, options)).rejects.toThrow(/no prefix.*--whole-bucket/s);
      const whole = await startTestServer(home.home, { ...options, wholeBucket: true });
      running.push(whole);
      expect((await upload(whole, await makePng())).status).toBe(201);
    });

    it('loses no acknowledged image when a replica is killed with SIGKILL mid-burst', async () => {
      const home = await tempHome();
      homes.push(home);
      const first = await serveChild(
        ['--database', databaseUrl!, '--storage', `s3://${bucket}/five/`],
        { ...env(), SHOTLINK_HOME: home.home, SHOTLINK_SERVER_TOKEN: TOKEN },
        children,
      );
      const images = await Promise.all(Array.from({ length: 30 }, (_, i) => makeNoisePng(200 + i, 200)));
      const acknowledged = await uploadUntilKilled(first, TOKEN, images, 6);
      expect(acknowledged.length).toBeGreaterThanOrEqual(1);
      expect(acknowledged.length).toBeLessThan(images.length);

      const other = await replica('five/');
      for (const { id, bytes } of acknowledged) {
        const got = await fetch(`${other.url}/i/${id}.png`);
        expect(got.status).toBe(200);
        expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
      }
      // Whatever the kill left half-done is either a whole image or, once old, swept.
      const later = await replica('five/', { now: () => Date.now() + 20 * 60_000 });
      await later.sweep();
      const keys = await objectKeys('five/');
      for (const key of keys) {
        const id = key.slice('five/'.length).replace(/\.png$/, '');
        expect((await fetch(`${other.url}/i/${id}.png`)).status).toBe(200);
      }
    }, 90_000);
  },
);
