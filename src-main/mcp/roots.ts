// The folders the client shared (MCP roots), asked of the client on each call that names a file, since
// a client may change them at any time. A client without roots shares the working directory it started
// `shotlink mcp` in.
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { rootFolders } from '../core/for-shells/agents.ts';

export async function sharedFolders(server: Server): Promise<string[]> {
  if (!server.getClientCapabilities()?.roots) return [process.cwd()];
  const { roots } = await server.listRoots(undefined, { timeout: 10_000 });
  return rootFolders(roots.map((root) => root.uri));
}
