// `shotlink mcp`: the Model Context Protocol server for coding agents, on stdio (see docs/agents.md).
import type { Command } from 'commander';
import { runCommand } from '../context.ts';

export function register(program: Command): void {
  program
    .command('mcp')
    .description(
      'Serve Shotlink to coding agents over the Model Context Protocol (stdio); see docs/agents.md.',
    )
    .action(() =>
      runCommand(async () => {
        // Loaded only here: the SDK is not for the other commands to start.
        const { runMcpServer } = await import('../../mcp/server.ts');
        await runMcpServer();
      }),
    );
}
