// Reading and storing the host secrets (src-shared/secrets.ts says which exist): each lives in the OS
// keychain under its account, or comes from an environment variable that wins over the keychain
// (headless runs). Stored only in the keychain, never in a file; messages name a secret, never quote it.
//
// A secret is bound to the origin it was saved for (its host's address settings then, e.g.
// hosts.imgproUrl; GitHub's two): the origin is kept beside it in the keychain (`<account>@origin`). When
// an address has changed since, the secret is not read out at all — nothing is sent — until it is given
// again or the change is confirmed (confirmSecretOrigin). A secret from the environment is bound to the
// addresses in effect when this process first read it. A secret saved before origins were kept is bound
// to the address it is first used with. A host whose default addresses are its own (github.com) may
// always be sent its secrets there; a secret another program supplies (`gh auth token`, read by the
// host's own code) goes only there, or where the person confirmed (checkBorrowedSecret).
import { ShotlinkError } from '../../../src-shared/errors.ts';
import {
  isSecretAccount,
  SECRET_ACCOUNTS,
  type SecretAccountId,
  type SecretStatus,
} from '../../../src-shared/secrets.ts';
import { findHost } from '../../../src-shared/hosts/index.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../src-shared/settings.ts';
import type { CoreContext } from '../context.ts';
import { getSettingValue, HOST_URL_OVERRIDES } from '../store/settings-store.ts';

export { isSecretAccount, SECRET_ACCOUNTS, type SecretAccountId, type SecretStatus };

/** The variables that supply a secret instead of the keychain, in the order they are read. */
const envVariables = (account: SecretAccountId): string[] => {
  const secret: { env: string; alsoEnv?: readonly string[] } = SECRET_ACCOUNTS[account];
  return [secret.env, ...(secret.alsoEnv ?? [])];
};

/** The first variable that has the secret, and its value. */
function envSecret(ctx: CoreContext, account: SecretAccountId): { variable: string; value: string } | null {
  for (const variable of envVariables(account)) {
    const value = ctx.env[variable]?.trim();
    if (value) return { variable, value };
  }
  return null;
}

const fromEnv = (ctx: CoreContext, account: SecretAccountId) => envSecret(ctx, account)?.value ?? null;

/** The keychain account holding the origin a secret was saved for. */
const originAccount = (account: SecretAccountId) => `${account}@origin`;

/** The address settings of the host a secret belongs to: the secret goes to these and nowhere else. */
const addressKeys = (account: SecretAccountId): string[] => {
  const address = findHost(SECRET_ACCOUNTS[account].host)?.address;
  return address ? [address.key, ...(address.others ?? [])] : [];
};

/** "hosts.imgproUrl now points", "hosts.githubApiUrl and hosts.githubUploadsUrl now point". */
const addressesPoint = (account: SecretAccountId) => {
  const keys = addressKeys(account);
  if (keys.length === 0) return 'the host address now points';
  return `${keys.join(' and ')} now point${keys.length > 1 ? '' : 's'}`;
};

/**
 * Where the host of this secret is now: the origins of its address settings (joined by " and "), or
 * what an empty one means (AWS for S3, this machine's own server).
 */
export function currentOrigin(
  ctx: CoreContext,
  account: SecretAccountId,
  settings: Settings = ctx.settings.get(),
): string {
  return findHost(SECRET_ACCOUNTS[account].host)?.address
    ? originsOf(ctx, account, settings).join(' and ')
    : 'default';
}

/** The origin of each of the host's address settings, in order. */
function originsOf(ctx: CoreContext, account: SecretAccountId, settings: Settings): string[] {
  const address = findHost(SECRET_ACCOUNTS[account].host)?.address;
  return addressKeys(account).map((key) => {
    const value = getSettingValue(settings, key);
    const url =
      (typeof value === 'string' && value) ||
      (key === address?.key ? address.probeWhenEmpty?.(ctx.env) : '') ||
      '';
    if (!url) return 'this machine';
    try {
      return new URL(url).origin;
    } catch {
      return url;
    }
  });
}

/** Whether this run was started with the address setting `key` given by the environment (SHOTLINK_*_URL). */
const givenByEnv = (ctx: CoreContext, key: string) =>
  Object.entries(HOST_URL_OVERRIDES).some(([variable, name]) => key === `hosts.${name}` && ctx.env[variable]);

/** The host's own default addresses (github.com), when it declares them its own; else null. */
function ownOrigin(ctx: CoreContext, account: SecretAccountId): string | null {
  return findHost(SECRET_ACCOUNTS[account].host)?.address?.ownDefaults
    ? currentOrigin(ctx, account, DEFAULT_SETTINGS)
    : null;
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
  return (await readSecretAndSource(ctx, account))?.value ?? null;
}

/**
 * The secret with where it came from (the variable, or 'keychain') and the settings its origin was
 * checked against: whoever sends it uses those addresses, so a change made meanwhile cannot redirect it.
 */
export async function readSecretAndSource(
  ctx: CoreContext,
  account: SecretAccountId,
): Promise<{ value: string; source: string; settings: Settings } | null> {
  const env = envSecret(ctx, account);
  if (env) {
    const saved = await savedOrigin(ctx, account);
    return { value: env.value, source: env.variable, settings: checkOrigin(ctx, account, saved) };
  }
  try {
    const secret = await ctx.secrets.get(account);
    if (secret === null) return null;
    const saved = await ctx.secrets.get(originAccount(account));
    // Saved before origins were kept: bound to the address it is first used with.
    if (saved === null) await ctx.secrets.set(originAccount(account), currentOrigin(ctx, account));
    return { value: secret, source: 'keychain', settings: checkOrigin(ctx, account, saved) };
  } catch (error) {
    if (error instanceof ShotlinkError) throw error;
    // No keychain here: say why, and how to pass the secret without one.
    throw new ShotlinkError('usage', `${(error as Error).message} Or set ${SECRET_ACCOUNTS[account].env}.`, {
      code: 'keychain_unavailable',
    });
  }
}

/**
 * Refuses a secret whose host address changed since it was saved: it must not go anywhere else.
 * Answers the settings it checked (one snapshot: what the caller must send to).
 */
function checkOrigin(ctx: CoreContext, account: SecretAccountId, saved: string | null): Settings {
  const settings = ctx.settings.get();
  const now = currentOrigin(ctx, account, settings);
  if (saved === null || saved === now || now === ownOrigin(ctx, account)) return settings;
  const { label, host } = SECRET_ACCOUNTS[account];
  const env = envSecret(ctx, account)?.variable;
  const hostLabel = findHost(host)?.label ?? host;
  const keys = addressKeys(account).join(' and ') || 'the host address';
  const again = env
    ? `Restart with ${env} and ${keys} meant for the same place.`
    : `If ${now} is right, give the secret again (Settings > ${hostLabel} in the window, or ` +
      `\`shotlink config set-secret ${account}\`), or confirm the new address in the window.`;
  throw new ShotlinkError(
    'usage',
    `${label} was saved for ${saved}, but ${addressesPoint(account)} to ${now}; nothing was sent there. ${again}`,
    { code: 'secret_origin_changed' },
  );
}

/**
 * A secret another program supplied (`gh auth token`), checked before it is sent: it may go to the
 * host's own default addresses, or to addresses the person confirmed in the window. `what` names it
 * ("the token `gh auth token` prints"), `instead` says how to pass it for other addresses.
 */
export async function checkBorrowedSecret(
  ctx: CoreContext,
  account: SecretAccountId,
  what: string,
  instead: string,
): Promise<Settings> {
  const confirmed = await ctx.secrets.get(originAccount(account)).catch(() => null);
  const settings = ctx.settings.get();
  if (borrowedMayGo(ctx, account, confirmed, settings)) return settings;
  const hostLabel = findHost(SECRET_ACCOUNTS[account].host)?.label ?? 'the host';
  const now = currentOrigin(ctx, account, settings);
  throw new ShotlinkError(
    'usage',
    `${capitalize(what)} is meant for ${ownOrigin(ctx, account) ?? hostLabel}, but ${addressesPoint(account)} to ${now}; ` +
      `nothing was sent there. If ${now} is right, confirm it in the window (Settings > ${hostLabel}), ` +
      `or ${instead}.`,
    { code: 'secret_origin_changed' },
  );
}

/**
 * Where another program's secret may go: the addresses the person confirmed, or — address by address —
 * the host's own default, or one this run was started with (the environment is the person's, as a
 * secret given there is; the window's settings can change neither).
 */
function borrowedMayGo(
  ctx: CoreContext,
  account: SecretAccountId,
  confirmed: string | null,
  settings: Settings,
): boolean {
  if (confirmed !== null && confirmed === currentOrigin(ctx, account, settings)) return true;
  const own = findHost(SECRET_ACCOUNTS[account].host)?.address?.ownDefaults
    ? originsOf(ctx, account, DEFAULT_SETTINGS)
    : [];
  const keys = addressKeys(account);
  return originsOf(ctx, account, settings).every(
    (origin, index) => origin === own[index] || givenByEnv(ctx, keys[index]!),
  );
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Binds a stored secret to the host's current addresses (the window's explicit confirmation); with
 * `borrowed`, the addresses another program's secret may go to (see checkBorrowedSecret).
 */
export async function confirmSecretOrigin(
  ctx: CoreContext,
  account: SecretAccountId,
  borrowed?: { status: SecretStatus },
): Promise<SecretStatus> {
  if (fromEnv(ctx, account)) {
    throw new ShotlinkError(
      'usage',
      `${SECRET_ACCOUNTS[account].label} comes from ${envSecret(ctx, account)!.variable}: restart with it meant for the new address.`,
      { code: 'secret_from_env' },
    );
  }
  if (borrowed && (await ctx.secrets.get(account)) === null) {
    await ctx.secrets.set(originAccount(account), currentOrigin(ctx, account));
    return withoutChange(borrowed.status);
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
  const env = envSecret(ctx, account);
  if (env) {
    const from = env.variable === SECRET_ACCOUNTS[account].env ? {} : { from: env.variable };
    return withOrigin(ctx, account, { set: true, source: 'env', ...from }, await savedOrigin(ctx, account));
  }
  const problem = await ctx.secrets.unavailableReason();
  if (problem) return { set: false, source: null, keychainProblem: problem };
  const set = (await ctx.secrets.get(account).catch(() => null)) !== null;
  if (!set) return { set: false, source: null };
  const saved = await ctx.secrets.get(originAccount(account)).catch(() => null);
  return withOrigin(ctx, account, { set: true, source: 'keychain' }, saved);
}

/**
 * The status of a secret another program supplies (`from`: '`gh auth token`'), when none is set here:
 * with the addresses, when they are neither the host's own nor confirmed.
 */
export async function borrowedSecretStatus(
  ctx: CoreContext,
  account: SecretAccountId,
  from: string,
): Promise<SecretStatus> {
  const confirmed = await ctx.secrets.get(originAccount(account)).catch(() => null);
  const status: SecretStatus = { set: true, source: 'command', from };
  if (borrowedMayGo(ctx, account, confirmed, ctx.settings.get())) return status;
  const savedFor = confirmed ?? ownOrigin(ctx, account) ?? 'default';
  return { ...status, originChanged: { savedFor, now: currentOrigin(ctx, account) } };
}

/** Adds the two addresses when the host's have changed since the secret was saved. */
function withOrigin(
  ctx: CoreContext,
  account: SecretAccountId,
  status: SecretStatus,
  saved: string | null,
): SecretStatus {
  const now = currentOrigin(ctx, account);
  const changed = saved !== null && saved !== now && now !== ownOrigin(ctx, account);
  return changed ? { ...status, originChanged: { savedFor: saved, now } } : status;
}

const withoutChange = ({ originChanged: _, ...status }: SecretStatus): SecretStatus => status;

/** Stores the secret in the keychain, or removes it (null). */
export async function storeSecret(
  ctx: CoreContext,
  account: SecretAccountId,
  value: string | null,
): Promise<SecretStatus> {
  const { label } = SECRET_ACCOUNTS[account];
  const env = envSecret(ctx, account)?.variable ?? SECRET_ACCOUNTS[account].env;
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
