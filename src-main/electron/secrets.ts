// Where the desktop app keeps secrets: the OS keychain through keytar when one answers; otherwise a file
// of values encrypted with Electron's safeStorage (which itself keys off the OS keychain or DPAPI). On
// Linux safeStorage silently falls back to plain text when no keyring is running ('basic_text'): we
// refuse that rather than write a wallet key to disk in the clear.
import { readFile } from 'node:fs/promises';
import type { SafeStorage } from 'electron';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { writeFileAtomic } from '../core/store/atomic.ts';
import type { SecretStore } from '../core/ports.ts';

type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

/** Why safeStorage cannot keep secrets here, or null when it can. */
export function safeStorageProblem(safeStorage: SafeStorageLike, platform: NodeJS.Platform): string | null {
  if (!safeStorage.isEncryptionAvailable()) {
    return 'Electron cannot encrypt secrets on this system (no OS keychain or encryption service).';
  }
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return (
      'No keyring is running (gnome-keyring, KWallet), so secrets could only be stored as plain text, ' +
      'which Shotlink refuses. Start your desktop keyring, or set SHOTLINK_WALLET_KEY for this session.'
    );
  }
  return null;
}

/** Secrets encrypted one by one with safeStorage, kept as base64 in one JSON file (mode 0600). */
export function createSafeStorageStore(options: {
  safeStorage: SafeStorageLike;
  file: string;
  platform?: NodeJS.Platform;
}): SecretStore {
  const { safeStorage, file } = options;
  const platform = options.platform ?? process.platform;

  const ensureUsable = () => {
    const problem = safeStorageProblem(safeStorage, platform);
    if (problem) throw new ShotlinkError('input', problem, { code: 'no_secret_store' });
  };
  const load = async (): Promise<Record<string, string>> => {
    try {
      const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new ShotlinkError(
        'internal',
        `The secrets file ${file} cannot be read: ${(error as Error).message}`,
      );
    }
  };
  const save = (secrets: Record<string, string>) => writeFileAtomic(file, JSON.stringify(secrets, null, 2));

  return {
    async get(account) {
      ensureUsable();
      const sealed = (await load())[account];
      return sealed === undefined ? null : safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    },
    async set(account, secret) {
      ensureUsable();
      const secrets = await load();
      secrets[account] = safeStorage.encryptString(secret).toString('base64');
      await save(secrets);
    },
    async delete(account) {
      ensureUsable();
      const secrets = await load();
      if (!(account in secrets)) return false;
      delete secrets[account];
      await save(secrets);
      return true;
    },
    unavailableReason: async () => safeStorageProblem(safeStorage, platform),
  };
}

/**
 * The keychain when it answers, else safeStorage when it may be used, else the keychain again so that
 * every use fails with both reasons spelled out. Decided once at start-up (after app ready: safeStorage
 * is not usable before).
 */
export async function chooseSecretStore(keychain: SecretStore, fallback: SecretStore): Promise<SecretStore> {
  const keychainProblem = await keychain.unavailableReason();
  if (keychainProblem === null) return keychain;
  const fallbackProblem = await fallback.unavailableReason();
  if (fallbackProblem === null) return fallback;
  const reason = `${keychainProblem} ${fallbackProblem}`;
  const refuse = async (): Promise<never> => {
    throw new ShotlinkError('input', reason, { code: 'no_secret_store' });
  };
  return { get: refuse, set: refuse, delete: refuse, unavailableReason: async () => reason };
}
