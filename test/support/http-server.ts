// Starts a real node:http server on 127.0.0.1 with a port the OS picks, for fake hosts and one-off
// servers in tests. Network in tests stays on loopback; every server is closed by the test that made it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly server: http.Server;
  /** Stops listening and drops open connections, including requests a test left hanging on purpose. */
  close(): Promise<void>;
}

export async function startHttpServer(handler: http.RequestListener): Promise<LoopbackServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, server, close: () => closeServer(server) };
}

async function closeServer(server: http.Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  // close() alone waits for keep-alive sockets and for requests a test never answers (timeouts).
  server.closeAllConnections();
  await closed;
}

/**
 * A loopback URL where nothing listens: a port we opened, read and closed again. Connecting to it is
 * refused at once (ECONNREFUSED), which is what a "host down" test needs.
 */
export async function closedPortUrl(): Promise<string> {
  const probe = await startHttpServer((_req, res) => res.end());
  await probe.close();
  return probe.url;
}

/** A server that accepts requests and never answers them: for timeout tests. */
export function startSilentServer(): Promise<LoopbackServer> {
  return startHttpServer((req) => {
    // Swallow the body so the client finishes sending, then leave it waiting.
    req.resume();
  });
}
