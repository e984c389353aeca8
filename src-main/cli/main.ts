// The `shotlink` command: a thin layer over core. Each command lives in commands/ and registers itself.
import { Command, CommanderError } from 'commander';
import { EXIT_CODES } from '../../src-shared/errors.ts';
import { version } from './version.ts';

interface CommandModule {
  register(program: Command): void;
}

// Loaded on demand: `shotlink history` should not pay for the server, the wallet or the browser bridge.
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  upload: () => import('./commands/upload.ts'),
  history: () => import('./commands/history.ts'),
  config: () => import('./commands/config.ts'),
  wallet: () => import('./commands/wallet.ts'),
  payments: () => import('./commands/payments.ts'),
  serve: () => import('./commands/serve.ts'),
  server: () => import('./commands/server.ts'),
  uploader: () => import('./commands/uploader.ts'),
  ui: () => import('./commands/ui.ts'),
  capture: () => import('./commands/capture.ts'),
  doctor: () => import('./commands/doctor.ts'),
  ocr: () => import('./commands/ocr.ts'),
  mcp: () => import('./commands/mcp.ts'),
  imgpro: () => import('./commands/imgpro.ts'),
};

/** The commands this run needs: the one named, none for --version, all for help and mistakes. */
function commandsFor(argv: string[]): (() => Promise<CommandModule>)[] {
  const first = argv[2];
  if (first === '-v' || first === '--version') return [];
  if (first === undefined || !(first in COMMANDS)) return Object.values(COMMANDS);
  return [COMMANDS[first]!];
}

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

for (const load of commandsFor(process.argv)) (await load()).register(program);

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
