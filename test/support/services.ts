// The real servers some tests need, started once for the whole run by the global setup and stopped at
// its end: OpenStack Swift with its S3 API and PostgreSQL 15 (Debian's packages), through
// test/support/services/*.sh.
// Where they are not installed (a clone without `.ci/run`'s packages, not root), the tests that need
// them say so and are skipped; `.ci/run` installs them.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isOnPath } from '../../src-main/core/capture/on-path.ts';

const here = fileURLToPath(new URL('./services/', import.meta.url));

export interface S3Store {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Swift's anonymous path for public containers: `<publicBase>/<bucket>/<key>`. */
  publicBase: string;
}

const has = (program: string) => isOnPath(program, process.env);

/** Why the S3 store cannot run here, or null. */
export function s3Unavailable(): string | null {
  if (has('swift-proxy-server') && has('memcached')) return null;
  return 'OpenStack Swift is not installed (Debian: swift swift-proxy swift-object swift-container swift-account memcached; `.ci/run` installs them)';
}

/** Whether a port is free on 127.0.0.1 right now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A base port with `count` free ports from it: two test runs at once must not meet on one store. */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    let free = true;
    for (let port = base; free && port < base + count; port++) free = await portFree(port);
    if (free) return base;
  }
  throw new Error(`no ${count} free ports in a row on 127.0.0.1`);
}

/** Starts Swift on ports `port`…`port + 4`, its state in `home`. */
export async function startS3(home: string, port: number): Promise<S3Store> {
  await promisify(execFile)('bash', [join(here, 'start-s3.sh')], {
    env: { ...process.env, S3_HOME: home, S3_PORT: String(port) },
  });
  const env = Object.fromEntries(
    readFileSync(join(home, 's3.env'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  return {
    endpoint: env.S3_ENDPOINT!,
    region: env.S3_REGION!,
    accessKeyId: env.S3_ACCESS_KEY!,
    secretAccessKey: env.S3_SECRET_KEY!,
    publicBase: env.S3_PUBLIC_BASE!,
  };
}

/** Why PostgreSQL cannot run here, or null. */
export function pgUnavailable(): string | null {
  if (!existsSync('/usr/lib/postgresql/15/bin/initdb')) {
    return 'PostgreSQL 15 is not installed (Debian: postgresql-15; `.ci/run` installs it)';
  }
  if (process.getuid?.() !== 0) return 'PostgreSQL is started as its own user, which needs root';
  return null;
}

/** Starts PostgreSQL 15 on `port` with its data in `home`; resolves to its connection URL. */
export async function startPg(home: string, port: number): Promise<string> {
  await promisify(execFile)('bash', [join(here, 'start-pg.sh')], {
    env: { ...process.env, PG_HOME: home, PG_PORT: String(port) },
  });
  const line = readFileSync(join(home, 'pg.env'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('DATABASE_URL='));
  return line!.slice('DATABASE_URL='.length);
}

/** Stops PostgreSQL; `keepData` keeps the cluster for `resumePg` (a database restart in a test). */
export async function stopPg(home: string, options: { keepData?: boolean } = {}): Promise<void> {
  await promisify(execFile)('bash', [join(here, 'stop-pg.sh')], {
    env: { ...process.env, PG_HOME: home, ...(options.keepData && { KEEP_DATA: '1' }) },
  });
}

/** Starts the cluster `stopPg(home, { keepData: true })` stopped, on the same port, with its data. */
export async function resumePg(home: string, port: number): Promise<void> {
  await promisify(execFile)('bash', [join(here, 'start-pg.sh')], {
    env: { ...process.env, PG_HOME: home, PG_PORT: String(port), PG_RESUME: '1' },
  });
}

export async function stopS3(home: string): Promise<void> {
  await promisify(execFile)('bash', [join(here, 'stop-s3.sh')], { env: { ...process.env, S3_HOME: home } });
}
