// A Base JSON-RPC node on 127.0.0.1 that knows one thing: every balanceOf answers `balance` (atomic
// USDC units). It keeps the eth_calls it answered, for tests that check what was asked.
import { startHttpServer, type LoopbackServer } from './http-server.ts';

export interface FakeRpc extends LoopbackServer {
  /** The `{ to, data }` of every eth_call, in order. */
  readonly calls: { to: string; data: string }[];
}

export async function startFakeRpc(balance: bigint): Promise<FakeRpc> {
  const calls: { to: string; data: string }[] = [];
  const server = await startHttpServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const call = JSON.parse(body) as { id: number; method: string; params: [{ to: string; data: string }] };
      if (call.method === 'eth_call') calls.push(call.params[0]);
      res.setHeader('content-type', 'application/json');
      // The balance as one 32-byte word.
      res.end(
        JSON.stringify({
          jsonrpc: '2.0',
          id: call.id,
          result: `0x${balance.toString(16).padStart(64, '0')}`,
        }),
      );
    });
  });
  return Object.assign(server, { calls });
}
