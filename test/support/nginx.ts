// Debian's nginx, started for a test or a benchmark in a folder of its own: a file server beside which a
// benchmark measures (startFileNginx), or the load balancer in front of a team server's replicas. One worker, no
// daemon, every path under `dir`; stopped by killing the child it returns (it runs in the foreground).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

export function hasNginx(): boolean {
  return !spawnSync('nginx', ['-v']).error;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts nginx with `http` directives and one server block (its `listen` is added), and resolves once
 * `readyPath` answers. The access log, when `http` asks for one, is under `dir`.
 */
export async function startNginx(options: {
  dir: string;
  http?: string;
  server: string;
  readyPath: string;
  children: ChildProcess[];
}): Promise<{ url: string; child: ChildProcess }> {
  if (!hasNginx()) throw new Error('nginx is not installed: apt-get install nginx');
  const { dir } = options;
  await mkdir(dir, { recursive: true });
  // nginx workers drop to an unprivileged user: they must be able to read what they serve.
  await chmod(dir, 0o755);
  const port = await freePort();
  await writeFile(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  ${options.http ?? 'access_log off;'}
  server {
    listen 127.0.0.1:${port};
    ${options.server}
  }
}
`,
  );
  const child = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  options.children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await fetch(`${url}${options.readyPath}`);
      return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('nginx did not start');
}

/**
 * nginx serving `files` itself (sendfile, immutable caching): the ceiling a benchmark's load generator
 * must reach beside the servers it measures. `dir`'s parents must let nginx's workers through.
 */
export async function startFileNginx(
  dir: string,
  files: Record<string, Buffer>,
  children: ChildProcess[],
): Promise<string> {
  const html = join(dir, 'html');
  await mkdir(html, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(html, name), bytes);
  await chmod(html, 0o755);
  const { url } = await startNginx({
    dir,
    http: `access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  types { image/png png; }`,
    server: `root ${html};
    add_header Cache-Control "public, max-age=31536000, immutable";
    add_header X-Content-Type-Options nosniff;`,
    readyPath: `/${Object.keys(files)[0] ?? ''}`,
    children,
  });
  return url;
}
