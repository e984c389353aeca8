// Runs the Shotlink server in its own process for the server benchmarks, so the load generator and the
// server do not share an event loop (nginx gets its own process too). On this machine's files, or, given
// a database and a bucket, as a team-server replica. Prints the URL, then serves until stdin closes.
// Usage: server-child.ts <home> [<postgres://…> <s3://bucket/prefix>]
import { startShotlinkServer } from '../src-main/core/server/start.ts';
import { TOKEN } from './load.ts';

const [home, databaseUrl, storageUrl] = process.argv.slice(2);
if (!home) throw new Error('usage: server-child.ts <home> [<database-url> <storage-url>]');
const server = await startShotlinkServer({
  home,
  host: '127.0.0.1',
  port: 0,
  token: TOKEN,
  // The bench measures throughput, not the per-client limit.
  requestsPerMinute: 1_000_000,
  // wrk's connections and the slow readers all come from 127.0.0.1.
  limits: { connectionsPerClient: 10_000, maxConnections: 10_000 },
  databaseUrl,
  storageUrl,
  env: process.env,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${server.url}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
