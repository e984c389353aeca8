// Benchmark of the Shotlink server (run: `npx tsx bench/server.ts`).
//
// 1. Serving: requests per second and latency percentiles for GET of one ~200 KB image over loopback
//    at 50 connections, measured with autocannon, beside nginx serving the same file in the same run
//    (when nginx is installed). Target: Shotlink ≥ 0.5 × nginx requests per second.
// 2. Uploads per second: POST /api/upload of the same image (every upload is sniffed, decoded once to
//    catch damaged files, and made durable with fsync before it is acknowledged).
//
// Both servers run in their own process, the load generator in this one. nginx runs with one worker,
// like the single Node process it is compared with. Each server gets a warm-up and two alternating
// rounds, and keeps its best. Options: BENCH_SECONDS per round (default 10).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile, chmod, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import sharp from 'sharp';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const TOKEN = 'bench-token-0123456789abcdef';
const ROUNDS = 2;

interface Figures {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  throughputMBs: number;
  errors: number;
  non2xx: number;
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'shotlink-bench-'));
  const children: ChildProcess[] = [];
  try {
    const image = await imageOfAbout(200 * 1024);
    console.log(
      `Image: ${image.length} bytes PNG; ${CONNECTIONS} connections, ${SECONDS} s per run, loopback.`,
    );
    // The load generator shares the CPUs with both servers: on a busy machine it, not the servers, may
    // set the pace, and the ratio then tends towards 1. Printed so the figures can be read in context.
    console.log(`Machine: ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} at start.\n`);

    const shotlink = await startShotlink(join(work, 'home'), children);
    const uploaded = await uploadOnce(shotlink, image);
    const shotlinkUrl = uploaded.url;

    const nginxUrl = await startNginx(work, image, children);

    console.log('Serving the image (GET):');
    // Warm-up (JIT, file cache), then rounds that alternate between the two servers so that a burst of
    // load from elsewhere on the machine hits both alike; each keeps its best round.
    await measure(shotlinkUrl, 2);
    if (nginxUrl) await measure(nginxUrl, 2);
    let ours: Figures | undefined;
    let theirs: Figures | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      ours = best(ours, await measure(shotlinkUrl));
      if (nginxUrl) theirs = best(theirs, await measure(nginxUrl));
    }
    if (!ours) throw new Error('no measurement');
    printTable([
      ['Shotlink server', ours],
      ...(theirs ? ([['nginx (1 worker, sendfile)', theirs]] as [string, Figures][]) : []),
    ]);
    if (theirs) {
      const ratio = ours.rps / theirs.rps;
      console.log(
        `\nRatio Shotlink / nginx: ${ratio.toFixed(2)} (target ≥ 0.50) ${ratio >= 0.5 ? 'MET' : 'NOT MET'}`,
      );
    } else {
      console.log('\nnginx is not installed: no baseline in this run.');
    }

    console.log('\nUploading the image (POST /api/upload, 10 connections):');
    const uploads = await measureUploads(shotlink, image);
    printTable([['Shotlink uploads', uploads]]);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await rm(work, { recursive: true, force: true });
  }
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

async function startShotlink(home: string, children: ChildProcess[]): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./server-child.ts', import.meta.url)), home],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`the Shotlink server exited (${code})`)));
  });
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

async function startNginx(
  work: string,
  image: Buffer,
  children: ChildProcess[],
): Promise<string | undefined> {
  if (spawnSync('nginx', ['-v']).error) return undefined;
  const root = join(work, 'nginx');
  await mkdir(join(root, 'html'), { recursive: true });
  await writeFile(join(root, 'html', 'image.png'), image);
  // nginx workers drop to an unprivileged user: they must be able to read the file.
  for (const dir of [work, root, join(root, 'html')]) await chmod(dir, 0o755);
  const port = await freePort();
  const config = `
worker_processes 1;
daemon off;
pid ${root}/nginx.pid;
error_log ${root}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${root}/body; proxy_temp_path ${root}/proxy; fastcgi_temp_path ${root}/fastcgi;
  uwsgi_temp_path ${root}/uwsgi; scgi_temp_path ${root}/scgi;
  types { image/png png; }
  server {
    listen 127.0.0.1:${port};
    root ${root}/html;
    add_header Cache-Control "public, max-age=31536000, immutable";
    add_header X-Content-Type-Options nosniff;
  }
}
`;
  await writeFile(join(root, 'nginx.conf'), config);
  const child = spawn('nginx', ['-p', root, '-c', join(root, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}/image.png`;
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      if ((await fetch(url)).status === 200) return url;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('nginx did not start');
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function measure(url: string, seconds = SECONDS): Promise<Figures> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds });
  return figures(result);
}

function best(current: Figures | undefined, next: Figures): Figures {
  return current && current.rps >= next.rps ? current : next;
}

async function measureUploads(base: string, image: Buffer): Promise<Figures> {
  const boundary = 'shotlinkbenchboundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="expires"\r\n\r\n1h\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="bench.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    image,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const result = await autocannon({
    url: `${base}/api/upload`,
    method: 'POST',
    connections: 10,
    duration: SECONDS,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    body,
  });
  return figures(result);
}

function figures(result: autocannon.Result): Figures {
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    throughputMBs: result.throughput.average / 1024 / 1024,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

function printTable(rows: [string, Figures][]): void {
  const header = ['', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'MB/s', 'errors', 'non-2xx'];
  const lines = rows.map(([name, f]) => [
    name,
    f.rps.toFixed(0),
    f.p50.toFixed(1),
    f.p90.toFixed(1),
    f.p99.toFixed(1),
    f.max.toFixed(0),
    f.throughputMBs.toFixed(0),
    String(f.errors),
    String(f.non2xx),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  for (const line of [header, ...lines]) {
    console.log(
      line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
    );
  }
}

await main();
