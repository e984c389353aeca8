// Which hosts exist and how to build one: the catalogue (src-shared/catalog.ts) says what each host and
// tier is, the factories below say how to talk to it with the current settings and secrets.
// New hosts (the Shotlink server, ShareX custom uploaders) plug in by adding a factory here. Each
// factory loads its host's client when it is used: an upload to one host does not load the others.
import { BUILTIN_PROVIDERS, type ProviderInfo, type TierInfo } from '../../../src-shared/catalog.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { CoreContext } from '../context.ts';
import type { HostOptions, Provider } from './provider.ts';
import { customProviderInfos, loadCustomProvider } from './custom/index.ts';
import { readSecret, SECRET_ACCOUNTS } from '../secrets/accounts.ts';

/** The keychain account that holds the img.pro API key. */
export const IMGPRO_KEY_ACCOUNT = 'imgpro-api-key';
/** Environment variable that supplies the img.pro API key instead of the keychain (headless use). */
export const IMGPRO_KEY_ENV = SECRET_ACCOUNTS[IMGPRO_KEY_ACCOUNT].env;

/** Builds a host client for one upload; async because a tier may need a secret first. */
type ProviderFactory = (
  ctx: CoreContext,
  tier: TierInfo,
  options: HostOptions,
) => Provider | Promise<Provider>;

const timeoutMs = (ctx: CoreContext) => ctx.settings.get().requestTimeoutSeconds * 1000;

const FACTORIES: Record<string, ProviderFactory> = {
  async img402(ctx) {
    const { createImg402Provider } = await import('./img402.ts');
    return createImg402Provider({ baseUrl: ctx.settings.get().hosts.img402Url, timeoutMs: timeoutMs(ctx) });
  },

  async imgpro(ctx, tier) {
    const { createImgproProvider } = await import('./imgpro.ts');
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

  async server(ctx) {
    const { createShotlinkServerProvider, resolveServerConnection } = await import('./shotlink-server.ts');
    return createShotlinkServerProvider(await resolveServerConnection(ctx));
  },

  async s3(ctx) {
    const { s3 } = ctx.settings.get();
    const [accessKeyId, secretAccessKey] = await Promise.all([
      readSecret(ctx, 's3-access-key-id'),
      readSecret(ctx, 's3-secret-access-key'),
    ]);
    if (!s3.bucket || !accessKeyId || !secretAccessKey) {
      throw new ShotlinkError(
        'usage',
        `The S3 destination needs ${[!s3.bucket && 'a bucket (s3.bucket)', !accessKeyId && 'an access key id', !secretAccessKey && 'a secret access key'].filter(Boolean).join(', ')}. ` +
          'Set them under Settings > S3 bucket in the window, or with `shotlink config set s3.bucket <name>` and ' +
          '`shotlink config set-secret s3-access-key-id` / `s3-secret-access-key` (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).',
        { code: 's3_not_configured' },
      );
    }
    const { createS3Provider } = await import('./s3.ts');
    return createS3Provider({
      ...s3,
      endpoint: s3.endpoint || ctx.env.AWS_ENDPOINT_URL || '',
      region: s3.region || ctx.env.AWS_REGION || 'us-east-1',
      presignSeconds: s3.presignDays * 24 * 3600,
      credentials: { accessKeyId, secretAccessKey },
      timeoutMs: timeoutMs(ctx),
    });
  },

  async github(ctx, _tier, options) {
    const { createGithubProvider, resolveGithubDestination } = await import('./github/provider.ts');
    return createGithubProvider(await resolveGithubDestination(ctx, options.repo));
  },
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
  options: HostOptions = {},
): Promise<{ provider: Provider; tier: TierInfo }> {
  const tier = resolveTier(ctx, providerId, tierId);
  const factory = FACTORIES[providerId];
  const provider = factory ? await factory(ctx, tier, options) : await loadCustomProvider(ctx, providerId);
  return { provider, tier };
}

/** The img.pro API key: the environment wins (headless runs), else the keychain. */
export const imgproApiKey = (ctx: CoreContext) => readSecret(ctx, IMGPRO_KEY_ACCOUNT);
