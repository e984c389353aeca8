// The `shotlink` command: a thin layer over core. Each command lives in commands/ and registers itself.
import { Command, CommanderError } from 'commander';
import { EXIT_CODES } from '../../src-shared/errors.ts';
import { version } from './version.ts';
import * as upload from './commands/upload.ts';
import * as history from './commands/history.ts';
import * as config from './commands/config.ts';
import * as wallet from './commands/wallet.ts';
import * as payments from './commands/payments.ts';
import * as serve from './commands/serve.ts';
import * as server from './commands/server.ts';
import * as uploader from './commands/uploader.ts';
import * as ui from './commands/ui.ts';
import * as capture from './commands/capture.ts';

const program = new Command('shotlink')
  .description('Screenshot in, link out: upload images and print their links.')
  .version(version, '-v, --version')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text) });

for (const command of [upload, history, config, wallet, payments, serve, server, uploader, ui, capture]) {
  command.register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version "fail" with code 0; usage errors exit 2 as documented.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_CODES.usage;
  } else {
    throw error;
  }
}
