import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome, startTestServer, makePng, makeImage, upload } from './helpers.ts';
import type { RunningShotlinkServer } from '../../src-main/core/server/start.ts';

let home: { home: string; cleanup: () => Promise<void> };
let server: RunningShotlinkServer;

beforeEach(async () => {
  home = await tempHome();
  server = await startTestServer(home.home);
});
afterEach(async () => {
  await server.close();
  await home.cleanup();
});

describe('upload and serve', () => {
  it('answers like img402 and serves the same bytes with the right headers', async () => {
    const png = await makePng();
    const response = await upload(server, png);
    expect(response.status).toBe(201);
    const answer = (await response.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ contentType: 'image/png', sizeBytes: png.length, expiresAt: null });
    expect(answer.url).toBe(`${server.url}/i/${answer.id}.png`);
    expect(String(answer.deleteUrl)).toMatch(new RegExp(`^${server.url}/d/${answer.id}/[A-Za-z0-9_-]{43}$`));
    expect(String(answer.id)).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const got = await fetch(String(answer.url));
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(got.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(got.headers.get('content-security-policy')).toContain('sandbox');
    expect(got.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/);
  });

  it.each(['png', 'jpeg', 'gif', 'webp'] as const)(
    'accepts %s and labels it by its bytes',
    async (format) => {
      const bytes = await makeImage(format);
      // A misleading name and type: only the bytes decide.
      const answer = (await (
        await upload(server, bytes, { fileName: 'x.txt', type: 'text/plain' })
      ).json()) as {
        url: string;
        contentType: string;
      };
      expect(answer.contentType).toBe(`image/${format}`);
      expect((await fetch(answer.url)).headers.get('content-type')).toBe(`image/${format}`);
    },
  );
});

async function uploaded(bytes?: Buffer, fields: Record<string, string> = {}) {
  const response = await upload(server, bytes ?? (await makePng()), { fields });
  expect(response.status).toBe(201);
  return (await response.json()) as {
    url: string;
    id: string;
    deleteUrl: string;
    viewUrl: string;
    expiresAt: string | null;
  };
}

describe('caching and ranges', () => {
  it('answers 304 to a matching If-None-Match', async () => {
    const { url } = await uploaded();
    const etag = (await fetch(url)).headers.get('etag')!;
    const again = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect((await fetch(url, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('serves byte ranges, suffix ranges, and refuses unsatisfiable ones', async () => {
    const png = await makePng(300, 200);
    const { url } = await uploaded(png);
    const part = await fetch(url, { headers: { range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${png.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(png.subarray(10, 20))).toBe(true);

    const tail = await fetch(url, { headers: { range: 'bytes=-8' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(png.subarray(png.length - 8))).toBe(true);

    const open = await fetch(url, { headers: { range: `bytes=${png.length - 3}-` } });
    expect((await open.arrayBuffer()).byteLength).toBe(3);

    const beyond = await fetch(url, { headers: { range: `bytes=${png.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${png.length}`);

    // A stale If-Range validator gets the whole file.
    const stale = await fetch(url, { headers: { range: 'bytes=0-9', 'if-range': '"old"' } });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('accept-ranges')).toBe('bytes');
  });

  it('answers HEAD with the headers and no body', async () => {
    const png = await makePng();
    const { url } = await uploaded(png);
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(png.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });
});

describe('viewer page', () => {
  it('has Open Graph tags, the image, a QR code of the page and a script-free CSP', async () => {
    const png = await makePng(120, 80);
    const response = await upload(server, png, { fileName: 'Team <notes>.png' });
    const { url, viewUrl } = (await response.json()) as { url: string; viewUrl: string };
    const page = await fetch(viewUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    const html = await page.text();
    expect(html).toContain(`<meta property="og:image" content="${url}">`);
    expect(html).toContain(`<meta property="og:url" content="${viewUrl}">`);
    expect(html).toContain('<meta property="og:image:width" content="120">');
    expect(html).toContain('<svg');
    expect(html).toContain('Team &#60;notes&#62;.png'); // the name is escaped, never markup
    expect(html).not.toContain('<notes>');
  });
});

describe('no listing', () => {
  it.each(['/i/', '/i', '/v/', '/images/', '/server/', '/index.json', '/api/', '/api/images', '/d/'])(
    '%s is a 404',
    async (path) => {
      await uploaded();
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toMatch(/[A-Za-z0-9_-]{22}\./);
    },
  );
});

describe('deleting', () => {
  it('deletes with the server token', async () => {
    const { url, id } = await uploaded();
    const refused = await fetch(`${server.url}/api/images/${id}`, { method: 'DELETE' });
    expect(refused.status).toBe(401);
    expect((await fetch(url)).status).toBe(200);
    const done = await fetch(`${server.url}/api/images/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(done.status).toBe(200);
    expect((await fetch(url)).status).toBe(404);
  });

  it('deletes through the delete URL: GET only asks, POST or DELETE deletes, a wrong secret is a 404', async () => {
    const { url, deleteUrl, id } = await uploaded();
    const ask = await fetch(deleteUrl);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('<form method="post">');
    expect((await fetch(url)).status).toBe(200); // GET did not delete

    const wrong = deleteUrl.replace(/\/[^/]+$/, `/${'A'.repeat(43)}`);
    expect((await fetch(wrong, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${server.url}/d/${id}/short`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(url)).status).toBe(200);

    expect((await fetch(deleteUrl, { method: 'POST' })).status).toBe(200);
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(deleteUrl, { method: 'DELETE' })).status).toBe(404);

    const second = await uploaded();
    expect((await fetch(second.deleteUrl, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(second.url)).status).toBe(404);
  });
});

describe('ShareX uploader of this server', () => {
  it('includes the token only for an authorised request', async () => {
    const anonymous = await fetch(`${server.url}/api/sharex.sxcu`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('content-disposition')).toContain('shotlink.sxcu');
    const open = (await anonymous.json()) as {
      Headers: Record<string, string>;
      RequestURL: string;
      FileFormName: string;
    };
    expect(JSON.stringify(open)).not.toContain(server.token);
    expect(open.RequestURL).toBe(`${server.url}/api/upload`);
    expect(open.FileFormName).toBe('image');

    const authorised = await fetch(`${server.url}/api/sharex.sxcu`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    const sxcu = (await authorised.json()) as { Headers: Record<string, string> };
    expect(sxcu.Headers.Authorization).toBe(`Bearer ${server.token}`);

    const wrong = await fetch(`${server.url}/api/sharex.sxcu`, {
      headers: { authorization: 'Bearer wrong-token-0123456789' },
    });
    expect(JSON.stringify(await wrong.json())).not.toContain(server.token);
  });
});
