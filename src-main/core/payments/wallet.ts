// The wallet: one private key, kept in the OS keychain (SecretStore) and nowhere else. Everything outside
// this module sees the address only; the key leaves it exactly twice: to sign (as a viem account, which
// does not expose it) and on an explicit `export`. No message this module writes ever contains the key.
import type { PrivateKeyAccount } from 'viem/accounts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { formatUsdc } from '../../../src-shared/catalog.ts';
import type { WalletStatus } from '../../../src-shared/api.ts';
import type { SecretStore } from '../ports.ts';
import { NETWORKS, type NetworkName } from './networks.ts';

/** The keychain account the key is stored under (service "Shotlink"). */
export const WALLET_SECRET_ACCOUNT = 'wallet-private-key';
/** Headless override; less safe than the keychain because environments leak (ps, CI logs, shell history). */
export const WALLET_KEY_ENV = 'SHOTLINK_WALLET_KEY';

export interface WalletOptions {
  secrets: SecretStore;
  env: NodeJS.ProcessEnv;
  /** Read on every call: the network setting may change while the app runs. */
  network: () => NetworkName;
}

export interface Wallet {
  status(): Promise<WalletStatus>;
  /** Generates a new key. Refuses when a wallet already exists: replacing a key can lose its funds. */
  create(): Promise<WalletStatus>;
  /** Stores a hex private key (with or without 0x). Same refusal as create. */
  import(privateKey: string): Promise<WalletStatus>;
  /** The key in use, for the user to back up. Callers show it once and never log it. */
  export(): Promise<string>;
  /** Deletes the key from the keychain. */
  remove(): Promise<WalletStatus>;
  /** The signer for payments. Throws a 'payment' error saying how to set a wallet up when there is none. */
  account(): Promise<PrivateKeyAccount>;
  /** USDC balance through `rpcUrl`; never throws (a failing RPC must not block anything). */
  balance(rpcUrl: string, options?: { timeoutMs?: number }): Promise<{ usdc: string | null; error?: string }>;
}

type Hex = `0x${string}`;

// viem's accounts module costs as much to load as the rest of a CLI start: only commands that touch the
// wallet load it (`shotlink history` never does).
const viemAccounts = () => import('viem/accounts');
const addressOf = async (key: Hex) => (await viemAccounts()).privateKeyToAccount(key).address;

/** Normalizes a hex key; the error names the expected shape, never the input. */
export async function parsePrivateKey(text: string, where: string): Promise<Hex> {
  const trimmed = text.trim();
  const hex = (
    trimmed.startsWith('0x') || trimmed.startsWith('0X') ? trimmed.slice(2) : trimmed
  ).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new ShotlinkError(
      'usage',
      `${where} is not a private key: expected 64 hexadecimal characters, optionally prefixed with 0x ` +
        `(got ${trimmed.length} characters).`,
      { code: 'invalid_wallet_key' },
    );
  }
  const key = `0x${hex}` as Hex;
  const { privateKeyToAccount } = await viemAccounts();
  try {
    privateKeyToAccount(key);
  } catch {
    // viem's own message may quote the key, so it is replaced, not wrapped.
    throw new ShotlinkError('usage', `${where} is not a valid secp256k1 private key.`, {
      code: 'invalid_wallet_key',
    });
  }
  return key;
}

export function createWallet({ secrets, env, network }: WalletOptions): Wallet {
  const envKey = async (): Promise<Hex | null> => {
    const value = env[WALLET_KEY_ENV];
    return value ? parsePrivateKey(value, WALLET_KEY_ENV) : null;
  };

  const requireKeychain = async (): Promise<void> => {
    const problem = await secrets.unavailableReason();
    // Never fall back to a plain-text file: a key on disk is a key anyone with the disk can spend from.
    if (problem) {
      throw new ShotlinkError(
        'payment',
        `${problem} Shotlink will not store a wallet key in plain text; for headless use set ${WALLET_KEY_ENV} instead.`,
        {
          code: 'keychain_unavailable',
        },
      );
    }
  };

  const keychainKey = async (): Promise<Hex | null> => {
    const stored = await secrets.get(WALLET_SECRET_ACCOUNT).catch((error: unknown) => {
      const why = error instanceof Error ? error.message : String(error);
      // Without a keychain there is still a way to pay: the key from the environment.
      throw new ShotlinkError(
        'payment',
        `${why} To pay without a keychain, set ${WALLET_KEY_ENV} to the wallet's private key.`,
        { code: 'keychain_unavailable' },
      );
    });
    return stored ? parsePrivateKey(stored, 'The key stored in the keychain') : null;
  };

  const activeKey = async (): Promise<{ key: Hex; source: 'env' | 'keychain' } | null> => {
    const fromEnv = await envKey();
    if (fromEnv) return { key: fromEnv, source: 'env' };
    const fromKeychain = await keychainKey();
    return fromKeychain ? { key: fromKeychain, source: 'keychain' } : null;
  };

  const status = async (): Promise<WalletStatus> => {
    const base = { network: network() };
    const fromEnv = await envKey();
    if (fromEnv) return { ...base, address: await addressOf(fromEnv), source: 'env' };
    const problem = await secrets.unavailableReason();
    if (problem) return { ...base, address: null, source: null, keychainProblem: problem };
    const stored = await keychainKey();
    return stored
      ? { ...base, address: await addressOf(stored), source: 'keychain' }
      : { ...base, address: null, source: null };
  };

  const store = async (key: Hex): Promise<WalletStatus> => {
    await requireKeychain();
    const existing = await keychainKey();
    if (existing) {
      throw new ShotlinkError(
        'usage',
        `A wallet already exists (${await addressOf(existing)}). Replacing it could lose the funds ` +
          'it holds: back its key up with `shotlink wallet export`, then `shotlink wallet remove` it first.',
        { code: 'wallet_exists' },
      );
    }
    await secrets.set(WALLET_SECRET_ACCOUNT, key);
    return status();
  };

  const account = async (): Promise<PrivateKeyAccount> => {
    const active = await activeKey();
    if (!active) throw noWallet();
    return (await viemAccounts()).privateKeyToAccount(active.key);
  };

  return {
    status,
    account,
    create: async () => store((await viemAccounts()).generatePrivateKey()),
    import: async (privateKey) => store(await parsePrivateKey(privateKey, 'The imported key')),
    async export() {
      const active = await activeKey();
      if (!active) throw noWallet();
      // A key from the environment is never handed back (to the window, the bridge, a log): whoever set
      // the variable has it already, and an answer is one more place it could leak from.
      if (active.source === 'env') {
        throw new ShotlinkError(
          'usage',
          `The wallet key comes from ${WALLET_KEY_ENV}, so it is not shown here: back it up from where that variable is set.`,
          { code: 'wallet_from_env' },
        );
      }
      return active.key;
    },
    async remove() {
      await requireKeychain();
      const removed = await secrets.delete(WALLET_SECRET_ACCOUNT);
      if (!removed) {
        throw new ShotlinkError('usage', 'There is no wallet in the keychain to remove.', {
          code: 'no_wallet',
        });
      }
      return status();
    },
    async balance(rpcUrl, { timeoutMs = 5000 } = {}) {
      try {
        const { address } = await account();
        // viem's client is only needed here; loading it lazily keeps it out of every CLI start.
        const { createPublicClient, erc20Abi, http } = await import('viem');
        const client = createPublicClient({ transport: http(rpcUrl, { timeout: timeoutMs, retryCount: 0 }) });
        const atomic = await client.readContract({
          address: NETWORKS[network()].usdc,
          abi: erc20Abi,
          functionName: 'balanceOf',
          args: [address],
        });
        return { usdc: formatUsdc(atomic) };
      } catch (error) {
        // viem's RPC errors are long multi-line reports; the first line says what happened.
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        return { usdc: null, error: `Could not read the USDC balance: ${message}` };
      }
    },
  };
}

function noWallet(): ShotlinkError {
  return new ShotlinkError(
    'payment',
    "No wallet is set up. Create one with `shotlink wallet create` or in the window's Wallet view " +
      '(or import a key with `shotlink wallet import`; headless, set ' +
      `${WALLET_KEY_ENV}), then send USDC on Base to its address.`,
    { code: 'no_wallet' },
  );
}
