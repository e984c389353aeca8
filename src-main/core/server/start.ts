// Starting and stopping the Shotlink server: the one entry point for `shotlink serve` and for the
// desktop service, which runs the same server in-process when the user turns it on.
import { dataPaths } from '../store/paths.ts';
import { claimServerFolder } from '../store/service-lock.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings.ts';
import { CUSTOM_TIER } from '../../../src-shared/catalog.ts';
import { ImageLibrary, type Library } from './library.ts';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { buildServerApp } from './app.ts';
import { startSweeper } from './sweeper.ts';
import { DEFAULT_LIMITS, type ServerLimits } from './limits.ts';
import { resolveServerToken } from './token.ts';
import { parseExpiry } from './expiry.ts';
import { lanAddress, linkHost } from './lan.ts';
import { serverStatePath } from '../store/server-files.ts';

export { serverStatePath };

export const DEFAULT_SERVER_PORT = 8402;

export interface ShotlinkServerOptions {
  /** The data folder (SHOTLINK_HOME); images live in its `server/` folder. */
  home: string;
  /** Address to listen on; default the machine's LAN address. `0.0.0.0` listens everywhere. */
  host?: string | undefined;
  /** Default 8402; 0 picks a free port. */
  port?: number | undefined;
  /** Base of the links, when a reverse proxy serves us under another address. */
  publicUrl?: string | undefined;
  /** Lifetime of uploads that ask for none: "never", "7d", ... (setting `server.defaultExpiry`). */
  defaultExpiry?: string | undefined;
  quotaMb?: number | undefined;
  /** The upload token; default SHOTLINK_SERVER_TOKEN or the one kept in the data folder. */
  token?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  maxUploadBytes?: number | undefined;
  maxInputPixels?: number | undefined;
  /** Per client address, for uploads, deletes and the sxcu download. Default 60. */
  requestsPerMinute?: number | undefined;
  /** Timeouts and per-client connection cap (server/limits.ts); the defaults suit a LAN. */
  limits?: Partial<ServerLimits> | undefined;
  sweepIntervalMs?: number | undefined;
  /**
   * The team server's shared backends, both or neither: records in this PostgreSQL database and bytes in
   * this bucket (`s3://bucket/prefix`, endpoint and keys from the AWS_* variables). Several replicas
   * may serve the same pair. Without them, images live in the data folder (one machine).
   */
  databaseUrl?: string | undefined;
  storageUrl?: string | undefined;
  /** The bucket is Shotlink's alone: `storageUrl` may name it without a prefix (`--whole-bucket`). */
  wholeBucket?: boolean | undefined;
  /** Clock, for tests of expiry. */
  now?: (() => number) | undefined;
  /** Who runs it, as a second server on the same data folder is told ('shotlink serve', 'the desktop app'). */
  owner?: string | undefined;
  /** Where server-side failures are reported (default stderr). */
  log?: ((line: string) => void) | undefined;
}

export interface RunningShotlinkServer {
  /** The base URL used in links (the public URL when set). */
  url: string;
  /** The address on the LAN, where the server is listening. */
  lanUrl: string;
  token: string;
  /** Runs the sweeper now instead of waiting for its timer; returns how many images went. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

export async function startShotlinkServer(options: ShotlinkServerOptions): Promise<RunningShotlinkServer> {
  const defaults = DEFAULT_SETTINGS.server;
  const storage = dataPaths(options.home).serverStorage;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const defaultExpiry = options.defaultExpiry ?? defaults.defaultExpiry;
  const defaultLifetimeMs = parseExpiry(defaultExpiry);
  if (defaultLifetimeMs === undefined) {
    throw new ShotlinkError(
      'usage',
      `server.defaultExpiry "${defaultExpiry}" is not a lifetime: use e.g. 1h, 7d, 2w or never.`,
    );
  }
  const token = options.token ?? (await resolveServerToken(options.home, options.env ?? process.env));
  // One server per data folder: the index lives in it. A team server's records live in PostgreSQL,
  // which its replicas share by design, so it claims nothing here.
  const claim = isShared(options)
    ? null
    : claimServerFolder(options.home, options.owner ?? 'a Shotlink server');
  let library: Library;
  let rateStore: FastifyRateLimitStoreCtor | undefined;
  try {
    ({ library, rateStore } = await openBackends({ ...options, log }, storage));
  } catch (error) {
    claim?.release();
    throw error;
  }

  const host = options.host || lanAddress();
  const port = options.port ?? DEFAULT_SERVER_PORT;
  // The base URL is needed by the routes before we know a port picked by the system (port 0), so the
  // config object is completed right after listen() and before the first request can arrive.
  const config = {
    baseUrl: '',
    token,
    defaultLifetimeMs,
    quotaBytes: (options.quotaMb ?? defaults.quotaMb) * 1024 * 1024,
    maxUploadBytes: options.maxUploadBytes ?? CUSTOM_TIER.maxBytes,
    maxInputPixels: options.maxInputPixels ?? DEFAULT_SETTINGS.maxInputPixels,
    requestsPerMinute: options.requestsPerMinute ?? 60,
  };
  const app = await buildServerApp({ library, config, now, rateStore }, log, {
    behindProxy: Boolean(options.publicUrl),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  });
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    await library.close();
    claim?.release();
    throw listenError(error, host, port);
  }
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const lanUrl = `http://${linkHost(host)}:${boundPort}`;
  config.baseUrl = (options.publicUrl || lanUrl).replace(/\/+$/, '');

  const sweeper = startSweeper(library, {
    intervalMs: options.sweepIntervalMs ?? 60_000,
    now,
    onError: (e) => log(`Shotlink server sweep failed: ${String(e)}`),
  });
  await sweeper.sweepNow();
  // Where the `server` provider finds it (its address only: never the token).
  claim?.setUrl(config.baseUrl);

  let closing: Promise<void> | null = null;
  return {
    url: config.baseUrl,
    lanUrl,
    token,
    sweep: () => sweeper.sweepNow(),
    close: () =>
      (closing ??= (async () => {
        sweeper.stop();
        await app.close();
        await library.close();
        claim?.release();
      })()),
  };
}

/** This machine's library, or the team's shared one when a database and a bucket are given. */
const isShared = (options: ShotlinkServerOptions) => Boolean(options.databaseUrl || options.storageUrl);

/** Where the images live and, for replicas, where they count the rate limit together. */
async function openBackends(
  options: ShotlinkServerOptions,
  storage: string,
): Promise<{ library: Library; rateStore?: FastifyRateLimitStoreCtor }> {
  if (!isShared(options)) return { library: await ImageLibrary.open(storage) };
  if (!options.databaseUrl || !options.storageUrl) {
    throw new ShotlinkError(
      'usage',
      'A shared server needs both --database (postgres://…) and --storage (s3://bucket/prefix).',
    );
  }
  // Loaded only here: a server on one machine never loads PostgreSQL's or the AWS SDK's code.
  const { SharedLibrary } = await import('./shared/shared-library.ts');
  const { postgresRateStore } = await import('./shared/rate-store.ts');
  const library = await SharedLibrary.open({
    databaseUrl: options.databaseUrl,
    storageUrl: options.storageUrl,
    wholeBucket: options.wholeBucket,
    env: options.env ?? process.env,
    log: options.log,
  });
  return { library, rateStore: postgresRateStore(library.db) };
}

function listenError(error: unknown, host: string, port: number): ShotlinkError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new ShotlinkError(
      'usage',
      `Port ${port} is already in use on ${host}: choose another with --port (0 picks a free one).`,
    );
  }
  if (code === 'EADDRNOTAVAIL') {
    return new ShotlinkError(
      'usage',
      `${host} is not an address of this machine: use --host with one of its addresses, or 0.0.0.0.`,
    );
  }
  if (code === 'EACCES') {
    return new ShotlinkError(
      'usage',
      `Not allowed to listen on port ${port}: ports below 1024 need privileges; use --port 8402.`,
    );
  }
  return new ShotlinkError('internal', `The server could not start on ${host}:${port}: ${String(error)}`);
}
