// How to build each host's client: the descriptions (src-shared/hosts/) say what each host and tier is,
// the factories below how to talk to it with the current settings and the secrets its tier needs. The
// table is typed by the list of descriptions, so a described host without a factory does not compile.
// Each factory loads its host's client when it is used: an upload to one host does not load the others.
import {
  BUILTIN_PROVIDERS,
  type BuiltinProviderId,
  type ProviderInfo,
  type TierInfo,
} from '../../../src-shared/catalog.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { isBuiltinHost } from '../../../src-shared/hosts/index.ts';
import type { SecretAccountId } from '../../../src-shared/secrets.ts';
import type { CoreContext } from '../context.ts';
import type { HostOptions, Provider } from './provider.ts';
import {
  createShotlinkServerProvider,
  resolveServerConnection,
  runningServerUrl,
} from './shotlink-server.ts';
import type { Settings } from '../../../src-shared/settings.ts';
import { customProviderInfos, loadCustomProvider } from './custom/index.ts';
import { s3Region } from '../s3/store.ts';
import { closestName } from '../util/closest.ts';
import { requireConfigured } from './configured.ts';

/**
 * Builds a host client for one upload, given the secrets its tier needs (already read and checked by
 * requireConfigured). Async because a host may look for more (the server's own token).
 */
type ProviderFactory = (
  ctx: CoreContext,
  tier: TierInfo,
  secrets: Partial<Record<SecretAccountId, string>>,
  options: HostOptions,
) => Provider | Promise<Provider>;

const timeoutMs = (ctx: CoreContext) => ctx.settings.get().requestTimeoutSeconds * 1000;

const FACTORIES: Record<BuiltinProviderId, ProviderFactory> = {
  async img402(ctx) {
    const { createImg402Provider } = await import('./img402.ts');
    return createImg402Provider({ baseUrl: ctx.settings.get().hosts.img402Url, timeoutMs: timeoutMs(ctx) });
  },

  async imgpro(ctx, tier, secrets, options) {
    const { createImgproProvider } = await import('./imgpro.ts');
    const settings = ctx.settings.get();
    const tags = options.tags ?? settings.imgpro.tags;
    const namespace = options.namespace ?? settings.imgpro.namespace;
    const base = { baseUrl: settings.hosts.imgproUrl, timeoutMs: timeoutMs(ctx) };
    const apiKey = secrets['imgpro-api-key'];
    // The anonymous tier sends no key even when one is stored: the user chose anonymous.
    if (tier.id !== 'key' || !apiKey) return createImgproProvider(base);
    return createImgproProvider({
      ...base,
      apiKey,
      ...(tags && { tags }),
      ...(namespace && { namespace }),
    });
  },

  server: async (ctx) => createShotlinkServerProvider(await resolveServerConnection(ctx)),

  async s3(ctx, _tier, secrets) {
    const { createS3Provider } = await import('./s3.ts');
    const { s3 } = ctx.settings.get();
    return createS3Provider({
      ...s3,
      endpoint: s3.endpoint || ctx.env.AWS_ENDPOINT_URL || '',
      region: s3Region(s3.region, ctx.env),
      presignSeconds: s3.presignDays * 24 * 3600,
      credentials: {
        accessKeyId: secrets['s3-access-key-id'] ?? '',
        secretAccessKey: secrets['s3-secret-access-key'] ?? '',
      },
      timeoutMs: timeoutMs(ctx),
    });
  },

  async github(ctx, _tier, _secrets, options) {
    const { createGithubProvider, resolveGithubDestination } = await import('./github/provider.ts');
    return createGithubProvider(await resolveGithubDestination(ctx, options.repo), options.repository);
  },
};

/**
 * Where a host is when its address setting is empty: this machine's running server, or AWS in the
 * configured region. Undefined when there is nowhere to go.
 */
export async function addressWhenEmpty(
  hostId: string,
  settings: Settings,
  home: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  if (hostId === 'server') return runningServerUrl(home);
  if (hostId === 's3')
    return env.AWS_ENDPOINT_URL || `https://s3.${s3Region(settings.s3.region, env)}.amazonaws.com`;
  return undefined;
}

/** The hosts that can be uploaded to here, with their tiers. */
export function listProviders(ctx: CoreContext): ProviderInfo[] {
  // Imported ShareX uploaders (`shotlink uploader add`) follow, under their own names.
  return [...BUILTIN_PROVIDERS, ...customProviderInfos(ctx.home)];
}

/** The host, or a usage error that lists what exists (and names the closest). */
export function knownProvider(ctx: CoreContext, providerId: string): ProviderInfo {
  const providers = listProviders(ctx);
  const provider = providers.find((candidate) => candidate.id === providerId);
  if (provider) return provider;
  const ids = providers.map((p) => p.id);
  const closest = closestName(providerId, ids);
  throw new ShotlinkError(
    'usage',
    `Unknown provider "${providerId}".${closest ? ` Did you mean ${closest}?` : ''} Choose one of: ${ids.join(', ')}.`,
  );
}

/** The tier, or a usage error that lists what exists. */
export function resolveTier(ctx: CoreContext, providerId: string, tierId: string): TierInfo {
  const provider = knownProvider(ctx, providerId);
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
  const provider = isBuiltinHost(providerId)
    ? await FACTORIES[providerId](ctx, tier, await requireConfigured(ctx, providerId, tier), options)
    : await loadCustomProvider(ctx, providerId);
  return { provider, tier };
}
