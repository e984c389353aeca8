// An independent MCP client for the tests: the SDK's own Client over stdio, spawning the real
// `shotlink mcp` (src-main/cli/bin.js, the bundle people run) as a child process, with only the
// environment given. Roots, when given, are declared and answered as a client such as an editor does.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ListRootsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BIN } from '../cli/run-cli.ts';

/** The project folder, for `npx --prefix`. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface McpSession {
  client: Client;
  /** What the server wrote on stderr so far. */
  stderr(): string;
  /** The server's process id (for the kill tests). */
  pid: number | null;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

export async function startMcp(options: {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Folders the client shares; undefined: the client declares no roots capability. */
  roots?: string[];
  /** How the client starts the server (default `node src-main/cli/bin.js mcp`). */
  command?: { command: string; args: string[] };
}): Promise<McpSession> {
  const transport = new StdioClientTransport({
    ...(options.command ?? { command: process.execPath, args: [BIN, 'mcp'] }),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...(options.env as Record<string, string>),
    },
    cwd: options.cwd,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client(
    { name: 'shotlink-tests', version: '1.0.0' },
    { capabilities: options.roots ? { roots: { listChanged: true } } : {} },
  );
  if (options.roots) {
    const roots = options.roots;
    client.setRequestHandler(ListRootsRequestSchema, () => ({
      roots: roots.map((folder) => ({ uri: pathToFileURL(folder).href, name: folder })),
    }));
  }
  await client.connect(transport);
  return {
    client,
    stderr: () => stderr,
    pid: transport.pid,
    call: async (name, args = {}) =>
      (await client.callTool({ name, arguments: args }, undefined, { timeout: 170_000 })) as CallToolResult,
    close: () => client.close(),
  };
}

/** The text of a result (a refusal's message, or the JSON beside structured content). */
export const textOf = (result: CallToolResult) =>
  result.content
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('\n');
