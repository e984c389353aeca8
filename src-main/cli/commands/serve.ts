// `shotlink serve`: run the Shotlink image server in the foreground (a home server, a team's LAN box).
// Prints one line with the base URL on stdout, then serves until Ctrl-C / SIGTERM.
import type { Command } from 'commander';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { DEFAULT_SERVER_PORT, serve as startServer } from '../../core/for-shells/server.ts';
import { buildCore, isHttpUrl, runCommand } from '../context.ts';
import { untilStopped } from '../until-stopped.ts';

interface ServeOptions {
  host?: string;
  port?: string;
  publicUrl?: string;
  expiry?: string;
  quotaMb?: string;
  rateLimit?: string;
  database?: string;
  databaseFile?: string;
  storage?: string;
  wholeBucket?: boolean;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description(
      'Run the Shotlink image server (upload with `shotlink upload --provider server`, curl or ShareX).',
    )
    .option('--host <address>', "address to listen on (default: this machine's LAN address; 0.0.0.0 = all)")
    .option(
      '--port <port>',
      `port to listen on; 0 picks a free one (default: server.port, ${DEFAULT_SERVER_PORT})`,
    )
    .option(
      '--public-url <url>',
      'base URL used in links, when a reverse proxy serves this server (default: server.publicUrl)',
    )
    .option(
      '--expiry <lifetime>',
      'lifetime of uploads that ask for none: 1h, 7d, 2w, never (default: server.defaultExpiry)',
    )
    .option('--quota-mb <mb>', 'storage quota in MB (default: server.quotaMb)')
    .option(
      '--rate-limit <n>',
      'uploads, deletes and token checks per client address per minute (default: server.requestsPerMinute, 60)',
    )
    .option(
      '--database <url>',
      'keep the index, quotas and delete secrets in this PostgreSQL database, shared by replicas (default: SHOTLINK_DATABASE_URL); a password here is visible to every user (ps): prefer the variable or --database-file',
    )
    .option(
      '--database-file <path>',
      'read the database URL from this file (default: SHOTLINK_DATABASE_URL_FILE)',
    )
    .option(
      '--storage <s3-url>',
      'keep the images in this bucket, s3://bucket/prefix (endpoint and keys: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)',
    )
    .option(
      '--whole-bucket',
      "the bucket holds nothing but this server's images: allow --storage s3://bucket without a prefix (default: SHOTLINK_STORAGE_WHOLE_BUCKET=1)",
    )
    .action((options: ServeOptions) => runCommand(() => serve(options)));
}

async function serve(options: ServeOptions): Promise<void> {
  const core = buildCore();
  const server = await startServer(
    core,
    {
      owner: 'shotlink serve',
      ...(options.host !== undefined && { host: options.host }),
      ...(options.port !== undefined && { port: integer(options.port, '--port', 0, 65535) }),
      ...(options.publicUrl !== undefined && { publicUrl: httpUrl(options.publicUrl) }),
      ...(options.expiry !== undefined && { defaultExpiry: options.expiry }),
      ...(options.quotaMb !== undefined && {
        quotaMb: integer(options.quotaMb, '--quota-mb', 1, 1_000_000_000),
      }),
      ...(options.rateLimit !== undefined && {
        requestsPerMinute: integer(options.rateLimit, '--rate-limit', 1, 100_000),
      }),
      database: { flag: options.database, file: options.databaseFile },
      ...(options.storage !== undefined && { storageUrl: options.storage }),
      ...(options.wholeBucket && { wholeBucket: true }),
    },
    (line) => process.stderr.write(`${line}\n`),
  );
  // Listening for a stop before the URL is out (see ui.ts).
  const stopped = untilStopped();
  process.stdout.write(`Shotlink server at ${server.url}\n`);

  await stopped;
  await server.close();
}

function integer(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ShotlinkError('usage', `${flag} must be a whole number from ${min} to ${max}, not "${text}".`);
  }
  return value;
}

function httpUrl(text: string): string {
  if (isHttpUrl(text)) return text;
  throw new ShotlinkError(
    'usage',
    `--public-url must be an http(s) URL such as https://shots.example.org, not "${text}".`,
  );
}
