// Capture to link on a LAN (run: `npx tsx bench/lan-upload.ts`): a 4K screenshot through the whole
// pipeline (intake, optimize or not, upload, record) to a Shotlink server on this machine, sent as it is
// (the default for a server on this network: metadata stripped, no re-encode) beside optimized first
// (`sendAsIsOnLan` off), in alternating runs, medians printed with the bytes sent. Then the path people
// time: the `shotlink upload` command as installed (bin.js, the bundle) beside `curl -F` of the same file
// to the same server, timed by hyperfine in alternating rounds, medians and their ratio (target ≤ 3×),
// with the machine's load (and, apart, the CLI without this sandbox's NODE_EXTRA_CA_CERTS). The server
// runs in its own process. Options: BENCH_RUNS (default 7),
// BENCH_ROUNDS (default 4), BENCH_CLI_ONLY=1 (only the CLI beside curl).
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type OverlayOptions } from 'sharp';
import { createCore } from '../src-main/core/create-core.ts';
import { uploadImage } from '../src-main/core/pipeline.ts';
import { startChild } from './children.ts';
import { createMemoryStore } from '../src-main/core/secrets/memory-store.ts';
import { packageFiles } from '../src-main/core/package-files.js';
import { TOKEN } from './load.ts';
import { median } from './median.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** Rounds of the CLI beside curl: each times both commands RUNS times with hyperfine. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

/** A 3840 × 2160 screenshot of an app: bars, a sidebar, lines of "text", a photo-like panel. */
async function screenshot4k(): Promise<Buffer> {
  const [width, height] = [3840, 2160];
  const overlays: OverlayOptions[] = [
    { input: { create: { width, height: 96, channels: 3, background: '#2b2d31' } }, top: 0, left: 0 },
    {
      input: { create: { width: 620, height: height - 96, channels: 3, background: '#f1f3f5' } },
      top: 96,
      left: 0,
    },
    {
      input: {
        create: {
          width: 1100,
          height: 700,
          channels: 3,
          background: '#777',
          noise: { type: 'gaussian', mean: 120, sigma: 30 },
        },
      },
      top: 1300,
      left: 2500,
    },
  ];
  for (let line = 0; line < 90; line++) {
    overlays.push({
      input: {
        create: {
          width: 900 + ((line * 379) % 1800),
          height: 14,
          channels: 3,
          background: line % 7 ? '#202124' : '#1a73e8',
        },
      },
      top: 150 + line * 22,
      left: 700,
    });
  }
  return sharp({ create: { width, height, channels: 3, background: '#fff' } })
    .composite(overlays)
    .png()
    .toBuffer();
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'shotlink-lan-'));
  const children: ChildProcess[] = [];
  const server = await startChild(children, [
    '--import',
    'tsx',
    fileURLToPath(new URL('./server-child.ts', import.meta.url)),
    join(work, 'server'),
  ]);
  try {
    const shot = await screenshot4k();
    if (!process.env.BENCH_CLI_ONLY) await asIsBesideOptimized(work, shot, server.url);
    await cliBesideCurl(work, shot, server.url);
  } finally {
    server.child.kill('SIGTERM');
    await rm(work, { recursive: true, force: true });
  }
}

/** The pipeline in this process: sent as it is beside optimized first, alternating. */
async function asIsBesideOptimized(work: string, shot: Buffer, serverUrl: string): Promise<void> {
  const core = createCore({ home: join(work, 'client'), env: {}, secrets: createMemoryStore() });
  core.settings.set({ provider: 'server', tier: 'default', hosts: { serverUrl } });
  await core.secrets.set('shotlink-server-token', TOKEN);
  const times: Record<'asIs' | 'optimized', number[]> = { asIs: [], optimized: [] };
  const bytes: Record<'asIs' | 'optimized', number> = { asIs: 0, optimized: 0 };
  let key = 0;
  const run = async (mode: 'asIs' | 'optimized') => {
    core.settings.set({ sendAsIsOnLan: mode === 'asIs' });
    const started = performance.now();
    const entry = await uploadImage(core, {
      bytes: shot,
      fileName: 'shot-4k.png',
      providerId: 'server',
      tierId: 'default',
      uploadKey: `bench-${key++}`,
    });
    times[mode].push(performance.now() - started);
    bytes[mode] = entry.bytes;
  };
  await run('asIs'); // warm-up: JIT, sharp's threads, the server's first write
  await run('optimized');
  times.asIs.length = times.optimized.length = 0;
  for (let i = 0; i < RUNS; i++) {
    await run('asIs');
    await run('optimized');
  }
  const [asIs, optimized] = [median(times.asIs), median(times.optimized)];
  console.log(
    `4K screenshot (${shot.length} bytes PNG) to a Shotlink server on this machine, ${RUNS} runs each:`,
  );
  console.log(`  sent as it is (default on a LAN): median ${asIs.toFixed(0)} ms, ${bytes.asIs} bytes sent`);
  console.log(
    `  optimized first:                  median ${optimized.toFixed(0)} ms, ${bytes.optimized} bytes sent`,
  );
  console.log(
    `  ratio ${(asIs / optimized).toFixed(2)} of the time for ${(bytes.asIs / bytes.optimized).toFixed(2)}× the bytes; ` +
      `the bytes saved pay for the encode only below ${(((bytes.asIs - bytes.optimized) * 8) / ((optimized - asIs) / 1000) / 1e6).toFixed(1)} Mbit/s`,
  );
}

/**
 * `shotlink upload` as a person runs it, and `curl -F`, against one server: hyperfine times both in each
 * round (which goes first alternates), and the medians over all rounds are compared. The machine's load
 * is printed with them: on a shared machine it is the ratio from the same run that counts.
 */
async function cliBesideCurl(work: string, shot: Buffer, serverUrl: string): Promise<void> {
  const file = join(work, 'shot-4k.png');
  await writeFile(file, shot);
  const home = join(work, 'cli');
  const env = { ...process.env, SHOTLINK_HOME: home, SHOTLINK_SERVER_TOKEN: TOKEN };
  const bin = join(packageFiles.root, 'src-main', 'cli', 'bin.js');
  const shotlink = (...args: string[]) =>
    execFileSync(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  shotlink('config', 'set', 'provider', 'server');
  shotlink('config', 'set', 'tier', 'default');
  shotlink('config', 'set', 'hosts.serverUrl', serverUrl);
  // This machine sets NODE_EXTRA_CA_CERTS, so every Node process reads a CA bundle at start (about 40 ms
  // here), which a person's desktop normally does not: the run without it is timed too, and printed
  // apart. The ratio that counts is the one with the environment as it is.
  const extraCa = process.env.NODE_EXTRA_CA_CERTS;
  const commands: Record<string, string> = {
    shotlink: `${process.execPath} ${bin} upload ${file}`,
    curl: `curl -sf -o /dev/null -F image=@${file} -H 'Authorization: Bearer ${TOKEN}' ${serverUrl}/api/upload`,
    ...(extraCa && { shotlinkNoCa: `env -u NODE_EXTRA_CA_CERTS ${process.execPath} ${bin} upload ${file}` }),
  };
  const names = Object.keys(commands);
  const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  const loadBefore = loadavg()[0]!;
  for (let round = 0; round < ROUNDS; round++) {
    // Which goes first turns with each round.
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    const json = join(work, `round-${round}.json`);
    execFileSync(
      'hyperfine',
      [
        '-N',
        '--warmup',
        '1',
        '--runs',
        String(RUNS),
        '--export-json',
        json,
        ...order.map((name) => commands[name]!),
      ],
      { env, stdio: 'ignore' },
    );
    const { results } = JSON.parse(await readFile(json, 'utf8')) as { results: { times: number[] }[] };
    order.forEach((name, i) => times[name]!.push(...results[i]!.times.map((seconds) => seconds * 1000)));
  }
  const [cli, curl] = [median(times.shotlink!), median(times.curl!)];
  const ratio = cli / curl;
  console.log(
    `\nThe same file with \`shotlink upload\` (bundled CLI, a new process each time) and \`curl -F\`, hyperfine, ` +
      `${ROUNDS} alternating rounds of ${RUNS} runs each (load average ${loadBefore.toFixed(2)} before, ` +
      `${loadavg()[0]!.toFixed(2)} after, ${cpus().length} cores):`,
  );
  console.log(`  shotlink upload: median ${cli.toFixed(0)} ms`);
  console.log(`  curl -F:         median ${curl.toFixed(0)} ms`);
  console.log(`  ratio ${ratio.toFixed(2)}× (target ≤ 3×) ${ratio <= 3 ? '✓' : '✗'}`);
  if (times.shotlinkNoCa) {
    const noCa = median(times.shotlinkNoCa);
    console.log(
      `  shotlink upload without this machine's NODE_EXTRA_CA_CERTS (${extraCa}), as on a desktop: ` +
        `median ${noCa.toFixed(0)} ms, ${(noCa / curl).toFixed(2)}× curl (for comparison only)`,
    );
  }
}

await main();
