// Settings as `shotlink config` names them, and the host secrets kept in the keychain.
export { getSettingValue, patchForKey, settingKeys, unknownSetting } from '../store/settings-store.ts';
export { summarizeWatchSettings } from '../watch/summary.ts';
export { checkSettingsPatch } from '../setting-values.ts';
export {
  isSecretAccount,
  SECRET_ACCOUNTS,
  secretStatus,
  storeSecret,
  type SecretAccountId,
} from '../secrets/accounts.ts';
export { createImgproKey, type CreatedImgproKey } from '../imgpro-key.ts';
