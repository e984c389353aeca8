// The keychain store against a real Secret Service. `npm test` starts gnome-keyring on a private D-Bus
// session (test/support/with-keyring.sh); CI installs it, so there the test must run, not skip.
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createKeytarStore } from '../src-main/core/secrets/keytar-store.ts';

const storeModule = fileURLToPath(new URL('../src-main/core/secrets/keytar-store.ts', import.meta.url));
const available = process.env.SHOTLINK_KEYRING_AVAILABLE === '1';
if (process.env.CI && !available) throw new Error('CI must run the keychain tests: gnome-keyring is missing');

describe.skipIf(!available)('keytar secret store (real Secret Service)', () => {
  it('stores, reads and deletes a secret', async () => {
    const store = createKeytarStore(`Shotlink-test-${randomUUID()}`);
    expect(await store.unavailableReason()).toBeNull();
    expect(await store.get('wallet')).toBeNull();
    await store.set('wallet', '0xsecret');
    expect(await store.get('wallet')).toBe('0xsecret');
    expect(await store.delete('wallet')).toBe(true);
    expect(await store.get('wallet')).toBeNull();
  });
});

describe('keytar secret store without a Secret Service', () => {
  it('explains what to do', () => {
    // A child process, because libsecret keeps its first D-Bus connection for the life of a process.
    const script = `
      const { createKeytarStore } = await import(${JSON.stringify(storeModule)});
      console.log(await createKeytarStore().unavailableReason());`;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: {
        ...process.env,
        DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/shotlink-test-bus',
        DISPLAY: '',
      },
      encoding: 'utf8',
    });
    expect(output).toMatch(/keychain is not available.*Secret Service such as gnome-keyring/s);
  });
});
