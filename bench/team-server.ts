// The team server on shared backends (run as root: `npx tsx bench/team-server.ts`; needs Debian's wrk,
// nginx, PostgreSQL 15 and Swift, which `.ci/run` installs). In one run: requests/s and p99 serving an
// 80 KB image from S3 through one and through two replicas behind nginx, beside the embedded server
// (direct, and behind the same nginx), and beside nginx serving the file itself — the ceiling that shows
// the load generator is not what saturates. Then upload throughput to the embedded server and to one
// and two replicas. All on this machine (2 cores here): replicas, PostgreSQL, Swift, nginx and wrk
// compete for the same CPUs, so the figures compare the setups; they do not predict a cluster.
// Options: BENCH_SECONDS per run (default 8).
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '../src-main/core/s3/store.ts';
import { startFileNginx, startNginx } from '../test/support/nginx.ts';
import {
  freePortRange,
  pgUnavailable,
  s3Unavailable,
  startPg,
  startS3,
  stopPg,
  stopS3,
} from '../test/support/services.ts';
import { startChild } from './children.ts';
import {
  best,
  imageOfAbout,
  kb,
  printTable,
  SECONDS,
  uploadOnce,
  wrk,
  wrkUpload,
  type Figures,
} from './load.ts';

const ROUNDS = 2;
const child = fileURLToPath(new URL('./server-child.ts', import.meta.url));

const missing = [
  s3Unavailable(),
  pgUnavailable(),
  spawnSync('wrk', ['--version']).error ? 'wrk is not installed' : null,
]
  .filter(Boolean)
  .join('; ');
if (missing) throw new Error(`bench/team-server.ts cannot run here: ${missing}`);

const work = await mkdtemp(join(tmpdir(), 'shotlink-team-bench-'));
const children: ChildProcess[] = [];
const s3Home = join(work, 's3');
const pgHome = `/tmp/shotlink-bench-pg-${process.pid}`;
try {
  const [store, databaseUrl] = await Promise.all([
    freePortRange(5).then((port) => startS3(s3Home, port)),
    freePortRange(1).then((port) => startPg(pgHome, port)),
  ]);
  process.env.AWS_ENDPOINT_URL = store.endpoint;
  process.env.AWS_ACCESS_KEY_ID = store.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = store.secretAccessKey;
  const client = await createS3Client({
    region: store.region,
    endpoint: store.endpoint,
    credentials: { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey },
    timeoutMs: 15_000,
  });
  await client.send(new CreateBucketCommand({ Bucket: 'bench' }));
  client.destroy();

  const image = await imageOfAbout(80 * 1024);
  const upload = await imageOfAbout(80 * 1024);
  console.log(
    `Image: ${kb(image)} PNG; wrk, 1 thread, 50 connections, ${SECONDS} s per run, best of ${ROUNDS}.`,
  );
  console.log(`Machine: ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} at start.\n`);

  const embedded = await startChild(children, ['--import', 'tsx', child, join(work, 'embedded')]);
  const replicas = await Promise.all(
    [1, 2].map((i) =>
      startChild(children, [
        '--import',
        'tsx',
        child,
        join(work, `replica-${i}`),
        databaseUrl,
        's3://bench/images/',
      ]),
    ),
  );
  const proxy = async (name: string, upstreams: string[]) =>
    (
      await startNginx({
        dir: join(work, name),
        http: `access_log off;
  keepalive_requests 100000;
  upstream app { ${upstreams.map((u) => `server ${new URL(u).host};`).join(' ')} keepalive 64; }`,
        server: `client_max_body_size 25m;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }`,
        readyPath: '/',
        children,
      })
    ).url;
  const viaNginx = {
    embedded: await proxy('nginx-embedded', [embedded.url]),
    one: await proxy('nginx-one', [replicas[0]!.url]),
    two: await proxy(
      'nginx-two',
      replicas.map((r) => r.url),
    ),
  };
  await chmod(work, 0o755); // nginx's workers must get through to the file
  const staticNginx = await startFileNginx(join(work, 'nginx-static'), { 'image.png': image }, children);

  const path = (url: string) => new URL(url).pathname;
  const local = path((await uploadOnce(embedded.url, image)).url);
  const shared = path((await uploadOnce(replicas[0]!.url, image)).url);
  const setups: [string, string][] = [
    ['nginx, the file itself (ceiling)', `${staticNginx}/image.png`],
    ['embedded, direct', `${embedded.url}${local}`],
    ['embedded behind nginx', `${viaNginx.embedded}${local}`],
    ['1 replica (PostgreSQL + S3) behind nginx', `${viaNginx.one}${shared}`],
    ['2 replicas (PostgreSQL + S3) behind nginx', `${viaNginx.two}${shared}`],
  ];
  for (const [, url] of setups) await wrk(url, { seconds: 2 }); // warm caches and connections
  const figures = new Map<string, Figures>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, url] of setups) figures.set(name, best(figures.get(name), await wrk(url)));
  }
  console.log(`GET ${kb(image)}:`);
  printTable(setups.map(([name]) => [name, figures.get(name)!]));
  const rps = (name: string) => figures.get(name)!.rps;
  console.log(
    `2 replicas / 1 replica ${(rps(setups[4]![0]) / rps(setups[3]![0])).toFixed(2)}; ` +
      `2 replicas / embedded behind nginx ${(rps(setups[4]![0]) / rps(setups[2]![0])).toFixed(2)}; ` +
      `the ceiling is ${(rps(setups[0]![0]) / Math.max(...setups.slice(1).map(([n]) => rps(n)))).toFixed(1)}× the best server, so wrk is not what saturates.\n`,
  );

  console.log(`Uploads (POST /api/upload of ${kb(upload)}, 10 connections):`);
  printTable([
    ['embedded, direct', await wrkUpload(embedded.url, upload, work)],
    ['1 replica behind nginx', await wrkUpload(viaNginx.one, upload, work)],
    ['2 replicas behind nginx', await wrkUpload(viaNginx.two, upload, work)],
  ]);
} finally {
  for (const c of children) c.stdin?.end();
  for (const c of children) c.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  await Promise.all([stopS3(s3Home).catch(() => {}), stopPg(pgHome).catch(() => {})]);
  await rm(work, { recursive: true, force: true });
}
