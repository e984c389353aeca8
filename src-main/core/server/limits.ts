// What one client, or any number of them, can cost the server: bounded whatever they do. A request
// must finish sending its headers and its body in time; an idle keep-alive connection is closed; one
// address cannot hold more than so many connections. With images over the cache limit streamed in
// small chunks (image-files.ts), memory stays bounded under slow readers too. The numbers are in
// docs/server.md.
import http from 'node:http';
import type { Socket } from 'node:net';

export interface ServerLimits {
  /** Headers must arrive within this (slowloris). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (a 1 MB body sent a byte at a time). */
  requestTimeoutMs: number;
  /** A connection with no traffic either way is closed after this (a reader that stopped reading). */
  idleTimeoutMs: number;
  /** Open connections per client address. */
  connectionsPerClient: number;
  /** Open connections in all: past this, new ones are refused before they cost a file descriptor's worth of work. */
  maxConnections: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 30_000,
  connectionsPerClient: 256,
  maxConnections: 4096,
};

/** An http.Server enforcing the limits, for Fastify's serverFactory. */
export function limitedServer(limits: ServerLimits, handler: http.RequestListener): http.Server {
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often Node checks those two; its default (30 s) would let a slow body live 30 s too long.
      connectionsCheckingInterval: Math.max(
        200,
        Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4,
      ),
      keepAliveTimeout: 5_000,
    },
    handler,
  );
  server.setTimeout(limits.idleTimeoutMs, (socket) => socket.destroy());
  server.maxConnections = limits.maxConnections;
  const perClient = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '?';
    const open = (perClient.get(address) ?? 0) + 1;
    if (open > limits.connectionsPerClient) {
      socket.destroy();
      return;
    }
    perClient.set(address, open);
    socket.once('close', () => {
      const left = (perClient.get(address) ?? 1) - 1;
      if (left <= 0) perClient.delete(address);
      else perClient.set(address, left);
    });
  });
  return server;
}
