// Settings, persisted as `settings.json` in the data folder and validated with the shared
// schema on every read and write. Environment overrides (SHOTLINK_IMG402_URL, SHOTLINK_IMGPRO_URL) apply
// to what is read and are never written back: they point one run, e.g. a test, at another host.
import * as z from 'zod';
import {
  applySettingsPatch,
  DEFAULT_SETTINGS,
  settingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../../src-shared/settings.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { SettingsStore } from '../context.ts';
import { closestName } from '../util/closest.ts';
import { openCheckedJson, type StoreProblem } from './checked-json.ts';

export interface CheckedSettingsStore extends SettingsStore {
  /** Settings as stored, without environment overrides. */
  getStored(): Settings;
  /** Damaged settings files that were set aside. */
  readonly problems: readonly StoreProblem[];
}

/** Environment variables that override a host URL for this run only. */
export const HOST_URL_OVERRIDES = {
  SHOTLINK_IMG402_URL: 'img402Url',
  SHOTLINK_IMGPRO_URL: 'imgproUrl',
  SHOTLINK_GITHUB_API_URL: 'githubApiUrl',
  SHOTLINK_GITHUB_UPLOADS_URL: 'githubUploadsUrl',
} as const satisfies Record<string, keyof Settings['hosts']>;

export function createSettingsStore(
  home: string,
  env: NodeJS.ProcessEnv = process.env,
): CheckedSettingsStore {
  const file = openCheckedJson<Settings>({
    home,
    name: 'settings',
    schema: settingsSchema as z.ZodType<Settings>,
    empty: () => structuredClone(DEFAULT_SETTINGS),
    fallbackNote: 'the default settings are used',
  });

  const withOverrides = (settings: Settings): Settings => {
    const hosts = { ...settings.hosts };
    for (const [variable, key] of Object.entries(HOST_URL_OVERRIDES)) {
      const value = env[variable];
      if (!value) continue;
      if (!z.url({ protocol: /^https?$/ }).safeParse(value).success) {
        // Ignoring it would send images to the configured (maybe public) host instead: refuse.
        throw new ShotlinkError('usage', `${variable} must be an http(s) URL, got "${value}".`);
      }
      hosts[key] = value;
    }
    return { ...settings, hosts };
  };

  return {
    get: () => withOverrides(file.read()),
    getStored: () => file.read(),
    set(patch) {
      rejectUnknownKeys(patch);
      const next = file.update((current) => {
        try {
          return applySettingsPatch(current, patch);
        } catch (error) {
          throw error instanceof z.ZodError ? settingError(error) : error;
        }
      });
      return withOverrides(next);
    },
    problems: file.problems,
  };
}

/** The schema drops keys it does not know; a typo in `config set` must say so instead. */
function rejectUnknownKeys(patch: SettingsPatch): void {
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in DEFAULT_SETTINGS)) throw unknownSetting(key);
    const defaults = DEFAULT_SETTINGS[key as keyof Settings];
    if (isPlainObject(defaults) && isPlainObject(value)) {
      for (const inner of Object.keys(value)) {
        if (!(inner in defaults)) throw unknownSetting(`${key}.${inner}`);
      }
    }
  }
}

/** Names the closest key when there is one (a typo, the wrong case); else lists every key. */
export function unknownSetting(key: string): ShotlinkError {
  const meant = closestName(key, settingKeys());
  return new ShotlinkError(
    'usage',
    meant
      ? `There is no setting "${key}": did you mean ${meant}? (\`shotlink config list\` shows them all.)`
      : `There is no setting "${key}". Settings are: ${settingKeys().join(', ')}.`,
  );
}

function settingError(error: z.ZodError): ShotlinkError {
  const issue = error.issues[0];
  const key = issue?.path.join('.') || 'settings';
  return new ShotlinkError('usage', `Setting ${key} is invalid: ${issue?.message ?? 'rejected'}.`);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every setting as a dotted key (`payments.dailyCapUsdc`), in schema order. */
export function settingKeys(): string[] {
  return Object.entries(DEFAULT_SETTINGS).flatMap(([key, value]) =>
    isPlainObject(value) ? Object.keys(value).map((inner) => `${key}.${inner}`) : [key],
  );
}

/** Reads a dotted key from settings; undefined when there is no such key. */
export function getSettingValue(settings: Settings, key: string): unknown {
  const [outer, inner, ...rest] = key.split('.');
  if (rest.length > 0 || !outer || !(outer in settings)) return undefined;
  const value: unknown = settings[outer as keyof Settings];
  if (inner === undefined) return value;
  return isPlainObject(value) && inner in value ? value[inner] : undefined;
}

/** Turns a dotted key and a value into a patch: `payments.dailyCapUsdc`, "5" -> {payments: {dailyCapUsdc: "5"}}. */
export function patchForKey(key: string, value: unknown): SettingsPatch {
  if (!(key in DEFAULT_SETTINGS) && !settingKeys().includes(key)) throw unknownSetting(key);
  const [outer, inner] = key.split('.') as [string, string | undefined];
  return (inner === undefined ? { [outer]: value } : { [outer]: { [inner]: value } }) as SettingsPatch;
}
