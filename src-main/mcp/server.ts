// `shotlink mcp`: Shotlink for coding agents, over the Model Context Protocol on stdio. stdout is the
// protocol's channel, so everything for people (warnings, errors) goes to stderr. Core is built for an
// agent: payments only within the person's budget for agents, and marked as made through MCP.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createCore } from '../core/for-shells/core.ts';
import { createOcrEngine, type OcrEngine } from '../core/for-shells/agents.ts';
import { version } from '../cli/version.ts';
import { registerTools } from './tools.ts';

const INSTRUCTIONS =
  'Shotlink uploads screenshots and returns links to paste into pull requests, issues and chats. ' +
  'Secrets in images are covered before upload; destinations, public links and spending are what the ' +
  'user allowed for agents. When a tool refuses, its message says what you (or the user) can do instead.';

export async function runMcpServer(): Promise<void> {
  const core = createCore({ env: process.env, forAgent: true });
  for (const problem of core.problems()) process.stderr.write(`shotlink mcp: warning: ${problem}\n`);
  const ocr: { engine: OcrEngine | null } = { engine: null };
  const server = new McpServer({ name: 'shotlink', version }, { instructions: INSTRUCTIONS });
  registerTools(server, { core, ocr: () => (ocr.engine ??= createOcrEngine()) });

  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
  await server.connect(transport);
  process.stderr.write(`shotlink mcp ${version}: serving ${core.home} on stdio\n`);
  // An agent's first image should not wait for OCR's start (seconds: two workers, each loading the
  // model): when images will be read, the workers start now, while the client is still setting up.
  // A failure here is not the session's: the first image that needs OCR meets and reports it.
  if (core.settings.get().agents.redact) {
    ocr.engine ??= createOcrEngine();
    ocr.engine.start?.().catch(() => undefined);
  }
  // The client ends the session by closing stdin (or with a signal): stop the OCR workers and leave.
  const stop = () => void server.close();
  process.stdin.on('end', stop);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await closed;
  await ocr.engine?.close();
}
