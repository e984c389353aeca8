// Whether a host can be used as configured: its required settings (the description's `required`) and
// the secrets the tier needs (the tier's `needs`). One function for the upload's gate and the doctor,
// so both name the same missing things in the same words. Settings are checked before any secret, so an
// empty bucket is reported as such even where no keychain answers.
import type { TierInfo } from '../../../src-shared/catalog.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { findHost } from '../../../src-shared/hosts/index.ts';
import { isSecretAccount, SECRET_ACCOUNTS, type SecretAccountId } from '../../../src-shared/secrets.ts';
import type { Settings } from '../../../src-shared/settings.ts';
import type { CoreContext } from '../context.ts';
import { readSecret } from '../secrets/accounts.ts';
import { getSettingValue } from '../store/settings-store.ts';

/** The required settings that are empty, as dotted keys. */
export function emptyRequiredSettings(settings: Settings, hostId: string): string[] {
  return (findHost(hostId)?.required ?? []).filter((key) => !getSettingValue(settings, key));
}

/**
 * The secrets the tier needs, read (environment first, then the keychain); throws one usage error naming
 * every missing setting and secret, and how to give each.
 */
export async function requireConfigured(
  ctx: CoreContext,
  hostId: string,
  tier: TierInfo,
): Promise<Partial<Record<SecretAccountId, string>>> {
  const host = findHost(hostId);
  if (!host) return {};
  const emptySettings = emptyRequiredSettings(ctx.settings.get(), hostId);
  const accounts = (tier.needs ?? []).filter(isSecretAccount);
  const secrets: Partial<Record<SecretAccountId, string>> = {};
  const missing: SecretAccountId[] = [];
  let keychainProblem: string | null = null;
  for (const account of accounts) {
    try {
      const value = await readSecret(ctx, account);
      if (value) secrets[account] = value;
      else missing.push(account);
    } catch (error) {
      // No keychain: still say what else is missing, the keychain's problem last.
      keychainProblem ??= (error as Error).message;
      missing.push(account);
    }
  }
  if (emptySettings.length === 0 && missing.length === 0) return secrets;
  const what = [
    ...emptySettings.map((key) => `the setting ${key}`),
    ...missing.map((account) => SECRET_ACCOUNTS[account].label.replace(/^The /, 'the ')),
  ];
  const how = [
    ...emptySettings.map((key) => `\`shotlink config set ${key} <value>\``),
    ...missing.map((account) => `\`shotlink config set-secret ${account}\` (it reads stdin)`),
  ];
  const env = missing.map((account) => SECRET_ACCOUNTS[account].env);
  const tierName = host.tiers.length > 1 ? ` "${tier.id}" tier` : '';
  throw new ShotlinkError(
    'usage',
    `${host.label}${tierName} needs ${listed(what)}. Set ${what.length > 1 ? 'them' : 'it'} under Settings > ` +
      `${host.label} in the window, or with ${listed(how)}` +
      (env.length ? `, or set ${listed(env)} for this run` : '') +
      '.' +
      (keychainProblem && emptySettings.length === 0 ? ` ${keychainProblem}` : ''),
    { code: 'host_not_configured' },
  );
}

const listed = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
