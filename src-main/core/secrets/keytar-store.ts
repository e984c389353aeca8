// The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux) through
// @github/keytar. The native module is loaded lazily so that a machine without it still runs every
// command that needs no secret, and says plainly why the ones that do cannot run.
import { createRequire } from 'node:module';
import type * as KeytarModule from '@github/keytar';
import type { SecretStore } from '../ports.ts';

export const KEYCHAIN_SERVICE = 'Shotlink';

type Keytar = typeof KeytarModule;

export function createKeytarStore(service = KEYCHAIN_SERVICE): SecretStore {
  let keytar: Keytar | undefined;
  const load = (): Keytar => (keytar ??= createRequire(import.meta.url)('@github/keytar') as Keytar);

  const explain = (error: unknown): Error => {
    const detail = error instanceof Error ? error.message : String(error);
    return new Error(
      `The OS keychain is not available (${detail}). On Linux, install and unlock a Secret Service such as ` +
        'gnome-keyring or KWallet.',
    );
  };
  const call = async <T>(fn: (k: Keytar) => Promise<T>): Promise<T> => {
    try {
      return await fn(load());
    } catch (error) {
      throw explain(error);
    }
  };

  return {
    get: (account) => call((k) => k.getPassword(service, account)),
    set: (account, secret) => call((k) => k.setPassword(service, account, secret)),
    delete: (account) => call((k) => k.deletePassword(service, account)),
    async unavailableReason() {
      try {
        // A read of an account that never exists: succeeds (null) only when the daemon answers.
        await load().getPassword(service, '__shotlink_probe__');
        return null;
      } catch (error) {
        return explain(error).message;
      }
    },
  };
}
