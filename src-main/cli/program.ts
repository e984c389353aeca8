// The `shotlink` program around the commands a run registers: name, version, exit codes for usage
// errors, and a reader that closes stdout early. Shared by the whole CLI (main.ts) and the entries
// built as bundles of their own for the commands people time (upload-main.ts).
import { Command, CommanderError } from 'commander';
import { EXIT_CODES } from '../../src-shared/errors.ts';
import { version } from './version.ts';

export interface CommandModule {
  register(program: Command): void;
}

/** Registers the given commands and runs the one named on the command line. */
export async function runProgram(commands: CommandModule[]): Promise<void> {
  // `shotlink upload *.png | head -1` closes stdout early: that is the reader's choice, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });

  const program = new Command('shotlink')
    .description('Screenshot in, link out: upload images and print their links.')
    .version(version, '-v, --version')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  for (const command of commands) command.register(program);

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
}
