// How fast `shotlink` starts (run: `npx tsx bench/cli-start.ts`), measured with hyperfine (Debian's)
// beside the bare Node start `node -e 0` in the same run: `--version`, `history` over 500 recorded
// uploads, and `upload` of a file that is refused (not an image). The CLI is built first, so this measures
// what `npm ci` leaves people with. Targets (from the issue): --version ≤ 2×, history ≤ 3×, refused ≤ 4×.
// Options: BENCH_RUNS (default 30).
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../src-main/cli/build-cli.js';
import { historyEntry } from '../test/support/history-entries.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const BIN = fileURLToPath(new URL('../src-main/cli/bin.js', import.meta.url));

interface HyperfineResult {
  command: string;
  median: number;
}

const dir = await mkdtemp(join(tmpdir(), 'shotlink-cli-bench-'));
try {
  await buildCli({ quiet: true });
  const home = join(dir, 'home');
  const entries = Array.from({ length: 500 }, (_, i) => historyEntry(`bench${String(i).padStart(4, '0')}`));
  await mkdir(home, { recursive: true });
  await writeFile(join(home, 'history.json'), JSON.stringify({ entries }));
  const notAnImage = join(dir, 'notes.txt');
  await writeFile(notAnImage, 'not an image\n');

  const cases = [
    { name: 'node -e 0', command: `node -e 0`, target: null },
    { name: 'shotlink --version', command: `node ${BIN} --version`, target: 2 },
    { name: 'shotlink history (500 entries)', command: `node ${BIN} history`, target: 3 },
    { name: 'shotlink upload (refused file)', command: `node ${BIN} upload ${notAnImage}`, target: 4 },
  ];
  const json = join(dir, 'hyperfine.json');
  execFileSync(
    'hyperfine',
    [
      '-N',
      '-i',
      '--warmup',
      '3',
      '--runs',
      String(RUNS),
      '--export-json',
      json,
      ...cases.map((c) => c.command),
    ],
    { env: { ...process.env, SHOTLINK_HOME: home }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const results = (JSON.parse(await readFile(json, 'utf8')) as { results: HyperfineResult[] }).results;
  const baseline = results[0]!.median;
  console.log(`\nCLI start, medians of ${RUNS} runs (hyperfine), beside \`node -e 0\` in the same run:`);
  for (const [i, c] of cases.entries()) {
    const ms = results[i]!.median * 1000;
    const ratio = results[i]!.median / baseline;
    const verdict =
      c.target === null ? 'baseline' : ratio <= c.target ? `≤ ${c.target}× ✓` : `> ${c.target}× ✗`;
    console.log(`  ${c.name.padEnd(34)} ${ms.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}×  ${verdict}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
