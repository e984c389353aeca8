// "Serve": the Shotlink server started from the settings and what one caller overrides. The app's
// server switch (control.ts) and `shotlink serve` both start it here, so they cannot drift: the same
// defaults, the same shared backends from the environment, the same database URL rules.
import type { CoreContext } from '../context.ts';
import { databaseUrlFrom, type DatabaseUrlSources } from './database-url.ts';
import { serverOptionsFrom, type ServerOverrides } from './options.ts';
import { startShotlinkServer, type RunningShotlinkServer } from './start.ts';

export interface ServeRequest extends ServerOverrides {
  /** Where the team server's database URL comes from (`--database`, `--database-file`), else the environment. */
  database?: DatabaseUrlSources;
}

export function serve(
  ctx: Pick<CoreContext, 'home' | 'env' | 'settings'>,
  request: ServeRequest = {},
  warn: (line: string) => void = () => {},
): Promise<RunningShotlinkServer> {
  const { database, ...overrides } = request;
  const databaseUrl = databaseUrlFrom(database ?? {}, ctx.env, warn);
  return startShotlinkServer(
    serverOptionsFrom(ctx, ctx.settings.get(), {
      ...overrides,
      ...(overrides.databaseUrl === undefined && databaseUrl !== undefined && { databaseUrl }),
    }),
  );
}
