// The ceiling for Node on this machine: a bare http server answering every GET with the same Buffer,
// no framework, no headers beyond the essentials. bench/server.ts runs it beside Shotlink and nginx so
// that the figures say how much of the gap to nginx is Node itself.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const files = new Map(process.argv.slice(2).map((path) => [`/${path.split('/').pop()}`, readFileSync(path)]));
const server = createServer((request, response) => {
  const body = files.get(request.url ?? '');
  if (!body) return void response.writeHead(404).end();
  response.writeHead(200, { 'content-type': 'image/png', 'content-length': body.length });
  response.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`http://127.0.0.1:${port}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => server.close(() => process.exit(0)));
