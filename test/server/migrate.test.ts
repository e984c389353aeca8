// `shotlink server migrate`: an embedded server with 200 images moved to PostgreSQL + S3 (both real,
// started for the run), in a child process killed with SIGKILL partway and run again: the second run
// skips what the first finished, every image is then served by a shared replica byte for byte, and the
// bucket holds exactly one object per image.
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningShotlinkServer } from '../../src-main/core/server/start.ts';
import { makePng, startTestServer, tempHome, upload } from './helpers.ts';
import { sharedBackends, testBucket } from '../support/shared-backends.ts';

const { store, databaseUrl, why } = sharedBackends();

const BIN = fileURLToPath(new URL('../../src-main/cli/bin.js', import.meta.url));
const bucket = `shotlink-migrate-${process.pid}`;
const storage = `s3://${bucket}/moved/`;
const COUNT = 200;
let client: S3Client;
let home: Awaited<ReturnType<typeof tempHome>>;
let replica: RunningShotlinkServer | undefined;
const originals = new Map<string, Buffer>();

const env = () => ({
  ...process.env,
  AWS_ENDPOINT_URL: store!.endpoint,
  AWS_ACCESS_KEY_ID: store!.accessKeyId,
  AWS_SECRET_ACCESS_KEY: store!.secretAccessKey,
  SHOTLINK_HOME: home.home,
});

/** Runs the migration; with `killAfter`, SIGKILLs it once it reports that many images done. */
function migrate(killAfter?: number): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(
    process.execPath,
    [BIN, 'server', 'migrate', '--database', databaseUrl!, '--storage', storage],
    {
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    const done = [...chunk.toString().matchAll(/(\d+)\/\d+ images/g)].map((m) => Number(m[1]));
    if (killAfter !== undefined && done.some((n) => n >= killAfter)) child.kill('SIGKILL');
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout })));
}

describe.skipIf(!store || !databaseUrl)(`shotlink server migrate${why ? ` (skipped: ${why})` : ''}`, () => {
  beforeAll(async () => {
    home = await tempHome();
    client = await testBucket(store!, bucket);
    const embedded = await startTestServer(home.home);
    for (let i = 0; i < COUNT; i++) {
      const png = await makePng(20 + (i % 40), 20 + Math.floor(i / 40), {
        r: i,
        g: 255 - i,
        b: (i * 7) % 256,
      });
      const answer = await upload(embedded, png);
      originals.set(((await answer.json()) as { id: string }).id, png);
    }
    await embedded.close();
  }, 120_000);
  afterAll(async () => {
    await replica?.close();
    client?.destroy();
    await home?.cleanup();
  });

  it('moves every image, resumes after SIGKILL, and verifies what it moved', async () => {
    const killed = await migrate(50);
    expect(killed.code).toBeNull(); // it really was killed partway
    const resumed = await migrate();
    expect(resumed.code).toBe(0);
    const [, moved, skipped] = /^Migrated (\d+) images? \((\d+) already there\) of 200\.\n$/.exec(
      resumed.stdout,
    )!;
    expect(Number(skipped)).toBeGreaterThanOrEqual(50);
    expect(Number(moved) + Number(skipped)).toBe(COUNT);

    const again = await migrate();
    expect(again.stdout).toBe('Migrated 0 images (200 already there) of 200.\n');

    replica = await startTestServer((await tempHome()).home, {
      databaseUrl: databaseUrl!,
      storageUrl: storage,
      env: env(),
    });
    for (const [id, png] of originals) {
      const got = await fetch(`${replica.url}/i/${id}.png`);
      expect(got.status).toBe(200);
      expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
    }
    let keys = 0;
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'moved/', ContinuationToken: token }),
      );
      keys += page.KeyCount ?? 0;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    expect(keys).toBe(COUNT);
  }, 120_000);
});
