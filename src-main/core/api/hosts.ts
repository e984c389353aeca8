// The hosts and their tiers, and their secrets (the img.pro API key, S3 keys): written to the keychain,
// never read back.
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import type { App } from '../app.ts';
import { createImgproKey } from '../imgpro-key.ts';
import { listProviders } from '../providers/registry.ts';
import {
  confirmGithubTokenOrigin,
  GITHUB_TOKEN_ACCOUNT,
  githubTokenStatus,
} from '../providers/github/token.ts';
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
    // GitHub's token may also come from GITHUB_TOKEN or `gh auth token`: its own code says which.
    secretStatus: (account) =>
      account === GITHUB_TOKEN_ACCOUNT ? githubTokenStatus(app.core) : secretStatus(app.core, account),
    setSecret: async (account, value) => {
      const status = await storeSecret(app.core, account, value);
      return account === GITHUB_TOKEN_ACCOUNT ? githubTokenStatus(app.core) : status;
    },
    confirmSecretOrigin: (account) =>
      account === GITHUB_TOKEN_ACCOUNT
        ? confirmGithubTokenOrigin(app.core)
        : confirmSecretOrigin(app.core, account),
    createImgproKey: (email) => createImgproKey(app.core, email),
  };
}
