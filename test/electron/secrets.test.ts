// The safeStorage fallback for secrets: encrypted to a file, refused on Linux when safeStorage would only
// store plain text ('basic_text'), and chosen only when the keychain does not answer.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import {
  chooseSecretStore,
  createSafeStorageStore,
  safeStorageProblem,
} from '../../src-main/electron/secrets.ts';
import type { SecretStore } from '../../src-main/core/ports.ts';

type Backend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

/**
 * Stands in for Electron's safeStorage (it needs a running Electron): a real cipher (AES-256-GCM with a
 * per-instance key) so the file holds ciphertext, and the availability answers Electron gives.
 */
async function fakeSafeStorage(options: { available?: boolean; backend?: Backend } = {}) {
  const { createCipheriv, createDecipheriv, randomBytes } = await import('node:crypto');
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString(text: string) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(sealed: Buffer) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shotlink-safe-storage-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createSafeStorageStore', () => {
  it('keeps secrets encrypted in a private file and reads them back', async () => {
    const file = join(dir, 'secrets.json');
    const store = createSafeStorageStore({ safeStorage: await fakeSafeStorage(), file, platform: 'linux' });
    const key = '0x' + 'ab'.repeat(32);
    await store.set('wallet', key);
    await store.set('imgpro', 'api-key-1');
    expect(await store.get('wallet')).toBe(key);
    expect(await store.get('missing')).toBeNull();
    const onDisk = await readFile(file, 'utf8');
    expect(onDisk).not.toContain('ab'.repeat(8));
    expect(onDisk).not.toContain('api-key-1');
    expect((await stat(file)).mode & 0o077).toBe(0);
    expect(await store.delete('wallet')).toBe(true);
    expect(await store.delete('wallet')).toBe(false);
    expect(await store.get('imgpro')).toBe('api-key-1');
    expect(await store.unavailableReason()).toBeNull();
  });

  it('treats account names literally (no prototype surprises)', async () => {
    const store = createSafeStorageStore({
      safeStorage: await fakeSafeStorage(),
      file: join(dir, 'proto.json'),
      platform: 'linux',
    });
    expect(await store.get('toString')).toBeNull();
    expect(await store.delete('__proto__')).toBe(false);
    await store.set('wallet', 'x');
    expect(await store.get('constructor')).toBeNull();
    expect(await store.delete('hasOwnProperty')).toBe(false);
  });

  it('reports a damaged file and leaves it untouched', async () => {
    const file = join(dir, 'damaged.json');
    await writeFile(file, '{"wallet": 42');
    const store = createSafeStorageStore({ safeStorage: await fakeSafeStorage(), file, platform: 'linux' });
    await expect(store.get('wallet')).rejects.toThrow(/is damaged\. Move it aside/);
    await expect(store.set('wallet', 'new')).rejects.toThrow(/is damaged/);
    expect(await readFile(file, 'utf8')).toBe('{"wallet": 42');
  });

  it('says so when a secret cannot be decrypted (another user or keyring)', async () => {
    const file = join(dir, 'other-key.json');
    const linux = { file, platform: 'linux' as const };
    await createSafeStorageStore({ safeStorage: await fakeSafeStorage(), ...linux }).set('wallet', 'secret');
    const elsewhere = createSafeStorageStore({ safeStorage: await fakeSafeStorage(), ...linux });
    await expect(elsewhere.get('wallet')).rejects.toThrow(/cannot be decrypted .*Import it again/);
  });

  it('refuses on Linux when safeStorage would store plain text (basic_text), and writes nothing', async () => {
    const file = join(dir, 'plain.json');
    const safeStorage = await fakeSafeStorage({ backend: 'basic_text' });
    const store = createSafeStorageStore({ safeStorage, file, platform: 'linux' });
    expect(await store.unavailableReason()).toMatch(/plain text, which Shotlink refuses/);
    const error = await store.set('wallet', 'secret').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShotlinkError);
    expect((error as ShotlinkError).code).toBe('no_secret_store');
    await expect(stat(file)).rejects.toThrow();
    await expect(store.get('wallet')).rejects.toThrow(/keyring/);
  });

  it('accepts the keyring backends, and ignores the Linux backend name elsewhere', async () => {
    for (const backend of ['gnome_libsecret', 'kwallet5', 'kwallet6'] as const) {
      expect(safeStorageProblem(await fakeSafeStorage({ backend }), 'linux')).toBeNull();
    }
    // On macOS and Windows the backend answer is meaningless (Keychain / DPAPI are always used).
    expect(safeStorageProblem(await fakeSafeStorage({ backend: 'basic_text' }), 'darwin')).toBeNull();
  });

  it('refuses when encryption is unavailable at all', async () => {
    expect(safeStorageProblem(await fakeSafeStorage({ available: false }), 'win32')).toMatch(
      /cannot encrypt/,
    );
  });
});

describe('chooseSecretStore', () => {
  const broken = (reason: string): SecretStore => ({
    get: async () => {
      throw new Error(reason);
    },
    set: async () => {
      throw new Error(reason);
    },
    delete: async () => {
      throw new Error(reason);
    },
    unavailableReason: async () => reason,
  });

  it('uses the keychain when it answers', async () => {
    const keychain = createMemoryStore();
    expect(await chooseSecretStore(keychain, broken('unused'))).toBe(keychain);
  });

  it('falls back to safeStorage when there is no keychain', async () => {
    const fallback = createMemoryStore();
    expect(await chooseSecretStore(broken('no Secret Service'), fallback)).toBe(fallback);
  });

  it('refuses with both reasons when neither can be used', async () => {
    const store = await chooseSecretStore(broken('No keychain.'), broken('Plain text only.'));
    expect(await store.unavailableReason()).toBe('No keychain. Plain text only.');
    await expect(store.set('wallet', 'x')).rejects.toThrow('No keychain. Plain text only.');
  });
});
