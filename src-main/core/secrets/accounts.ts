// Reading and storing the host secrets (src-shared/secrets.ts says which exist): each lives in the OS
// keychain under its account, or comes from an environment variable that wins over the keychain
// (headless runs). Stored only in the keychain, never in a file; messages name a secret, never quote it.
//
// A secret is bound to the origin it was saved for (its host's address setting then, e.g.
// hosts.imgproUrl): the origin is kept beside it in the keychain (`<account>@origin`). When the address
// has changed since, the secret is not read out at all — nothing is sent — until it is given again or
// the change is confirmed (confirmSecretOrigin). A secret from the environment is bound to the address
// in effect when this process first read it. A secret saved before origins were kept is bound to the
// address it is first used with.
import { ShotlinkError } from '../../../src-shared/errors.ts';
import {
  isSecretAccount,
  SECRET_ACCOUNTS,
  type SecretAccountId,
  type SecretStatus,
} from '../../../src-shared/secrets.ts';
import { findHost } from '../../../src-shared/hosts/index.ts';
import type { CoreContext } from '../context.ts';
import { getSettingValue } from '../store/settings-store.ts';

export { isSecretAccount, SECRET_ACCOUNTS, type SecretAccountId, type SecretStatus };

const fromEnv = (ctx: CoreContext, account: SecretAccountId) =>
  ctx.env[SECRET_ACCOUNTS[account].env]?.trim() || null;

/** The keychain account holding the origin a secret was saved for. */
const originAccount = (account: SecretAccountId) => `${account}@origin`;

/** The address setting of the host a secret belongs to. */
const addressKey = (account: SecretAccountId) => findHost(SECRET_ACCOUNTS[account].host)?.address?.key;

/**
 * Where the host of this secret is now: the origin of its address setting, or what an empty one means
 * (AWS for S3, this machine's own server).
 */
export function currentOrigin(ctx: CoreContext, account: SecretAccountId): string {
  const address = findHost(SECRET_ACCOUNTS[account].host)?.address;
  if (!address) return 'default';
  const value = getSettingValue(ctx.settings.get(), address.key);
  const url = (typeof value === 'string' && value) || address.probeWhenEmpty?.(ctx.env) || '';
  if (!url) return 'this machine';
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** The origins environment secrets were first read for, per process and context. */
const envOrigins = new WeakMap<CoreContext['settings'], Map<SecretAccountId, string>>();

/** Where the secret was saved for: null when the keychain has no origin for it (saved by an older version). */
async function savedOrigin(ctx: CoreContext, account: SecretAccountId): Promise<string | null> {
  if (fromEnv(ctx, account)) {
    let pinned = envOrigins.get(ctx.settings);
    if (!pinned) envOrigins.set(ctx.settings, (pinned = new Map()));
    if (!pinned.has(account)) pinned.set(account, currentOrigin(ctx, account));
    return pinned.get(account)!;
  }
  return ctx.secrets.get(originAccount(account));
}

/** The secret: the environment wins (headless runs), else the keychain; null when neither has it. */
export async function readSecret(ctx: CoreContext, account: SecretAccountId): Promise<string | null> {
  const env = fromEnv(ctx, account);
  if (env) {
    checkOrigin(ctx, account, await savedOrigin(ctx, account));
    return env;
  }
  try {
    const secret = await ctx.secrets.get(account);
    if (secret === null) return null;
    const saved = await ctx.secrets.get(originAccount(account));
    // Saved before origins were kept: bound to the address it is first used with.
    if (saved === null) await ctx.secrets.set(originAccount(account), currentOrigin(ctx, account));
    else checkOrigin(ctx, account, saved);
    return secret;
  } catch (error) {
    if (error instanceof ShotlinkError) throw error;
    // No keychain here: say why, and how to pass the secret without one.
    throw new ShotlinkError('usage', `${(error as Error).message} Or set ${SECRET_ACCOUNTS[account].env}.`, {
      code: 'keychain_unavailable',
    });
  }
}

/** Refuses a secret whose host address changed since it was saved: it must not go anywhere else. */
function checkOrigin(ctx: CoreContext, account: SecretAccountId, saved: string | null): void {
  const now = currentOrigin(ctx, account);
  if (saved === null || saved === now) return;
  const { label, env, host } = SECRET_ACCOUNTS[account];
  const key = addressKey(account) ?? 'the host address';
  const hostLabel = findHost(host)?.label ?? host;
  const again = fromEnv(ctx, account)
    ? `Restart with ${env} and ${key} both meant for ${now}.`
    : `If ${now} is right, give the secret again (Settings > ${hostLabel} in the window, or ` +
      `\`shotlink config set-secret ${account}\`), or confirm the new address in the window.`;
  throw new ShotlinkError(
    'usage',
    `${label} was saved for ${saved}, but ${key} now points to ${now}; nothing was sent there. ${again}`,
    { code: 'secret_origin_changed' },
  );
}

/** Binds a stored secret to the host's current address (the window's explicit confirmation). */
export async function confirmSecretOrigin(ctx: CoreContext, account: SecretAccountId): Promise<SecretStatus> {
  if (fromEnv(ctx, account)) {
    throw new ShotlinkError(
      'usage',
      `${SECRET_ACCOUNTS[account].label} comes from ${SECRET_ACCOUNTS[account].env}: restart with it meant for the new address.`,
      { code: 'secret_from_env' },
    );
  }
  if ((await ctx.secrets.get(account)) === null) {
    throw new ShotlinkError(
      'usage',
      `${SECRET_ACCOUNTS[account].label} is not set: there is nothing to confirm.`,
    );
  }
  await ctx.secrets.set(originAccount(account), currentOrigin(ctx, account));
  return secretStatus(ctx, account);
}

/** Whether it is set and where from, for the window: never the secret itself. */
export async function secretStatus(ctx: CoreContext, account: SecretAccountId): Promise<SecretStatus> {
  if (fromEnv(ctx, account)) return withOrigin(ctx, account, { set: true, source: 'env' });
  const problem = await ctx.secrets.unavailableReason();
  if (problem) return { set: false, source: null, keychainProblem: problem };
  const set = (await ctx.secrets.get(account).catch(() => null)) !== null;
  return set ? withOrigin(ctx, account, { set: true, source: 'keychain' }) : { set: false, source: null };
}

/** Adds the two addresses when the host's has changed since the secret was saved. */
async function withOrigin(
  ctx: CoreContext,
  account: SecretAccountId,
  status: SecretStatus,
): Promise<SecretStatus> {
  const saved = await savedOrigin(ctx, account).catch(() => null);
  const now = currentOrigin(ctx, account);
  return saved !== null && saved !== now ? { ...status, originChanged: { savedFor: saved, now } } : status;
}

/** Stores the secret in the keychain, or removes it (null). */
export async function storeSecret(
  ctx: CoreContext,
  account: SecretAccountId,
  value: string | null,
): Promise<SecretStatus> {
  const { label, env } = SECRET_ACCOUNTS[account];
  // The environment wins over the keychain: a value saved now would silently not be used.
  if (fromEnv(ctx, account)) {
    throw new ShotlinkError(
      'usage',
      `${label} comes from the ${env} environment variable, which wins over the keychain: unset it to ` +
        `${value === null ? 'remove' : 'store'} it here.`,
      { code: 'secret_from_env' },
    );
  }
  const problem = await ctx.secrets.unavailableReason();
  // Never fall back to a plain-text file: settings and history are readable by anything on the disk.
  if (problem) {
    throw new ShotlinkError(
      'usage',
      `${problem} Shotlink will not store ${label.replace(/^The /, 'the ')} in plain text; set ${env} instead.`,
      { code: 'keychain_unavailable' },
    );
  }
  if (value === null) {
    await ctx.secrets.delete(account);
    await ctx.secrets.delete(originAccount(account));
  } else {
    // The origin first: a secret is never in the keychain without the address it is for.
    await ctx.secrets.set(originAccount(account), currentOrigin(ctx, account));
    await ctx.secrets.set(account, value);
  }
  return secretStatus(ctx, account);
}
