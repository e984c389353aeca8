// A new img.pro API key in one request (`POST /v1/keys`): the host shows the key once, so it goes
// straight into the keychain, bound to img.pro's address like every host secret (secrets/accounts.ts),
// and is never handed back: the caller gets what the key allows, and whether it is verified.
import { ShotlinkError } from '../../src-shared/errors.ts';
import type { ImgproKeyResult } from '../../src-shared/api.ts';
import type { CoreContext } from './context.ts';
import { requestImgproKey } from './providers/imgpro.ts';
import { SECRET_ACCOUNTS, storeSecret } from './secrets/accounts.ts';

export type CreatedImgproKey = ImgproKeyResult;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const ACCOUNT = 'imgpro-api-key';

export async function createImgproKey(ctx: CoreContext, email: string): Promise<CreatedImgproKey> {
  const address = email.trim();
  if (!EMAIL.test(address) || address.length > 254) {
    throw new ShotlinkError(
      'usage',
      `${JSON.stringify(email)} is not an email address; img.pro sends the verification link there.`,
    );
  }
  // The key is shown once: make sure it can be kept before asking for it.
  const { env, label } = SECRET_ACCOUNTS[ACCOUNT];
  if (ctx.env[env]?.trim()) {
    throw new ShotlinkError(
      'usage',
      `${label} comes from ${env}, which wins over the keychain: unset it first, or a new key would not be used. Nothing was requested.`,
      { code: 'secret_from_env' },
    );
  }
  const problem = await ctx.secrets.unavailableReason();
  if (problem) {
    throw new ShotlinkError(
      'usage',
      `${problem} img.pro shows a new key only once and Shotlink keeps keys only in the keychain, so nothing was requested.`,
      { code: 'keychain_unavailable' },
    );
  }
  const settings = ctx.settings.get();
  const created = await requestImgproKey({
    baseUrl: settings.hosts.imgproUrl,
    timeoutMs: settings.requestTimeoutSeconds * 1000,
    email: address,
  });
  const status = await storeSecret(ctx, ACCOUNT, created.key);
  const limits = {
    uploads: created.limits.uploads ?? null,
    storageMb: created.limits.storageMb ?? null,
    retentionDays: created.limits.retentionDays ?? null,
  };
  return {
    keyId: created.keyId ?? null,
    verified: created.verified,
    limits,
    message: created.message ?? null,
    unlocks: unlocksText(created.verified, limits, address),
    status,
  };
}

function unlocksText(verified: boolean, limits: CreatedImgproKey['limits'], email: string): string {
  const now = [
    limits.uploads !== null && `${limits.uploads} uploads`,
    limits.storageMb !== null &&
      `${limits.storageMb >= 1024 ? `${+(limits.storageMb / 1024).toFixed(1)} GB` : `${limits.storageMb} MB`} of storage`,
    limits.retentionDays !== null && `images kept ${limits.retentionDays} days`,
  ].filter(Boolean);
  const until = now.length > 0 ? `Until then the key allows ${now.join(', ')}. ` : '';
  return verified
    ? `The key is verified: uploads with --tier key are kept permanently.`
    : `Open the link img.pro sent to ${email} to verify it: verified keys keep uploads permanently. ${until}` +
        'Upload with --tier key (or choose “API key” in the window).';
}
