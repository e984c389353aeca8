// `shotlink server`: the server's token (to give to uploaders), and connecting this machine's uploads to
// a Shotlink server elsewhere on the network.
import type { Command } from 'commander';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { resolveServerToken, TOKEN_ENV, SERVER_TOKEN_ACCOUNT } from '../../core/for-shells/server.ts';
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
        await core.secrets.set(SERVER_TOKEN_ACCOUNT, token);
        const settings = core.settings.set({ hosts: { serverUrl } });
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
        await core.secrets.delete(SERVER_TOKEN_ACCOUNT).catch(() => false);
      }),
    );
}
