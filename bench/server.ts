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
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { startChild } from './children.ts';
import { startNginx } from '../test/support/nginx.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 50;
const SLOW_READERS = 200;
const TOKEN = 'bench-token-0123456789abcdef';
const ROUNDS = 2;

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  mbs: number;
  errors: number;
}

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
    const nginx = await startStaticNginx(work, { 'large.png': large, 'small.png': small }, children);

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

/** One wrk run (one thread); `script` is a Lua file that shapes the requests (the uploads). */
function wrk(
  url: string,
  {
    seconds = SECONDS,
    connections = CONNECTIONS,
    script,
  }: { seconds?: number; connections?: number; script?: string } = {},
): Promise<Figures> {
  const extra = script ? ['-s', script] : [];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', ...extra, url]);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve(parseWrk(out)));
  });
}

/** wrk's text report: Requests/sec, Transfer/sec, the 50% and 99% latency lines, socket errors, non-2xx. */
function parseWrk(out: string): Figures {
  const number = (pattern: RegExp) => Number(pattern.exec(out)?.[1] ?? 0);
  const latency = (percent: string) => {
    const match = new RegExp(`\\s${percent}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    if (!match) return 0;
    const value = Number(match[1]);
    return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
  };
  const transfer = /Transfer\/sec:\s+([\d.]+)(KB|MB|GB)/.exec(out);
  const mbs = transfer
    ? Number(transfer[1]) * (transfer[2] === 'GB' ? 1024 : transfer[2] === 'KB' ? 1 / 1024 : 1)
    : 0;
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors =
    (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0) +
    number(/Non-2xx or 3xx responses: (\d+)/);
  return { rps: number(/Requests\/sec:\s+([\d.]+)/), p50: latency('50'), p99: latency('99'), mbs, errors };
}

async function wrkUpload(base: string, image: Buffer, work: string): Promise<Figures> {
  const boundary = 'shotlinkbenchboundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="expires"\r\n\r\n1h\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="bench.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    image,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const bodyPath = join(work, 'upload.body');
  await writeFile(bodyPath, body);
  const script = join(work, 'upload.lua');
  await writeFile(
    script,
    `local f = io.open("${bodyPath}", "rb")
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Authorization"] = "Bearer ${TOKEN}"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=${boundary}"
`,
  );
  return wrk(`${base}/api/upload`, { connections: 10, script });
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

const kb = (bytes: Buffer | number) =>
  `${Math.round((typeof bytes === 'number' ? bytes : bytes.length) / 1024)} KB`;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const bench = (file: string) => fileURLToPath(new URL(`./${file}`, import.meta.url));

function best(current: Figures | undefined, next: Figures): Figures {
  return current && current.rps >= next.rps ? current : next;
}

/** Noise does not compress: a PNG of noise sized to about `bytes`. */
async function imageOfAbout(bytes: number): Promise<Buffer> {
  const side = Math.round(Math.sqrt(bytes / 3));
  return sharp({
    create: {
      width: side,
      height: side,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 50 },
    },
  })
    .png({ compressionLevel: 9 })
    .toBuffer();
}

async function uploadOnce(base: string, image: Buffer): Promise<{ url: string }> {
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(image)], { type: 'image/png' }), 'bench.png');
  const response = await fetch(`${base}/api/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
    body: form,
  });
  if (response.status !== 201) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { url: string };
}

async function startStaticNginx(
  work: string,
  files: Record<string, Buffer>,
  children: ChildProcess[],
): Promise<string> {
  const root = join(work, 'nginx');
  await mkdir(join(root, 'html'), { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(root, 'html', name), bytes);
  await chmod(work, 0o755);
  await chmod(join(root, 'html'), 0o755);
  const { url } = await startNginx({
    dir: root,
    http: `access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  types { image/png png; }`,
    server: `root ${root}/html;
    add_header Cache-Control "public, max-age=31536000, immutable";
    add_header X-Content-Type-Options nosniff;`,
    readyPath: '/small.png',
    children,
  });
  return url;
}

function printTable(rows: [string, Figures][]): void {
  const header = ['', 'req/s', 'p50 ms', 'p99 ms', 'MB/s', 'errors'];
  const lines = rows.map(([name, f]) => [
    name,
    f.rps.toFixed(0),
    f.p50.toFixed(2),
    f.p99.toFixed(2),
    f.mbs.toFixed(0),
    String(f.errors),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  for (const line of [header, ...lines]) {
    console.log(
      line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
    );
  }
}

await main();
