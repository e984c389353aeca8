// `shotlink server connect`: the token comes from stdin or a hidden prompt, never argv, and is kept in
// the real keychain (gnome-keyring under test/support/with-keyring.sh); without a keychain nothing is
// saved and the exit code says "not set up" (2), not "internal error".
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { SERVER_TOKEN_ACCOUNT } from '../../src-main/core/providers/shotlink-server.ts';
import { createKeytarStore } from '../../src-main/core/secrets/keytar-store.ts';
import { runCli } from './run-cli.ts';

const TOKEN = 'a-server-token-of-32-characters!';
let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'shotlink-connect-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const serverUrlSetting = () => {
  try {
    return (
      JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')) as { hosts?: { serverUrl?: string } }
    ).hosts?.serverUrl;
  } catch {
    return undefined;
  }
};

describe('shotlink server connect', { timeout: 60_000 }, () => {
  it.skipIf(process.env.SHOTLINK_KEYRING_AVAILABLE !== '1')(
    'keeps a token read from stdin in the keychain',
    async () => {
      const service = `Shotlink-test-${randomUUID()}`;
      onTestFinished(async () => void (await createKeytarStore(service).delete(SERVER_TOKEN_ACCOUNT)));
      const env = {
        SHOTLINK_HOME: home,
        SHOTLINK_KEYCHAIN_SERVICE: service,
        DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
        XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR,
      };
      const result = await runCli(['server', 'connect', 'http://127.0.0.1:8402/', '--token-stdin'], {
        env,
        input: `${TOKEN}\n`,
      });
      expect([result.code, result.stdout]).toEqual([0, 'http://127.0.0.1:8402\n']);
      expect(await createKeytarStore(service).get(SERVER_TOKEN_ACCOUNT)).toBe(TOKEN);
      expect(readFileSync(join(home, 'settings.json'), 'utf8')).not.toContain(TOKEN);
    },
  );

  it('takes no token as an argument, where other users could read it', async () => {
    const env = { SHOTLINK_HOME: home };
    const asArgument = await runCli(['server', 'connect', 'http://127.0.0.1:8402', '--token', TOKEN], {
      env,
    });
    expect(asArgument.code).toBe(2);
    expect(asArgument.stderr).toMatch(/unknown option '--token'/);
    expect(serverUrlSetting()).toBeUndefined();
  });

  it('saves nothing without a keychain and exits 2 with what to do instead', async () => {
    const env = { SHOTLINK_HOME: home, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/shotlink-test-bus' };
    const result = await runCli(['server', 'connect', 'http://127.0.0.1:8402', '--token-stdin'], {
      env,
      input: `${TOKEN}\n`,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Nothing was saved\. Without a keychain, set SHOTLINK_SERVER_TOKEN/);
    expect(serverUrlSetting()).toBeUndefined();
  });
});
