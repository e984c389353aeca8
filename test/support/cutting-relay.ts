// A TCP relay to a host on 127.0.0.1 that cuts the first upload's answer: the request goes through
// whole, and the moment the host starts answering `POST <path>` the connection is closed both ways
// (and `onCut` runs, e.g. to SIGKILL the client). The host has stored the image; the client never hears.
// Everything else is relayed as it is.
import { connect, createServer, type Socket } from 'node:net';

export interface CuttingRelay {
  url: string;
  cuts(): number;
  close(): Promise<void>;
}

export async function cuttingRelay(
  port: number,
  options: { path: string; onCut?: () => void; times?: number },
): Promise<CuttingRelay> {
  let cuts = 0;
  const times = options.times ?? 1;
  const sockets = new Set<Socket>();
  const line = `POST ${options.path}`;
  const relay = createServer((inbound) => {
    const outbound = connect(port, '127.0.0.1');
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    let upload = false;
    inbound.on('data', (chunk: Buffer) => {
      const start = chunk.subarray(0, line.length + 1).toString('latin1');
      if (start === `${line} ` || start === `${line}?`) upload = true;
    });
    inbound.pipe(outbound);
    outbound.on('data', (chunk: Buffer) => {
      if (upload && cuts < times) {
        cuts++;
        options.onCut?.();
        inbound.destroy();
        outbound.destroy();
        return;
      }
      inbound.write(chunk);
    });
    outbound.on('end', () => inbound.end());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(relay.address() as { port: number }).port}`,
    cuts: () => cuts,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => relay.close(resolve));
    },
  };
}
