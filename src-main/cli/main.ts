// The `shotlink` command: a thin layer over core. Each command lives in commands/ and registers itself.
import { runProgram, type CommandModule } from './program.ts';

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

const commands: CommandModule[] = [];
for (const load of commandsFor(process.argv)) commands.push(await load());
await runProgram(commands);
