// Settings as `shotlink config` names them, and the img.pro API key kept in the keychain.
export { getSettingValue, patchForKey, settingKeys } from '../store/settings-store.ts';
export { planOf, summarizeDestination, summarizeWatching } from '../watch/summary.ts';
export { IMGPRO_KEY_ACCOUNT, imgproKeyStatus, setImgproKey } from '../providers/registry.ts';
