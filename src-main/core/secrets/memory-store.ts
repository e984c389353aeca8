// A secret store that forgets everything on exit: for tests and for one-off runs that must not persist.
import type { SecretStore } from '../ports.ts';

export function createMemoryStore(initial: Record<string, string> = {}): SecretStore {
  const secrets = new Map(Object.entries(initial));
  return {
    get: async (account) => secrets.get(account) ?? null,
    set: async (account, secret) => void secrets.set(account, secret),
    delete: async (account) => secrets.delete(account),
    unavailableReason: async () => null,
  };
}
