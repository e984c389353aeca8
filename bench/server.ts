// Benchmark of the Shotlink server (run: `npx tsx bench/server.ts`; needs Debian's `wrk` and `nginx`).
//
// 1. Serving: requests per second and latency percentiles for GET of a ~430 KB and a ~80 KB screenshot
//    over loopback at 50 connections, measured with wrk, beside nginx (1 worker, sendfile) and a bare
//    Node http server (the ceiling of Node itself) serving the same files in the same run. Target:
//    Shotlink ≥ 0.8 × nginx on both files.
// 2. The same with 200 slow readers in the background (each stalled on a 13 MB image), and the
//    Shotlink server's memory (RSS) before and under them.
// 3. Uploads per second: POST /api/upload of the 430 KB image (sniffed, decoded once, fsynced).
//
// Every server runs in its own process; wrk runs with one thread so that it does not saturate before
// the servers do (the check: nginx's figure is well above Shotlink's would-be ceiling). Rounds
// alternate between servers; each keeps its best. Options: BENCH_SECONDS per round (default 8).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild } from './children.ts';
import {
  best,
  CONNECTIONS,
  imageOfAbout,
  kb,
  mb,
  printTable,
  SECONDS,
  uploadOnce,
  wrk,
  wrkUpload,
  type Figures,
} from './load.ts';
import { startFileNginx } from '../test/support/nginx.ts';

const SLOW_READERS = 200;
const ROUNDS = 2;

async function main(): Promise<void> {
  if (spawnSync('wrk', ['--version']).error) throw new Error('wrk is not installed: apt-get install wrk');
  const work = await mkdtemp(join(tmpdir(), 'shotlink-bench-'));
  const children: ChildProcess[] = [];
  try {
    const large = await imageOfAbout(430 * 1024);
    const small = await imageOfAbout(80 * 1024);
    const huge = await imageOfAbout(13 * 1024 * 1024);
    console.log(
      `Images: ${kb(large)} and ${kb(small)} PNG; wrk, 1 thread, ${CONNECTIONS} connections, ${SECONDS} s per run.`,
    );
    console.log(`Machine: ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} at start.\n`);

    const shotlink = await startChild(children, [
      '--import',
      'tsx',
      bench('server-child.ts'),
      join(work, 'home'),
    ]);
    const served = {
      large: (await uploadOnce(shotlink.url, large)).url,
      small: (await uploadOnce(shotlink.url, small)).url,
      huge: (await uploadOnce(shotlink.url, huge)).url,
    };
    const files = join(work, 'files');
    await mkdir(files, { recursive: true });
    await writeFile(join(files, 'large.png'), large);
    await writeFile(join(files, 'small.png'), small);
    const node = await startChild(children, [
      '--import',
      'tsx',
      bench('node-baseline-child.ts'),
      join(files, 'large.png'),
      join(files, 'small.png'),
    ]);
    await chmod(work, 0o755); // nginx's workers must get through to the files
    const nginx = await startFileNginx(
      join(work, 'nginx'),
      { 'large.png': large, 'small.png': small },
      children,
    );

    for (const [label, ours, nodeUrl, nginxUrl] of [
      [`GET ${kb(large)}`, served.large, `${node.url}/large.png`, `${nginx}/large.png`],
      [`GET ${kb(small)}`, served.small, `${node.url}/small.png`, `${nginx}/small.png`],
    ] as const) {
      console.log(`${label}:`);
      await compare(ours, nodeUrl, nginxUrl);
    }

    console.log(`\nGET ${kb(large)} with ${SLOW_READERS} slow readers stalled on a ${kb(huge)} image:`);
    const before = rssOf(shotlink.child.pid!);
    const readers = await stallReaders(served.huge, SLOW_READERS);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const under = rssOf(shotlink.child.pid!);
    await compare(served.large, `${node.url}/large.png`, `${nginx}/large.png`);
    const after = rssOf(shotlink.child.pid!);
    for (const reader of readers) reader.destroy();
    console.log(
      `Shotlink server RSS: ${mb(before)} before, ${mb(under)} with the readers, ${mb(after)} after the run ` +
        `(reading each ${kb(huge)} file whole would need ${mb(SLOW_READERS * huge.length)}).`,
    );

    console.log(`\nUploads (POST /api/upload of ${kb(large)}, 10 connections):`);
    const uploads = await wrkUpload(shotlink.url, large, work);
    printTable([['Shotlink uploads', uploads]]);
  } finally {
    for (const child of children) child.stdin?.end();
    for (const child of children) child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await rm(work, { recursive: true, force: true });
  }
}

async function compare(ours: string, nodeUrl: string, nginxUrl: string): Promise<void> {
  // Warm-up (JIT, caches), then alternating rounds, each server keeping its best.
  for (const url of [ours, nodeUrl, nginxUrl]) await wrk(url, { seconds: 2 });
  let shotlink: Figures | undefined;
  let node: Figures | undefined;
  let nginx: Figures | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    shotlink = best(shotlink, await wrk(ours));
    node = best(node, await wrk(nodeUrl));
    nginx = best(nginx, await wrk(nginxUrl));
  }
  printTable([
    ['Shotlink server', shotlink!],
    ['bare Node http (ceiling)', node!],
    ['nginx (1 worker, sendfile)', nginx!],
  ]);
  const ratio = shotlink!.rps / nginx!.rps;
  console.log(
    `Ratio Shotlink / nginx ${ratio.toFixed(2)} (target ≥ 0.80) ${ratio >= 0.8 ? 'MET' : 'NOT MET'}; ` +
      `bare Node / nginx ${(node!.rps / nginx!.rps).toFixed(2)}; Shotlink / bare Node ${(shotlink!.rps / node!.rps).toFixed(2)}\n`,
  );
}

/** Opens `count` connections that ask for `url` and never read the answer. */
async function stallReaders(url: string, count: number): Promise<Socket[]> {
  const { hostname, port, pathname } = new URL(url);
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect(Number(port), hostname, () => {
            socket.write(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`);
            socket.pause();
            resolve(socket);
          });
          socket.on('error', reject);
        }),
    ),
  );
}

function rssOf(pid: number): number {
  const status = spawnSync('cat', [`/proc/${pid}/status`]).stdout.toString();
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

const bench = (file: string) => fileURLToPath(new URL(`./${file}`, import.meta.url));

await main();
