// Runs the Shotlink server in its own process for bench/server.ts, so the load generator and the
// server do not share an event loop (nginx gets its own process too). Prints the URL, then serves
// until stdin closes.
import { startShotlinkServer } from '../src-main/core/server/start.ts';

const home = process.argv[2];
if (!home) throw new Error('usage: server-child.ts <home>');
const server = await startShotlinkServer({
  home,
  host: '127.0.0.1',
  port: 0,
  token: 'bench-token-0123456789abcdef',
  // The bench measures throughput, not the per-client limit.
  requestsPerMinute: 100_000,
  // wrk's connections and the slow readers all come from 127.0.0.1.
  limits: { connectionsPerClient: 10_000, maxConnections: 10_000 },
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${server.url}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
