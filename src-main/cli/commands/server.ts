// `shotlink server`: the server's token (to give to uploaders), moving its images to a team server's
// shared backends, and connecting this machine's uploads to a Shotlink server elsewhere on the network.
import type { Command } from 'commander';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { dataPaths } from '../../core/for-shells/core.ts';
import {
  databaseUrlFrom,
  resolveServerToken,
  TOKEN_ENV,
  SERVER_TOKEN_ACCOUNT,
} from '../../core/for-shells/server.ts';
import { storeSecret } from '../../core/for-shells/settings.ts';
import { readAllStdin, readSecretLine } from '../confirm.ts';
import { buildCore, isHttpUrl, runCommand } from '../context.ts';

export function register(program: Command): void {
  const server = program
    .command('server')
    .description('The Shotlink server: its token, and which server uploads go to.');

  server
    .command('token')
    .description(
      `Print this machine's server token (${TOKEN_ENV}, or the one generated and kept in the data folder).`,
    )
    .action(() =>
      runCommand(async () => {
        const core = buildCore();
        process.stdout.write(`${await resolveServerToken(core.home, core.env)}\n`);
      }),
    );

  server
    .command('migrate')
    .description(
      "Move this machine's server images to a team server's PostgreSQL + S3 (resumable; nothing is deleted here).",
    )
    .option(
      '--database <url>',
      'the PostgreSQL database, postgres://… (default: SHOTLINK_DATABASE_URL; a password here is visible to every user)',
    )
    .option(
      '--database-file <path>',
      'read the database URL from this file (default: SHOTLINK_DATABASE_URL_FILE)',
    )
    .requiredOption(
      '--storage <s3-url>',
      'the bucket, s3://bucket/prefix (endpoint and keys: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)',
    )
    .option('--whole-bucket', "the bucket holds nothing but the server's images: allow it without a prefix")
    .addHelpText(
      'after',
      '\nEvery image is checked against its record before it goes and read back after. A run stopped at any\n' +
        'point (Ctrl-C, a crash) is run again to finish: images already moved are skipped.',
    )
    .action((options: { database?: string; databaseFile?: string; storage: string; wholeBucket?: boolean }) =>
      runCommand(async () => {
        const core = buildCore();
        const databaseUrl = databaseUrlFrom(
          { flag: options.database, file: options.databaseFile },
          core.env,
          (line) => process.stderr.write(`${line}\n`),
        );
        if (!databaseUrl) {
          throw new ShotlinkError(
            'usage',
            'Name the database: SHOTLINK_DATABASE_URL, --database-file <path> or --database postgres://…',
          );
        }
        // Loaded only here: the other commands never load PostgreSQL's or the AWS SDK's code.
        const { migrateToShared } = await import('../../core/for-shells/server-migrate.ts');
        const report = await migrateToShared({
          storage: dataPaths(core.home).serverStorage,
          databaseUrl,
          storageUrl: options.storage,
          wholeBucket: options.wholeBucket,
          env: core.env,
          onImage: (done, total) => {
            if (done % 25 === 0 || done === total)
              process.stderr.write(`shotlink: ${done}/${total} images\n`);
          },
        });
        process.stdout.write(
          `Migrated ${report.moved} image${report.moved === 1 ? '' : 's'}` +
            (report.skipped ? ` (${report.skipped} already there)` : '') +
            ` of ${report.total}.\n`,
        );
      }),
    );

  server
    .command('connect')
    .description(
      'Upload to the Shotlink server at URL (`--provider server`); the token is kept in the keychain.',
    )
    .argument('<url>', 'the server, e.g. http://192.168.1.20:8402')
    .option('--token-stdin', 'read the token from stdin instead of a hidden prompt')
    .addHelpText(
      'after',
      '\nThe token (the output of `shotlink server token` on that server) is typed at a hidden prompt or\n' +
        'piped in with --token-stdin: never an argument, where other users of this machine could read it.',
    )
    .action((url: string, options: { tokenStdin?: boolean }) =>
      runCommand(async () => {
        const core = buildCore();
        const serverUrl = url.replace(/\/+$/, '');
        if (!isHttpUrl(serverUrl)) {
          throw new ShotlinkError(
            'usage',
            `"${url}" is not an http(s) URL such as http://192.168.1.20:8402.`,
          );
        }
        // Without a keychain nothing is saved: a URL without its token would only fail later.
        const problem = await core.secrets.unavailableReason();
        if (problem) {
          throw new ShotlinkError(
            'usage',
            `${problem} Nothing was saved. Without a keychain, set ${TOKEN_ENV} and hosts.serverUrl instead.`,
            { code: 'keychain_unavailable' },
          );
        }
        const token = (
          options.tokenStdin
            ? await readAllStdin()
            : await readSecretLine(
                'Server token (from `shotlink server token` there, not shown): ',
                undefined,
                '--token-stdin',
              )
        ).trim();
        if (token.length < 16)
          throw new ShotlinkError(
            'usage',
            'That token is too short: copy the whole output of `shotlink server token`.',
          );
        // The address first: the token is bound to the origin it is saved for.
        const settings = core.settings.set({ hosts: { serverUrl } });
        await storeSecret(core, SERVER_TOKEN_ACCOUNT, token);
        process.stdout.write(`${settings.hosts.serverUrl}\n`);
      }),
    );

  server
    .command('disconnect')
    .description("Upload to this machine's own server again (forget the URL and token set by `connect`).")
    .action(() =>
      runCommand(async () => {
        const core = buildCore();
        core.settings.set({ hosts: { serverUrl: '' } });
        await storeSecret(core, SERVER_TOKEN_ACCOUNT, null).catch(() => null);
      }),
    );
}
