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
