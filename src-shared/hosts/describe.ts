// What a host description is made of (hosts/index.ts lists them): the one place a host's names, tiers,
// settings with their form fields, secrets, doctor checks and help line are written. Everything else —
// the catalogue, the settings schema, the keychain accounts, the tier picker, the settings form, the
// doctor, the CLI's help and the docs' table — is derived from the list.
import * as z from 'zod';

export interface TierInfo {
  id: string;
  label: string;
  /** Largest upload the host accepts, in bytes: the optimizer fits every image under it. */
  maxBytes: number;
  /** Days the host keeps the image; null means permanent. */
  retentionDays: number | null;
  /** Price per upload in USDC atomic units ("10000" = 0.01 USDC); null when free. */
  priceAtomic: string | null;
  /** True when images on this tier can be seen by anyone with the link. */
  public: boolean;
  /** Who sees a link, where "public" or "private" would not be true (GitHub: the repository's readers). */
  audience?: string;
  note?: string;
  /** Keychain accounts this tier cannot upload without (the window says where to add them). */
  needs?: readonly string[];
}

/** A host as the window, the tray and the API list it. */
export interface ProviderInfo {
  id: string;
  label: string;
  /** built-in: described in src-shared/hosts; imported: a ShareX uploader the user added (removable). */
  kind: 'built-in' | 'imported';
  tiers: TierInfo[];
}

/** One setting a host owns, with how the settings form shows it. */
export interface HostField<Key extends string = string, Schema extends z.ZodType = z.ZodType> {
  /** The dotted settings key: `s3.bucket`, `hosts.imgproUrl`. */
  key: Key;
  schema: Schema;
  label: string;
  /** One line under the label. */
  help?: string;
  input: 'text' | 'url' | 'number' | 'switch';
  placeholder?: string;
  /** Shown folded away under Advanced (host addresses most people never change). */
  advanced?: boolean;
}

/** A secret a host needs, kept in the OS keychain under `account` (never in a file). */
export interface HostSecret<Account extends string = string> {
  account: Account;
  /** "The img.pro API key": starts a sentence. */
  label: string;
  /** The label beside the form field. */
  field: string;
  /** The environment variable that supplies it instead (and wins over the keychain). */
  env: string;
  /** Other variables read after `env`, in order (GitHub's GITHUB_TOKEN, as `gh` reads it). */
  alsoEnv?: readonly string[];
  usedFor: string;
}

export interface HostDescription<
  Id extends string = string,
  Fields extends readonly HostField[] = readonly HostField[],
  Secrets extends readonly HostSecret[] = readonly HostSecret[],
> {
  id: Id;
  /** For people: "img.pro". */
  label: string;
  /** One line for the settings form. */
  about?: string;
  /** A link after it: "Get a key at img.pro." */
  site?: { before: string; label: string; url: string };
  /** How the doctor names it, when not by its label. */
  doctorName?: string;
  /** The settings form's title when the label would be ambiguous there. */
  formTitle?: string;
  tiers: readonly (TierInfo & {
    /** How an image is sent, for the docs' table. */
    endpoint: string;
    /** What "kept" means when retentionDays says too little. */
    kept?: string;
  })[];
  fields: Fields;
  secrets: Secrets;
  /**
   * The setting holding the host's address: the doctor checks that it answers, errors name it, and the
   * host's secrets are bound to its origin. `whenEmpty` is what an empty value means.
   */
  address?: {
    key: Fields[number]['key'];
    /** What an empty value means, for people. */
    whenEmpty?: string;
    /** The address an empty setting stands for, when there is one without asking this machine. */
    probeWhenEmpty?: (env: Record<string, string | undefined>) => string;
    /** The doctor's words when this host is the destination and no address can be found. */
    missing?: { problem: string; fix: string };
    /** More settings its secrets are sent to (GitHub's uploads host): they are bound to these too. */
    others?: readonly Fields[number]['key'][];
    /**
     * The default addresses are the host's own (github.com): its secrets may always go there, saved for
     * another address or not. Without it, a secret goes only where it was saved or confirmed for.
     */
    ownDefaults?: boolean;
  };
  /** Settings whose being set says the person uses this host: the doctor checks it then, default or not. */
  setUpBy?: readonly Fields[number]['key'][];
  /** Settings that must not be empty before an upload (and that the doctor reports when they are). */
  required?: readonly Fields[number]['key'][];
  /** `upload --tier`'s help for this host, e.g. "free, 1y, permanent" (the tiers' ids by default). */
  help?: string;
  /**
   * The host's CDN serves other sizes and formats of an image from its link (img.pro: `?size=s|m|l`,
   * another extension): the link formats offer them (`upload --size`, the window's copy buttons).
   */
  linkVariants?: boolean;
  /** The host fetches an image from a link itself (img.pro's `POST /v1/import`): re-hosting sends only the link. */
  importsUrls?: boolean;
  /**
   * The host hands out an API key for an email in one request (img.pro's `POST /v1/keys`): its settings
   * section offers "Get a key", which stores the key in the keychain at once.
   */
  keyForEmail?: boolean;
}

/** Keeps the literal keys and schemas, so the settings schema derived from the list stays typed. */
export function describeHost<
  const Id extends string,
  const Fields extends readonly HostField[],
  const Secrets extends readonly HostSecret[],
>(description: HostDescription<Id, Fields, Secrets>): HostDescription<Id, Fields, Secrets> {
  return description;
}

export const field = <const Key extends string, Schema extends z.ZodType>(
  key: Key,
  schema: Schema,
  form: Omit<HostField, 'key' | 'schema'>,
): HostField<Key, Schema> => ({ key, schema, ...form });

export const MB = 1024 * 1024;

export const httpUrl = z.url({ protocol: /^https?$/ });
/** An http(s) URL, or empty for "the default". */
export const optionalHttpUrl = z.union([httpUrl, z.literal('')]);
