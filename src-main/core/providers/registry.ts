// Which hosts exist and how to build one: the catalogue (src-shared/catalog.ts) says what each host and
// tier is, the factories below say how to talk to it with the current settings and secrets.
// New hosts (the Shotlink server, ShareX custom uploaders) plug in by adding a factory here.
import { BUILTIN_PROVIDERS, type ProviderInfo, type TierInfo } from '../../../src-shared/catalog.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { ImgproKeyStatus } from '../../../src-shared/api.ts';
import type { CoreContext } from '../context.ts';
import type { Provider } from './provider.ts';
import { createImg402Provider } from './img402.ts';
import { createImgproProvider } from './imgpro.ts';
import { createShotlinkServerProvider, resolveServerConnection } from './shotlink-server.ts';
import { customProviderInfos, loadCustomProvider } from './custom/index.ts';

/** The keychain account that holds the img.pro API key. */
export const IMGPRO_KEY_ACCOUNT = 'imgpro-api-key';
/** Environment variable that supplies the img.pro API key instead of the keychain (headless use). */
export const IMGPRO_KEY_ENV = 'SHOTLINK_IMGPRO_KEY';

/** Builds a host client for one upload; async because a tier may need a secret first. */
type ProviderFactory = (ctx: CoreContext, tier: TierInfo) => Provider | Promise<Provider>;

const timeoutMs = (ctx: CoreContext) => ctx.settings.get().requestTimeoutSeconds * 1000;

const FACTORIES: Record<string, ProviderFactory> = {
  img402: (ctx) =>
    createImg402Provider({ baseUrl: ctx.settings.get().hosts.img402Url, timeoutMs: timeoutMs(ctx) }),

  async imgpro(ctx, tier) {
    const settings = ctx.settings.get();
    const base = { baseUrl: settings.hosts.imgproUrl, timeoutMs: timeoutMs(ctx) };
    // The anonymous tier sends no key even when one is stored: the user chose anonymous.
    if (tier.id !== 'key') return createImgproProvider(base);
    const apiKey = await imgproApiKey(ctx);
    if (!apiKey) {
      throw new ShotlinkError(
        'usage',
        `The img.pro "key" tier needs an API key. Store it in the keychain under Settings > img.pro in ` +
          `the window, or with \`shotlink config set-secret ${IMGPRO_KEY_ACCOUNT}\` (it reads the key from stdin), ` +
          `or set ${IMGPRO_KEY_ENV} for this run. Without a key, use --tier anonymous.`,
        { code: 'missing_api_key' },
      );
    }
    return createImgproProvider({
      ...base,
      apiKey,
      ...(settings.imgpro.tags && { tags: settings.imgpro.tags }),
      ...(settings.imgpro.namespace && { namespace: settings.imgpro.namespace }),
    });
  },

  server: async (ctx) => createShotlinkServerProvider(await resolveServerConnection(ctx)),
};

/** The hosts that can be uploaded to here, with their tiers. */
export function listProviders(ctx: CoreContext): ProviderInfo[] {
  const builtin = BUILTIN_PROVIDERS.filter((provider) => provider.id in FACTORIES);
  // Imported ShareX uploaders (`shotlink uploader add`) follow, under their own names.
  return [...builtin, ...customProviderInfos(ctx.home)];
}

/** The tier, or a usage error that lists what exists. */
export function resolveTier(ctx: CoreContext, providerId: string, tierId: string): TierInfo {
  const providers = listProviders(ctx);
  const provider = providers.find((candidate) => candidate.id === providerId);
  if (!provider) {
    throw new ShotlinkError(
      'usage',
      `Unknown provider "${providerId}". Choose one of: ${providers.map((p) => p.id).join(', ')}.`,
    );
  }
  const tier = provider.tiers.find((candidate) => candidate.id === tierId);
  if (!tier) {
    throw new ShotlinkError(
      'usage',
      `${provider.label} has no tier "${tierId}". Choose one of: ${provider.tiers.map((t) => t.id).join(', ')}.`,
    );
  }
  return tier;
}

/** A ready host client and the tier it uploads to. Fails (before any image work) on a missing secret. */
export async function resolveProvider(
  ctx: CoreContext,
  providerId: string,
  tierId: string,
): Promise<{ provider: Provider; tier: TierInfo }> {
  const tier = resolveTier(ctx, providerId, tierId);
  const factory = FACTORIES[providerId];
  const provider = factory ? await factory(ctx, tier) : await loadCustomProvider(ctx, providerId);
  return { provider, tier };
}

/** The img.pro API key: the environment wins (headless runs), else the keychain. */
export async function imgproApiKey(ctx: CoreContext): Promise<string | null> {
  const fromEnv = imgproKeyFromEnv(ctx);
  if (fromEnv) return fromEnv;
  try {
    return await ctx.secrets.get(IMGPRO_KEY_ACCOUNT);
  } catch (error) {
    // No keychain here: say why, and how to pass the key without one.
    throw new ShotlinkError(
      'usage',
      `${(error as Error).message} Or set ${IMGPRO_KEY_ENV} to the img.pro API key.`,
      { code: 'keychain_unavailable' },
    );
  }
}

function imgproKeyFromEnv(ctx: CoreContext): string | null {
  return ctx.env[IMGPRO_KEY_ENV]?.trim() || null;
}

/** Whether an img.pro API key is set and where from, for the window: never the key itself. */
export async function imgproKeyStatus(ctx: CoreContext): Promise<ImgproKeyStatus> {
  if (imgproKeyFromEnv(ctx)) return { set: true, source: 'env' };
  const problem = await ctx.secrets.unavailableReason();
  if (problem) return { set: false, source: null, keychainProblem: problem };
  return (await imgproApiKey(ctx)) ? { set: true, source: 'keychain' } : { set: false, source: null };
}

/** Stores the img.pro API key in the keychain, or removes it (null). Messages never quote the key. */
export async function setImgproKey(ctx: CoreContext, key: string | null): Promise<ImgproKeyStatus> {
  // The environment wins over the keychain: a key saved now would silently not be used.
  if (imgproKeyFromEnv(ctx)) {
    throw new ShotlinkError(
      'usage',
      `The img.pro API key comes from the ${IMGPRO_KEY_ENV} environment variable, which wins over the ` +
        `keychain: unset it to ${key === null ? 'remove' : 'store'} the key here.`,
      { code: 'imgpro_key_from_env' },
    );
  }
  const problem = await ctx.secrets.unavailableReason();
  // Never fall back to a plain-text file: settings and history are readable by anything on the disk.
  if (problem) {
    throw new ShotlinkError(
      'usage',
      `${problem} Shotlink will not store the img.pro API key in plain text; set ${IMGPRO_KEY_ENV} instead.`,
      { code: 'keychain_unavailable' },
    );
  }
  if (key === null) await ctx.secrets.delete(IMGPRO_KEY_ACCOUNT);
  else await ctx.secrets.set(IMGPRO_KEY_ACCOUNT, key);
  return imgproKeyStatus(ctx);
}
