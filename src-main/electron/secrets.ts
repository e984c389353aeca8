// Where the desktop app keeps secrets: the OS keychain through keytar when one answers; otherwise a file
// of values encrypted with Electron's safeStorage (which itself keys off the OS keychain or DPAPI). On
// Linux safeStorage silently falls back to plain text when no keyring is running ('basic_text'): we
// refuse that rather than write a wallet key to disk in the clear.
import { readFile } from 'node:fs/promises';
import type { SafeStorage } from 'electron';
import * as z from 'zod';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { writeFileAtomic, type SecretStore } from '../core/for-shells/ports.ts';

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

/** The file: account name -> base64 of the safeStorage ciphertext. */
const sealedFile = z.record(z.string(), z.string());

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
  const load = async (): Promise<Map<string, string>> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw new ShotlinkError(
        'internal',
        `The secrets file ${file} cannot be read: ${(error as Error).message}`,
      );
    }
    // A damaged file is reported and left as it is (never overwritten): what it holds may still be saved.
    let parsed: ReturnType<typeof sealedFile.safeParse>;
    try {
      parsed = sealedFile.safeParse(JSON.parse(text));
    } catch {
      parsed = sealedFile.safeParse(null);
    }
    if (!parsed.success) {
      throw new ShotlinkError(
        'internal',
        `The secrets file ${file} is damaged. Move it aside to start afresh (the secrets in it, such as ` +
          'the wallet key, will have to be imported again).',
      );
    }
    return new Map(Object.entries(parsed.data));
  };
  const save = (secrets: Map<string, string>) =>
    writeFileAtomic(file, JSON.stringify(Object.fromEntries(secrets), null, 2));

  return {
    async get(account) {
      ensureUsable();
      const sealed = (await load()).get(account);
      if (sealed === undefined) return null;
      try {
        return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
      } catch (error) {
        throw new ShotlinkError(
          'input',
          `The secret "${account}" in ${file} cannot be decrypted (${(error as Error).message}): it was ` +
            'probably stored under another user account or keyring. Import it again to replace it.',
        );
      }
    },
    async set(account, secret) {
      ensureUsable();
      const secrets = await load();
      secrets.set(account, safeStorage.encryptString(secret).toString('base64'));
      await save(secrets);
    },
    async delete(account) {
      ensureUsable();
      const secrets = await load();
      if (!secrets.delete(account)) return false;
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
