// A TCP relay to PostgreSQL on 127.0.0.1 that, once armed, ends every new session the moment it is ready:
// the server's first ReadyForQuery goes to the client in the same write as a FATAL 57P01 ("terminating
// connection due to administrator command"), as when pg_terminate_backend strikes a connection just
// opened, and the connection closes. A pool hands such a client out before it reads the FATAL. `cutAll`
// closes every relayed connection, so the next query needs a new one. Everything else is relayed as it is.
import { connect, createServer, type Socket } from 'node:net';

export interface PgTerminatingRelay {
  /** The database URL through the relay. */
  url: string;
  arm(on: boolean): void;
  /** Sessions ended at their start since armed. */
  ended(): number;
  cutAll(): void;
  close(): Promise<void>;
}

/** An ErrorResponse as PostgreSQL sends it when its backend is terminated. */
function fatal57P01(): Buffer {
  const fields = Buffer.concat(
    [
      ['S', 'FATAL'],
      ['V', 'FATAL'],
      ['C', '57P01'],
      ['M', 'terminating connection due to administrator command'],
    ].map(([code, text]) => Buffer.from(`${code}${text}\0`, 'utf8')),
  );
  const body = Buffer.concat([fields, Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write('E', 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

export async function pgTerminatingRelay(databaseUrl: string): Promise<PgTerminatingRelay> {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  let armed = false;
  let ended = 0;
  const relay = createServer((inbound) => {
    const outbound = connect(Number(target.port), target.hostname);
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    inbound.pipe(outbound);
    outbound.on('end', () => inbound.end());
    inbound.on('close', () => outbound.destroy());
    // Server messages are a type byte and a length; a session starts with authentication, parameters
    // and a key, then its first ReadyForQuery ('Z').
    const endAtStart = armed;
    let pending = Buffer.alloc(0);
    let started = false;
    outbound.on('data', (chunk: Buffer) => {
      if (!endAtStart || started) {
        inbound.write(chunk);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      let offset = 0;
      while (offset + 5 <= pending.length) {
        const length = pending.readInt32BE(offset + 1);
        if (offset + 1 + length > pending.length) break;
        const type = String.fromCharCode(pending[offset]!);
        if (type === 'Z') {
          // What came before goes as it came; the ReadyForQuery and the FATAL go in one write.
          inbound.write(pending.subarray(0, offset));
          started = true;
          ended++;
          inbound.end(Buffer.concat([pending.subarray(offset, offset + 1 + length), fatal57P01()]));
          outbound.destroy();
          return;
        }
        offset += 1 + length;
      }
      inbound.write(pending.subarray(0, offset));
      pending = pending.subarray(offset);
    });
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const url = new URL(databaseUrl);
  url.port = String((relay.address() as { port: number }).port);
  return {
    url: url.href,
    arm: (on) => {
      armed = on;
      if (on) ended = 0;
    },
    ended: () => ended,
    cutAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => relay.close(resolve));
    },
  };
}
