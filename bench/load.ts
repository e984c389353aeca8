// What the server benchmarks share: wrk runs and their figures, test images, one upload, a table.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

export const TOKEN = 'bench-token-0123456789abcdef';
/** Seconds per wrk run (BENCH_SECONDS, default 8) and connections per run. */
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
export const CONNECTIONS = 50;

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  mbs: number;
  errors: number;
}

/** One wrk run (one thread); `script` is a Lua file that shapes the requests (the uploads). */
export function wrk(
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
export function parseWrk(out: string): Figures {
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

export async function wrkUpload(base: string, image: Buffer, work: string): Promise<Figures> {
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

export const kb = (bytes: Buffer | number) =>
  `${Math.round((typeof bytes === 'number' ? bytes : bytes.length) / 1024)} KB`;
export const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export function best(current: Figures | undefined, next: Figures): Figures {
  return current && current.rps >= next.rps ? current : next;
}

/** Noise does not compress: a PNG of noise sized to about `bytes`. */
export async function imageOfAbout(bytes: number): Promise<Buffer> {
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

export async function uploadOnce(base: string, image: Buffer): Promise<{ url: string }> {
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

export function printTable(rows: [string, Figures][]): void {
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
