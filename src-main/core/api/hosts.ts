// The hosts and their tiers, and their secrets (the img.pro API key, S3 keys): written to the keychain,
// never read back.
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import type { App } from '../app.ts';
import { createImgproKey } from '../imgpro-key.ts';
import { listProviders } from '../providers/registry.ts';
import { confirmSecretOrigin, secretStatus, storeSecret } from '../secrets/accounts.ts';

export function hostsApi(
  app: App,
): Pick<
  ShotlinkApi,
  'listProviders' | 'secretStatus' | 'setSecret' | 'confirmSecretOrigin' | 'createImgproKey'
> {
  return {
    listProviders: async () => listProviders(app.core),
    // The tier list does not change with a secret (every tier is always offered), so no event.
    secretStatus: (account) => secretStatus(app.core, account),
    setSecret: (account, value) => storeSecret(app.core, account, value),
    confirmSecretOrigin: (account) => confirmSecretOrigin(app.core, account),
    createImgproKey: (email) => createImgproKey(app.core, email),
  };
}
