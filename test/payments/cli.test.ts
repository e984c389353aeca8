// The paid tiers from the real `shotlink` command (a child process, no terminal) against the local x402
// servers: --yes is required to pay, refusals exit 5 with a message a person can act on, and
// `shotlink payments` lists the ledger.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { NETWORKS } from '../../src-main/core/payments/networks.ts';
import { startFakeX402V1 } from '../support/fake-x402-v1.ts';
import { startFakeX402V2, FAKE_PAY_TO, type FakeX402Host } from '../support/fake-x402-v2.ts';
import { screenshotPng } from '../cli/fixtures.ts';
import { runCli } from '../cli/run-cli.ts';

let dir: string;
let host: FakeX402Host | undefined;
let env: NodeJS.ProcessEnv;
const key = generatePrivateKey();
const payer = privateKeyToAccount(key).address;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shotlink-paycli-'));
  await writeFile(join(dir, 'shot.png'), await screenshotPng(320, 200));
});
afterEach(async () => {
  await host?.close();
  host = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function serve(start: typeof startFakeX402V2, options: Parameters<typeof startFakeX402V2>[0] = {}) {
  host = await start(options);
  host.chain.fund(NETWORKS.base.usdc, payer, 10_000_000n);
  env = { SHOTLINK_HOME: join(dir, 'data'), SHOTLINK_IMG402_URL: host.url, SHOTLINK_WALLET_KEY: key };
  return host;
}
const shotlink = (...args: string[]) => runCli(args, { env, cwd: dir });
// Each run of the command starts tsx on a busy machine: seconds, not milliseconds.
const SLOW = { timeout: 180_000 };

describe.each([
  ['v1', startFakeX402V1],
  ['v2', startFakeX402V2],
] as const)('shotlink upload to a paid img402 tier (x402 %s)', (_version, start) => {
  it('needs --yes without a terminal, then pays once and prints the link', SLOW, async () => {
    const server = await serve(start);
    const refused = await shotlink('upload', '--provider', 'img402', '--tier', '1y', 'shot.png');
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(
      /costs 0\.01 USDC on Base to 0x[0-9a-fA-F]{40}.*Pass --yes.*Nothing was signed/s,
    );
    expect(server.paymentHeadersSeen()).toBe(0);

    const paid = await shotlink(
      'upload',
      '--provider',
      'img402',
      '--tier',
      'permanent',
      '--yes',
      '--format',
      'url',
      'shot.png',
    );
    expect(paid.stderr).not.toContain(key.slice(2));
    expect(paid.code).toBe(0);
    expect(paid.stdout).toBe(`${server.img402.uploads[0]!.url}\n`);
    expect(server.chain.transfers).toHaveLength(1);
    expect(server.chain.transfers[0]!.value).toBe(1_000_000n);

    const listed = await shotlink('payments', '--json');
    expect(listed.code).toBe(0);
    const records = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toEqual([
      expect.objectContaining({
        tier: 'permanent',
        amountAtomic: '1000000',
        payer,
        payTo: FAKE_PAY_TO,
        usedAt: expect.any(String),
      }),
    ]);
    const text = await shotlink('payments');
    expect(text.stdout).toMatch(
      /img402\/permanent {2}1\.00 USDC {2}base {2}to 0x.* {2}used {2}tx 0x[0-9a-f]{64}/,
    );
  });

  it('refuses a server asking 5 USDC: exit 5, a clear message, nothing signed', SLOW, async () => {
    const server = await serve(start, { prices: { '1y': '5000000' } });
    const result = await shotlink('upload', '-p', 'img402', '-t', '1y', '--yes', 'shot.png');
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(
      /Refused to pay img402: it asks for 5\.00 USDC, but the 1 year tier costs 0\.01 USDC\. Nothing was signed\./,
    );
    expect(server.paymentHeadersSeen()).toBe(0);
    expect(server.img402.uploads).toEqual([]);
  });
});

/**
 * Runs `shotlink` on a real terminal (a pseudo-terminal from util-linux `script`) and types `answer`
 * once the question has appeared: the person at the keyboard, with no timing involved.
 */
function onTerminal(args: string[], answer: string): Promise<{ code: number; output: string }> {
  const bin = fileURLToPath(new URL('../../src-main/cli/bin.js', import.meta.url));
  const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, bin, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'dumb', ...env },
    });
    let output = '';
    let answered = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!answered && output.includes('[y/N]')) {
        answered = true;
        child.stdin.write(`${answer}\r`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      child.stdin.end();
      resolve({ code: code ?? -1, output });
    });
  });
}

describe.skipIf(process.platform === 'win32')('shotlink upload on a terminal', () => {
  it('asks before paying; "no" exits 5 with nothing signed, "yes" pays once', SLOW, async () => {
    const server = await serve(startFakeX402V2);
    const declined = await onTerminal(['upload', '-p', 'img402', '-t', '1y', 'shot.png'], 'n');
    expect(declined.output).toMatch(
      /Pay 0\.01 USDC on Base to 0x[0-9a-fA-F]{40} to upload shot\.png to img402 \(1y tier\)\? \[y\/N\]/,
    );
    expect(declined.output).toMatch(/Payment declined\. Nothing was signed or paid\./);
    expect(declined.code).toBe(5);
    expect(server.paymentHeadersSeen()).toBe(0);

    const accepted = await onTerminal(['upload', '-p', 'img402', '-t', '1y', '-f', 'url', 'shot.png'], 'y');
    expect(accepted.code).toBe(0);
    expect(accepted.output).toContain(server.img402.uploads[0]!.url);
    expect(server.chain.transfers).toHaveLength(1);
  });
});

describe('the daily cap across processes', () => {
  it(
    'twelve parallel `upload --tier 1y --yes` runs with a cap of two payments sign exactly two',
    SLOW,
    async () => {
      const server = await serve(startFakeX402V2);
      const capped = await shotlink('config', 'set', 'payments.dailyCapUsdc', '0.02');
      expect(capped.code).toBe(0);
      const files = await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          const name = `shot-${i}.png`;
          await writeFile(join(dir, name), await screenshotPng(320 + i, 200));
          return name;
        }),
      );
      const runs = await Promise.all(
        files.map((file) => shotlink('upload', '--provider', 'img402', '--tier', '1y', '--yes', file)),
      );

      expect(runs.filter((run) => run.code === 0)).toHaveLength(2);
      const refused = runs.filter((run) => run.code === 5);
      expect(refused).toHaveLength(10);
      for (const run of refused)
        expect(run.stderr).toMatch(/would exceed the daily cap of 0\.02 USDC.*Nothing was signed/);
      expect(server.paymentHeadersSeen()).toBe(2);
      expect(server.chain.transfers).toHaveLength(2);
      // The ledger holds the two payments and no reservation left over.
      const listed = await shotlink('payments', '--json');
      expect(listed.stdout.trimEnd().split('\n')).toHaveLength(2);
    },
  );
});
