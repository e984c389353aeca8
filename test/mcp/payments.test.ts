// Agents and money, through the real protocol against the official x402 middleware (fake-x402-v2):
// paid tiers only within the budget the user set for agents, counted in the same ledger as every
// payment and marked as made through MCP; and a client that retries after `shotlink mcp` was killed
// (SIGKILL at a step boundary, SHOTLINK_FAILPOINT) gets one upload and one payment, never two.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NETWORKS } from '../../src-main/core/payments/networks.ts';
import { createSettingsStore } from '../../src-main/core/store/settings-store.ts';
import { startFakeX402V2, type FakeX402Host } from '../support/fake-x402-v2.ts';
import { screenshotPng } from '../cli/fixtures.ts';
import { runCli } from '../cli/run-cli.ts';
import { startMcp, textOf, type McpSession } from './mcp-client.ts';

const SLOW = { timeout: 240_000 };
const key = generatePrivateKey();
const payer = privateKeyToAccount(key).address;

let dir: string;
let home: string;
let project: string;
let host: FakeX402Host;
let env: NodeJS.ProcessEnv;
const sessions: McpSession[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shotlink-mcp-pay-'));
  home = join(dir, 'data');
  project = join(dir, 'project');
  await mkdir(project, { recursive: true });
  for (const [name, width] of [
    ['a.png', 400],
    ['b.png', 420],
    ['c.png', 440],
  ] as const) {
    await writeFile(join(project, name), await screenshotPng(width, 240));
  }
  host = await startFakeX402V2();
  host.chain.fund(NETWORKS.base.usdc, payer, 10_000_000n);
  env = { SHOTLINK_HOME: home, SHOTLINK_IMG402_URL: host.url, SHOTLINK_WALLET_KEY: key };
  createSettingsStore(home, {}).set({
    // Asking before paying stays on: for agents, the budget is the user's answer.
    agents: { hosts: ['img402'], publicLinks: true, budgetUsdc: '0.02' },
  });
});
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close().catch(() => {})));
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

const mcp = async (extra: NodeJS.ProcessEnv = {}) => {
  const session = await startMcp({ env: { ...env, ...extra }, cwd: project });
  sessions.push(session);
  return session;
};
/** The ledger as `shotlink payments --json` shows it to the user. */
async function ledgerRecords(): Promise<Record<string, unknown>[]> {
  const { stdout } = await runCli(['payments', '--json'], { env, cwd: dir });
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('shotlink mcp: paid tiers within the agents budget', SLOW, () => {
  it('pays within the budget without asking, records the payment as made through MCP, and refuses past it', async () => {
    const s = await mcp();
    const first = await s.call('upload_image', { path: 'a.png', tier: '1y' });
    expect(first.isError, textOf(first)).toBeFalsy();
    expect(first.structuredContent).toMatchObject({ paid: true, tier: '1y' });
    const second = await s.call('upload_image', { path: 'b.png', tier: '1y' });
    expect(second.isError, textOf(second)).toBeFalsy();
    expect(host.chain.transfers).toHaveLength(2);

    const third = await s.call('upload_image', { path: 'c.png', tier: '1y' });
    expect(third.isError).toBe(true);
    expect(textOf(third)).toMatch(
      /exceed the agents' budget of 0\.02 USDC a day \(0\.02 USDC already paid by agents/,
    );
    expect(host.chain.transfers).toHaveLength(2);
    expect(host.img402.uploads).toHaveLength(2);
    expect(await ledgerRecords()).toEqual([
      expect.objectContaining({ via: 'mcp', amountAtomic: '10000' }),
      expect.objectContaining({ via: 'mcp', amountAtomic: '10000' }),
    ]);
    // The user's `shotlink payments` names them.
    const listed = await runCli(['payments'], { env, cwd: dir });
    expect(listed.stdout.match(/by an agent \(MCP\)/g)).toHaveLength(2);
  });

  it('stays under the daily cap shared with every other payment', async () => {
    createSettingsStore(home, {}).set({ payments: { dailyCapUsdc: '0.01' }, agents: { budgetUsdc: '1' } });
    // The user paid 0.01 USDC from the CLI today: the cap is spent, whatever the agents' budget.
    const user = await runCli(['upload', '-p', 'img402', '-t', '1y', '--yes', 'a.png'], {
      env,
      cwd: project,
    });
    expect(user.code, user.stderr).toBe(0);
    const s = await mcp();
    const refused = await s.call('upload_image', { path: 'b.png', tier: '1y' });
    expect(textOf(refused)).toMatch(/would exceed the daily cap of 0\.01 USDC/);
    expect(host.chain.transfers).toHaveLength(1);
  });
});

describe('shotlink mcp: a client retrying after the server was killed', SLOW, () => {
  it.each(['after-payment', 'after-answer', 'after-record'] as const)(
    'killed %s: the retry uploads once and pays once',
    async (failpoint) => {
      const dying = await mcp({ SHOTLINK_FAILPOINT: failpoint });
      await expect(dying.call('upload_image', { path: 'a.png', tier: '1y' })).rejects.toThrow();
      const uploadsBefore = host.img402.uploads.length;
      expect(host.chain.transfers).toHaveLength(1);

      // The client starts the server again and retries the same call.
      const s = await mcp();
      const retried = await s.call('upload_image', { path: 'a.png', tier: '1y' });
      expect(retried.isError, textOf(retried)).toBeFalsy();
      expect(host.chain.transfers).toHaveLength(1);
      expect(host.img402.uploads).toHaveLength(failpoint === 'after-payment' ? 1 : uploadsBefore);
      expect(host.img402.uploads).toHaveLength(1);
      expect((retried.structuredContent as { url: string }).url).toBe(host.img402.uploads[0]!.url);
      await s.close();
      // And once more, as a client unsure whether its retry arrived: still one of each, answered from
      // the history before the image is read again (this server's OCR would give up after 1 ms).
      const quick = await mcp({ SHOTLINK_OCR_TIMEOUT_MS: '1' });
      const again = await quick.call('upload_image', { path: 'a.png', tier: '1y' });
      expect(again.isError, textOf(again)).toBeFalsy();
      expect(again.structuredContent).toMatchObject({
        repeated: true,
        url: host.img402.uploads[0]!.url,
        redaction: {
          checked: true,
          summary: 'nothing found when first uploaded (not read again)',
          covered: [],
        },
      });
      expect(host.chain.transfers).toHaveLength(1);
      expect(host.img402.uploads).toHaveLength(1);
      const listed = (await quick.call('list_uploads', {})).structuredContent as { uploads: unknown[] };
      expect(listed.uploads).toHaveLength(1);
    },
  );
});
