// Reading and storing the host secrets (src-shared/secrets.ts says which exist): each lives in the OS
// keychain under its account, or comes from an environment variable that wins over the keychain
// (headless runs). Stored only in the keychain, never in a file; messages name a secret, never quote it.
import { ShotlinkError } from '../../../src-shared/errors.ts';
import {
  isSecretAccount,
  SECRET_ACCOUNTS,
  type SecretAccountId,
  type SecretStatus,
} from '../../../src-shared/secrets.ts';
import type { CoreContext } from '../context.ts';

export { isSecretAccount, SECRET_ACCOUNTS, type SecretAccountId, type SecretStatus };

const fromEnv = (ctx: CoreContext, account: SecretAccountId) =>
  ctx.env[SECRET_ACCOUNTS[account].env]?.trim() || null;

/** The secret: the environment wins (headless runs), else the keychain; null when neither has it. */
export async function readSecret(ctx: CoreContext, account: SecretAccountId): Promise<string | null> {
  const env = fromEnv(ctx, account);
  if (env) return env;
  try {
    return await ctx.secrets.get(account);
  } catch (error) {
    // No keychain here: say why, and how to pass the secret without one.
    throw new ShotlinkError('usage', `${(error as Error).message} Or set ${SECRET_ACCOUNTS[account].env}.`, {
      code: 'keychain_unavailable',
    });
  }
}

/** Whether it is set and where from, for the window: never the secret itself. */
export async function secretStatus(ctx: CoreContext, account: SecretAccountId): Promise<SecretStatus> {
  if (fromEnv(ctx, account)) return { set: true, source: 'env' };
  const problem = await ctx.secrets.unavailableReason();
  if (problem) return { set: false, source: null, keychainProblem: problem };
  return (await readSecret(ctx, account)) ? { set: true, source: 'keychain' } : { set: false, source: null };
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
  if (value === null) await ctx.secrets.delete(account);
  else await ctx.secrets.set(account, value);
  return secretStatus(ctx, account);
}
