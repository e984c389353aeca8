// The server's options as the settings give them, with what one caller overrides (`shotlink serve`
// flags). The CLI's `serve` and the app's server switch both start from here, so they cannot drift.
import type { Settings } from '../../../src-shared/settings.ts';
import type { ShotlinkServerOptions } from './start.ts';
import { databaseUrlFrom } from './database-url.ts';

export type ServerOverrides = Partial<
  Pick<
    ShotlinkServerOptions,
    | 'host'
    | 'port'
    | 'publicUrl'
    | 'defaultExpiry'
    | 'quotaMb'
    | 'requestsPerMinute'
    | 'log'
    | 'owner'
    | 'databaseUrl'
    | 'storageUrl'
    | 'wholeBucket'
  >
>;

export function serverOptionsFrom(
  place: { home: string; env: NodeJS.ProcessEnv },
  settings: Settings,
  overrides: ServerOverrides = {},
): ShotlinkServerOptions {
  const server = settings.server;
  return {
    home: place.home,
    env: place.env,
    // An empty setting means "not set": the server picks its LAN address / its own base URL.
    host: overrides.host ?? (server.host || undefined),
    port: overrides.port ?? server.port,
    publicUrl: overrides.publicUrl ?? (server.publicUrl || undefined),
    defaultExpiry: overrides.defaultExpiry ?? server.defaultExpiry,
    quotaMb: overrides.quotaMb ?? server.quotaMb,
    requestsPerMinute: overrides.requestsPerMinute ?? server.requestsPerMinute,
    maxInputPixels: settings.maxInputPixels,
    // The shared backends are chosen per run (flags, environment), never by the desktop's settings.
    databaseUrl: overrides.databaseUrl ?? databaseUrlFrom({}, place.env, () => {}),
    storageUrl: overrides.storageUrl ?? (place.env.SHOTLINK_STORAGE_URL || undefined),
    wholeBucket: overrides.wholeBucket ?? place.env.SHOTLINK_STORAGE_WHOLE_BUCKET === '1',
    ...(overrides.log && { log: overrides.log }),
    ...(overrides.owner && { owner: overrides.owner }),
  };
}
