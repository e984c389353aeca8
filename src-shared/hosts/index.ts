// The built-in hosts, each described once (one file each), and what is derived from the list: the
// catalogue's entries, the hosts' part of the settings schema, the keychain accounts, the CLI's help.
// A new host is a file beside these and one line in HOSTS (then its provider and factory in main).
import * as z from 'zod';
import type { HostDescription, ProviderInfo } from './describe.ts';
import { img402 } from './img402.ts';
import { imgpro } from './imgpro.ts';
import { server } from './server.ts';
import { s3 } from './s3.ts';
import { github } from './github.ts';

export const HOSTS = [img402, imgpro, server, s3, github] as const;

export type Host = (typeof HOSTS)[number];
export type BuiltinProviderId = Host['id'];

export function findHost(id: string): HostDescription | undefined {
  return HOSTS.find((host) => host.id === id);
}

export const isBuiltinHost = (id: string): id is BuiltinProviderId => findHost(id) !== undefined;

/** The catalogue's entries: each host with its tiers, as the tier picker and the API list them. */
export const BUILTIN_PROVIDERS: ProviderInfo[] = HOSTS.map((host) => ({
  id: host.id,
  label: host.label,
  kind: 'built-in',
  tiers: host.tiers.map(({ endpoint: _endpoint, kept: _kept, ...tier }) => tier),
}));

// --- The hosts' settings, grouped into their sections (`hosts`, `imgpro`, `s3`), typed from the list.

type HostFieldUnion = Host['fields'][number];
type SectionOf<Key> = Key extends `${infer Section}.${string}` ? Section : never;
type HostSection = SectionOf<HostFieldUnion['key']>;
type SectionShape<Section extends string> = {
  [F in HostFieldUnion as F['key'] extends `${Section}.${infer Name}` ? Name : never]: F['schema'];
};
type HostSettingsShape = { [S in HostSection]: z.ZodPrefault<z.ZodObject<SectionShape<S>>> };

function hostSettingsShape(): HostSettingsShape {
  const sections: Record<string, Record<string, z.ZodType>> = {};
  for (const { key, schema } of HOSTS.flatMap((host) => host.fields as readonly HostFieldUnion[])) {
    const [section, name] = key.split('.') as [string, string];
    (sections[section] ??= {})[name] = schema;
  }
  return Object.fromEntries(
    Object.entries(sections).map(([section, shape]) => [section, z.object(shape).prefault({})]),
  ) as unknown as HostSettingsShape;
}

/** Spread into the settings schema (src-shared/settings.ts). */
export const HOST_SETTINGS = hostSettingsShape();

// --- The keychain accounts, from every host's secrets.

type HostSecretUnion = Host['secrets'][number];
export type SecretAccountId = HostSecretUnion['account'];

export const SECRET_ACCOUNTS = Object.fromEntries(
  HOSTS.flatMap((host) => host.secrets.map((secret) => [secret.account, { ...secret, host: host.id }])),
) as { [A in SecretAccountId]: Extract<HostSecretUnion, { account: A }> & { host: BuiltinProviderId } };

export const SECRET_ACCOUNT_IDS = Object.keys(SECRET_ACCOUNTS) as [SecretAccountId, ...SecretAccountId[]];

export function isSecretAccount(account: string): account is SecretAccountId {
  return Object.hasOwn(SECRET_ACCOUNTS, account);
}

// --- The CLI's help and the docs' table.

/** `upload --provider`'s help. */
export const providerHelp = () =>
  `${HOSTS.map((host) => host.id).join(', ')} or an imported uploader (default: the provider setting)`;

/** `upload --tier`'s help: every host with more than one tier. */
export const tierHelp = () =>
  `${HOSTS.filter((host) => host.tiers.length > 1)
    .map((host) => `${host.id}: ${host.help ?? host.tiers.map((tier) => tier.id).join(', ')}`)
    .join('; ')} (default: the tier setting)`;

const sizeLabel = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
const keptLabel = (days: number | null) =>
  days === null
    ? 'permanent'
    : days % 365 === 0
      ? days === 365
        ? '1 year'
        : `${days / 365} years`
      : `${days} days`;

/** The table of docs/hosts.md (a test holds the file to it). */
export function hostsTable(): string {
  const rows = HOSTS.flatMap((host) =>
    host.tiers.map(
      (tier) =>
        `| \`${host.id}\` | \`${tier.id}\` | ${tier.endpoint} | ${sizeLabel(tier.maxBytes)} | ${tier.kept ?? keptLabel(tier.retentionDays)} |`,
    ),
  );
  return ['| provider | tier | endpoint | limit | kept |', '|---|---|---|---|---|', ...rows].join('\n');
}
