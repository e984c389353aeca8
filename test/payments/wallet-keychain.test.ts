// The wallet in a real OS keychain: gnome-keyring's Secret Service on a private D-Bus session, started by
// test/support/with-keyring.sh (`npm test` runs under it; CI must). A paid upload signs with the key from
// the keychain, and the key is in no file under SHOTLINK_HOME afterwards. Without a Secret Service the
// CLI refuses to store the key at all.
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createCore } from '../../src-main/core/create-core.ts';
import { WALLET_SECRET_ACCOUNT } from '../../src-main/core/payments/index.ts';
import { NETWORKS } from '../../src-main/core/payments/networks.ts';
import { uploadImage } from '../../src-main/core/pipeline.ts';
import { createKeytarStore } from '../../src-main/core/secrets/keytar-store.ts';
import { startFakeX402V2, type FakeX402Host } from '../support/fake-x402-v2.ts';
import { screenshotPng } from '../cli/fixtures.ts';
import { runCli } from '../cli/run-cli.ts';

const available = process.env.SHOTLINK_KEYRING_AVAILABLE === '1';
if (process.env.CI && !available) throw new Error('CI must run the keychain tests: gnome-keyring is missing');
const SLOW = { timeout: 180_000 };

let home: string;
let host: FakeX402Host | undefined;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'shotlink-keychain-'));
});
afterEach(async () => {
  await host?.close();
  host = undefined;
  rmSync(home, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function expectKeyInNoFile(dir: string, key: string): void {
  for (const file of filesUnder(dir)) {
    const text = readFileSync(file).toString('latin1').toLowerCase();
    expect(text, file).not.toContain(key.slice(2).toLowerCase());
  }
}

describe.skipIf(!available)('wallet in the real keychain', () => {
  it('pays for an upload with the keychain key, which appears in no file under SHOTLINK_HOME', async () => {
    host = await startFakeX402V2();
    const secrets = createKeytarStore(`Shotlink-test-${randomUUID()}`);
    const core = createCore({
      home,
      env: { SHOTLINK_IMG402_URL: host.url },
      secrets,
      confirmPayment: async () => true,
    });
    const wallet = core.wallet;
    onTestFinished(async () => void (await secrets.delete(WALLET_SECRET_ACCOUNT)));
    const { address } = await wallet.create();
    host.chain.fund(NETWORKS.base.usdc, address!, 1_000_000n);
    const key = await wallet.export();

    const entry = await uploadImage(core, {
      bytes: await screenshotPng(200, 120),
      fileName: 'shot.png',
      providerId: 'img402',
      tierId: '1y',
      uploadKey: 'keychain-1',
    });
    expect(entry.paymentId).toBeDefined();
    expect(host.chain.transfers).toEqual([expect.objectContaining({ from: address, value: 10_000n })]);
    expect(filesUnder(home)).toEqual(
      expect.arrayContaining([join(home, 'payments.json'), join(home, 'history.json')]),
    );
    expectKeyInNoFile(home, key);
    await wallet.remove();
  });

  it(
    'CLI: import from stdin, address, export, remove; the key stays out of the data folder',
    SLOW,
    async () => {
      const key = generatePrivateKey();
      const address = privateKeyToAccount(key).address;
      const service = `Shotlink-test-${randomUUID()}`;
      const env = {
        SHOTLINK_HOME: home,
        SHOTLINK_KEYCHAIN_SERVICE: service,
        DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
        XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR,
      };
      const shotlink = (args: string[], input?: string) => runCli(args, { env, ...(input && { input }) });
      // Whatever happens, the test's keychain entry does not outlive it.
      onTestFinished(async () => void (await createKeytarStore(service).delete(WALLET_SECRET_ACCOUNT)));

      const imported = await shotlink(['wallet', 'import', '--key-stdin'], `${key}\n`);
      expect(imported.stderr).toMatch(/imported wallet .* \(in the OS keychain\), paying on Base/);
      expect(imported.code).toBe(0);
      expect(imported.stdout).toBe(`${address}\n`);
      expect(imported.stdout + imported.stderr).not.toContain(key.slice(2));

      const shown = await shotlink(['wallet', 'address']);
      expect([shown.code, shown.stdout]).toEqual([0, `${address}\n`]);
      const duplicate = await shotlink(['wallet', 'create']);
      expect(duplicate.code).toBe(2);
      expect(duplicate.stderr).toMatch(/already exists.*wallet export/);

      const exported = await shotlink(['wallet', 'export']);
      expect([exported.code, exported.stdout]).toEqual([0, `${key}\n`]);
      expectKeyInNoFile(home, key);

      expect((await shotlink(['wallet', 'remove'])).code).toBe(2); // no terminal: needs --yes
      expect((await shotlink(['wallet', 'remove', '--yes'])).code).toBe(0);
      const gone = await shotlink(['wallet', 'address']);
      expect(gone.code).toBe(5);
      expect(gone.stderr).toMatch(/No wallet is set up/);
    },
  );
});

describe('wallet without a Secret Service', () => {
  it('CLI: refuses to store the key and says why, leaving no key on disk', SLOW, async () => {
    const key = generatePrivateKey();
    const env = {
      SHOTLINK_HOME: home,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/shotlink-test-bus',
      DISPLAY: '',
    };
    const result = await runCli(['wallet', 'import', '--key-stdin'], { env, input: `${key}\n` });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/keychain is not available.*will not store a wallet key in plain text/s);
    expect(result.stderr).not.toContain(key.slice(2));
    for (const file of filesUnder(home)) expect(readFileSync(file, 'latin1')).not.toContain(key.slice(2));
  });
});
