// The hosts and their tiers, and the img.pro API key (written to the keychain, never read back).
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import type { App } from '../app.ts';
import { imgproKeyStatus, listProviders, setImgproKey } from '../providers/registry.ts';

export function hostsApi(app: App): Pick<ShotlinkApi, 'listProviders' | 'imgproKeyStatus' | 'setImgproKey'> {
  return {
    listProviders: async () => listProviders(app.core),
    // The tier list does not change with the key (the "key" tier is always offered), so no event.
    imgproKeyStatus: () => imgproKeyStatus(app.core),
    setImgproKey: (key) => setImgproKey(app.core, key),
  };
}
