// Two team-server replicas behind Debian's nginx, as docs/server.md shows them: uploads, fetches and
// deletes all go through nginx, which spreads them over both replicas (its access log names each
// upstream); every image is served whichever replica answers, and a delete through one replica is seen
// through the other.
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningShotlinkServer } from '../../src-main/core/server/start.ts';
import { hasNginx, startNginx } from '../support/nginx.ts';
import { makePng, startTestServer, tempHome, uploadForm } from './helpers.ts';
import { sharedBackends, testBucket } from '../support/shared-backends.ts';

const { store, databaseUrl, why } = sharedBackends(
  hasNginx() ? null : 'nginx is not installed (Debian: nginx; `.ci/run` installs it)',
);

const TOKEN = 'nginx-test-token-0123456789';
const bucket = `shotlink-nginx-${process.pid}`;
const children: ChildProcess[] = [];
const replicas: RunningShotlinkServer[] = [];
const homes: Awaited<ReturnType<typeof tempHome>>[] = [];
let proxy: string;
let dir: Awaited<ReturnType<typeof tempHome>>;

describe.skipIf(Boolean(why))(`two replicas behind nginx${why ? ` (skipped: ${why})` : ''}`, () => {
  beforeAll(async () => {
    dir = await tempHome();
    (await testBucket(store!, bucket)).destroy();
    // The replicas start first, on ports of their own, with the public address their links name (as
    // behind a real proxy); nginx is then pointed at them.
    const env = {
      AWS_ENDPOINT_URL: store!.endpoint,
      AWS_ACCESS_KEY_ID: store!.accessKeyId,
      AWS_SECRET_ACCESS_KEY: store!.secretAccessKey,
    };
    for (let i = 0; i < 2; i++) {
      const home = await tempHome();
      homes.push(home);
      replicas.push(
        await startTestServer(home.home, {
          token: TOKEN,
          databaseUrl: databaseUrl!,
          storageUrl: `s3://${bucket}/team/`,
          env,
          publicUrl: 'http://shots.test',
        }),
      );
    }
    const upstreams = replicas.map((replica) => `server ${new URL(replica.lanUrl).host};`).join(' ');
    ({ url: proxy } = await startNginx({
      dir: join(dir.home, 'nginx'),
      http: `log_format upstream '$upstream_addr $status';
  access_log ${join(dir.home, 'nginx')}/access.log upstream;
  upstream shotlink { ${upstreams} }`,
      server: `client_max_body_size 25m;
    location / {
      proxy_pass http://shotlink;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
    }`,
      readyPath: '/',
      children,
    }));
  }, 60_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(replicas.map((replica) => replica.close()));
    await Promise.all([...homes, dir].map((home) => home?.cleanup()));
  });

  it('spreads uploads and fetches over both replicas, and serves every image from either', async () => {
    const images = await Promise.all(
      Array.from({ length: 10 }, (_, i) => makePng(30 + i, 30, { r: i * 20, g: 10, b: 90 })),
    );
    const uploaded: { path: string; deletePath: string; bytes: Buffer }[] = [];
    for (const bytes of images) {
      const answer = await fetch(`${proxy}/api/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
        body: uploadForm(bytes),
      });
      expect(answer.status).toBe(201);
      const { url, deleteUrl } = (await answer.json()) as { url: string; deleteUrl: string };
      expect(url.startsWith('http://shots.test/i/')).toBe(true); // links name the public address
      uploaded.push({ path: new URL(url).pathname, deletePath: new URL(deleteUrl).pathname, bytes });
    }
    for (const { path, bytes } of uploaded) {
      for (let round = 0; round < 2; round++) {
        const got = await fetch(`${proxy}${path}`);
        expect(got.status).toBe(200);
        expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
      }
    }
    const log = await readFile(join(dir.home, 'nginx', 'access.log'), 'utf8');
    const used = new Set(
      log
        .trim()
        .split('\n')
        .map((line) => line.split(' ')[0]),
    );
    expect(used).toEqual(new Set(replicas.map((replica) => new URL(replica.lanUrl).host)));

    // Deleted through nginx (whichever replica takes it): gone through both.
    const [first] = uploaded;
    expect((await fetch(`${proxy}${first!.deletePath}`, { method: 'DELETE' })).status).toBe(200);
    for (const replica of replicas) expect((await fetch(`${replica.lanUrl}${first!.path}`)).status).toBe(404);
  });
});
