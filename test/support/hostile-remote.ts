// A remote web server on 127.0.0.1 that hands out images and everything a link to "an image" can turn
// out to be: redirects (one, a chain, a loop, to a private or link-local address, to another scheme),
// bodies far larger than any image (declared, or streamed without end), web pages, a body that stops
// halfway and never finishes. Re-hosting by URL (Shotlink's download, img.pro's import) is tested
// against it.
//
//   const remote = await startHostileRemote({ 'shot.png': await screenshotPng() });
//   remote.url + '/img/shot.png'      // the image
//   remote.url + '/redirect/shot.png' // 302 to it
//   remote.hits                       // paths asked for, in order
import type { ServerResponse } from 'node:http';
import { startHttpServer } from './http-server.ts';

export interface HostileRemote {
  readonly url: string;
  /** The paths requested, in order. */
  readonly hits: string[];
  close(): Promise<void>;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export async function startHostileRemote(images: Record<string, Buffer>): Promise<HostileRemote> {
  const hits: string[] = [];
  const server = await startHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://remote.invalid');
    const path = decodeURIComponent(url.pathname);
    hits.push(path);
    const image = /^\/img\/(.+)$/.exec(path);
    if (image && images[image[1]!]) {
      const bytes = images[image[1]!]!;
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': bytes.length });
      return res.end(bytes);
    }
    const redirect = /^\/redirect\/(.+)$/.exec(path);
    if (redirect) return moved(res, `/img/${redirect[1]}`);
    // /chain/3/shot.png → /chain/2/shot.png → … → /img/shot.png
    const chain = /^\/chain\/(\d+)\/(.+)$/.exec(path);
    if (chain) {
      const left = Number(chain[1]);
      return moved(res, left <= 1 ? `/img/${chain[2]}` : `/chain/${left - 1}/${chain[2]}`);
    }
    if (path === '/loop/a') return moved(res, '/loop/b');
    if (path === '/loop/b') return moved(res, '/loop/a');
    // Where a public page would send a fetcher it wants to abuse: the LAN, the cloud's metadata service.
    if (path === '/to-private') return moved(res, 'http://10.0.0.1/shot.png');
    if (path === '/to-metadata') return moved(res, 'http://169.254.169.254/latest/meta-data/');
    if (path === '/to-lan-name') return moved(res, 'http://192.168.1.1/shot.png');
    if (path === '/to-file') return moved(res, 'file:///etc/passwd');
    if (path === '/huge-declared.png') {
      // Says 5 GB up front; sends a PNG signature and then nothing more.
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(5 * 1024 ** 3) });
      return res.write(PNG_SIGNATURE);
    }
    if (path === '/endless.png') {
      // No length: a PNG signature, then zeros for as long as anyone reads.
      res.writeHead(200, { 'content-type': 'image/png' });
      res.write(PNG_SIGNATURE);
      const block = Buffer.alloc(256 * 1024);
      const pump = () => {
        while (!res.destroyed && res.write(block));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    if (path === '/page.png') {
      // Named like an image, served as one, and a web page (a login wall, a "not found" page).
      res.writeHead(200, { 'content-type': 'image/png' });
      return res.end(
        `<!DOCTYPE html><html><body>${'<p>Sign in to see this image</p>'.repeat(2000)}</body></html>`,
      );
    }
    if (path === '/slow.png') {
      // The first bytes of an image, then silence: the connection stays open.
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': '100000' });
      return res.write(PNG_SIGNATURE);
    }
    if (path === '/gone.png') {
      res.writeHead(404, { 'content-type': 'text/html' });
      return res.end('<h1>Not Found</h1>');
    }
    res.writeHead(404);
    res.end();
  });
  return { url: server.url, hits, close: () => server.close() };
}

function moved(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}
