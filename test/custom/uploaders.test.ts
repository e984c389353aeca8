// Real-world .sxcu shapes against small hosts on 127.0.0.1, through the uploader store (as
// `shotlink uploader add` uses it) and the registry (as `shotlink upload --provider NAME` uses it).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UploaderStore } from '../../src-main/core/providers/custom/store.ts';
import { createCore } from '../../src-main/core/create-core.ts';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import { resolveProvider, listProviders } from '../../src-main/core/providers/registry.ts';
import { CUSTOM_TIER } from '../../src-shared/catalog.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { makePng, startTestServer } from '../server/helpers.ts';

interface Received {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: Buffer;
  form?: FormData;
}
type Reply = (received: Received, res: ServerResponse, base: string) => void;

let home: string;
let host: Server;
let base: string;
let reply: Reply = () => {};
let last: Received | undefined;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'shotlink-custom-'));
  host = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const received: Received = {
        method: req.method!,
        url: new URL(req.url!, base),
        headers: req.headers,
        body,
      };
      if (String(req.headers['content-type']).startsWith('multipart/form-data')) {
        received.form = await new Request(received.url, {
          method: 'POST',
          headers: { 'content-type': req.headers['content-type']! },
          body,
        }).formData();
      }
      last = received;
      reply(received, res, base);
    });
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  const address = host.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await new Promise((resolve) => host.close(resolve));
  await rm(home, { recursive: true, force: true });
});
afterEach(() => {
  last = undefined;
});

const core = () => createCore({ home, env: {}, secrets: createMemoryStore() });

async function addUploader(name: string, sxcu: Record<string, unknown>) {
  const file = join(home, `${name}.sxcu`);
  await writeFile(file, JSON.stringify(sxcu));
  return new UploaderStore(home).add(file, { replace: true });
}

async function uploadWith(name: string, png: Buffer) {
  const { provider } = await resolveProvider(core(), name, 'default');
  return provider.upload({ bytes: png, fileName: 'shot.png', contentType: 'image/png', tier: CUSTOM_TIER });
}

const json = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
};

describe('real-world .sxcu shapes', () => {
  it('Zipline style: Authorization header, multipart "file", JSON answer with files[0].url', async () => {
    reply = (r, res, b) =>
      r.headers.authorization === 'zipline-token'
        ? json(res, 200, { files: [{ id: 'abc', type: 'image/png', url: `${b}/u/abc.png` }] })
        : json(res, 401, { error: 'Unauthorized' });
    const added = await addUploader('Zipline', {
      Version: '14.1.0',
      Name: 'Zipline - 127.0.0.1 - File',
      DestinationType: 'ImageUploader, TextUploader, FileUploader',
      RequestMethod: 'POST',
      RequestURL: `${base}/api/upload`,
      Headers: { Authorization: 'zipline-token', 'x-zipline-format': 'random' },
      URL: '{json:files[0].url}',
      Body: 'MultipartFormData',
      FileFormName: 'file',
    });
    expect(added.name).toBe('zipline-127.0.0.1-file');
    const png = await makePng();
    const outcome = await uploadWith(added.name, png);
    expect(outcome.url).toBe(`${base}/u/abc.png`);
    expect(outcome.hostId).toBe('abc.png');
    const file = last!.form!.get('file') as File;
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
    expect(file.name).toBe('shot.png');
    expect(last!.headers['x-zipline-format']).toBe('random');
  });

  it('plain-text answer: form arguments and the {response} as the link', async () => {
    reply = (r, res, b) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(r.form?.get('key') === 'secret' ? `${b}/i/${r.form.get('name')}\n` : 'bad key');
    };
    const added = await addUploader('plain', {
      Name: 'Plain PHP',
      RequestURL: `${base}/upload.php`,
      Body: 'MultipartFormData',
      FileFormName: 'sharex',
      Arguments: { key: 'secret', name: '{filename}' },
      URL: '{response}',
    });
    const outcome = await uploadWith(added.name, await makePng());
    // The trailing newline is the host's; a link has no whitespace, so it must not survive.
    expect(outcome.url.trim()).toBe(`${base}/i/shot.png`);
    expect(last!.form!.get('sharex')).toBeInstanceOf(File);
  });

  it('Location header answer: binary PUT body with query parameters', async () => {
    reply = (r, res, b) => {
      res.writeHead(201, { location: `${b}/files/${r.url.searchParams.get('name')}` });
      res.end();
    };
    const added = await addUploader('location', {
      Name: 'Location',
      RequestMethod: 'PUT',
      RequestURL: `${base}/put`,
      Parameters: { name: '{filename}' },
      Body: 'Binary',
      URL: '{header:Location}',
    });
    const png = await makePng();
    const outcome = await uploadWith(added.name, png);
    expect(outcome.url).toBe(`${base}/files/shot.png`);
    expect(last!.method).toBe('PUT');
    expect(last!.headers['content-type']).toBe('image/png');
    expect(last!.body.equals(png)).toBe(true);
  });

  it('Location header answer as a 302 redirect: the Location is the link, the page behind it is not fetched', async () => {
    let fetchedTarget = false;
    reply = (r, res, b) => {
      if (r.url.pathname.startsWith('/img/')) {
        fetchedTarget = true;
        res.end('the image');
        return;
      }
      res.writeHead(302, { location: `${b}/img/abc.png` });
      res.end();
    };
    const added = await addUploader('redirect', {
      Name: 'Redirect',
      RequestURL: `${base}/up`,
      URL: '{header:Location}',
    });
    expect((await uploadWith(added.name, await makePng())).url).toBe(`${base}/img/abc.png`);
    expect(fetchedTarget).toBe(false);
  });

  it('XML answer with thumbnail and deletion links', async () => {
    reply = (_r, res, b) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0"?><upload><links><original>${b}/o.png</original><thumb>${b}/t.png</thumb><delete>${b}/del/1</delete></links></upload>`,
      );
    };
    const added = await addUploader('xml', {
      Name: 'Xml host',
      RequestURL: `${base}/api`,
      FileFormName: 'image',
      URL: '{xml:/upload/links/original}',
      ThumbnailURL: '{xml://thumb}',
      DeletionURL: '{xml:/upload/links/delete}',
    });
    const outcome = await uploadWith(added.name, await makePng());
    expect(outcome).toMatchObject({
      url: `${base}/o.png`,
      thumbnailUrl: `${base}/t.png`,
      deleteUrl: `${base}/del/1`,
    });
  });

  it('a ShareX 12 file ($json:...$, RequestType, long Body label) still works', async () => {
    reply = (_r, res, b) => json(res, 200, { url: `${b}/old.png`, deletion_url: `${b}/d/old` });
    const added = await addUploader('old', {
      Name: 'Old one',
      RequestType: 'POST',
      RequestURL: `${base}/old`,
      Body: 'Form data (multipart/form-data)',
      FileFormName: 'file',
      ResponseType: 'Text',
      URL: '$json:url$',
      DeletionURL: '$json:deletion_url$',
    });
    expect(await uploadWith(added.name, await makePng())).toMatchObject({
      url: `${base}/old.png`,
      deleteUrl: `${base}/d/old`,
    });
  });

  it("the host's error through the uploader's ErrorMessage", async () => {
    reply = (_r, res) => json(res, 400, { error: { message: 'File type not allowed here' } });
    const added = await addUploader('erring', {
      Name: 'Erring',
      RequestURL: `${base}/err`,
      URL: '{json:url}',
      ErrorMessage: '{json:error.message}',
    });
    const failure = await uploadWith(added.name, await makePng()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ShotlinkError);
    expect((failure as ShotlinkError).kind).toBe('host');
    expect((failure as ShotlinkError).message).toContain('File type not allowed here');
    expect((failure as ShotlinkError).message).toContain('HTTP 400');
  });

  it('an answer its URL template does not fit, and a non-link, fail clearly', async () => {
    reply = (_r, res) => json(res, 200, { link: 'x' });
    const added = await addUploader('mismatch', {
      Name: 'Mismatch',
      RequestURL: `${base}/m`,
      URL: '{json:url}',
    });
    await expect(uploadWith(added.name, await makePng())).rejects.toThrow(
      /could not fill in its URL: the JSON answer has no url/,
    );
    reply = (_r, res) => json(res, 200, { url: 'not a link' });
    await expect(uploadWith(added.name, await makePng())).rejects.toThrow(/which is not a link/);
  });

  it('a host that is down fails like every other provider', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const added = await addUploader('down', {
      Name: 'Down',
      RequestURL: `http://127.0.0.1:${port}/upload`,
      URL: '{json:url}',
    });
    const failure = (await uploadWith(added.name, await makePng()).catch((e: unknown) => e)) as ShotlinkError;
    expect(failure.kind).toBe('host');
    expect(failure.retryable).toBe(true);
    expect(failure.message).toMatch(/connection was refused/);
  });
});

describe('the uploader store', () => {
  it('lists, names, keeps files private, refuses clashes, and removes', async () => {
    const store = new UploaderStore(home);
    const file = join(home, 'My Host.sxcu');
    await writeFile(file, JSON.stringify({ RequestURL: `${base}/x`, URL: '{json:url}' }));
    const added = await store.add(file);
    expect(added.name).toBe('my-host');
    if (process.platform !== 'win32')
      expect((await stat(join(home, 'uploaders', 'my-host.sxcu'))).mode & 0o777).toBe(0o600);
    await expect(store.add(file)).rejects.toThrow(/already exists/);
    expect((await store.add(file, { name: 'second' })).name).toBe('second');
    await expect(store.add(file, { name: 'server' })).rejects.toThrow(/built-in provider/);
    await expect(store.add(file, { name: '../evil' })).rejects.toThrow(/cannot name an uploader/);
    expect((await store.list()).map((u) => u.name)).toEqual(expect.arrayContaining(['my-host', 'second']));
    expect(listProviders(core()).map((p) => p.id)).toEqual(
      expect.arrayContaining(['img402', 'server', 'my-host']),
    );
    await store.remove('second');
    await expect(store.remove('second')).rejects.toThrow(/No uploader named "second"/);
    await expect(store.load('../../etc/passwd')).rejects.toThrow(/No uploader named/);
    await expect(store.add(join(home, 'missing.sxcu'))).rejects.toThrow(/Cannot read/);
    // The desktop window hands over the text it read.
    const fromText = await store.addText(
      JSON.stringify({ RequestURL: `${base}/x`, URL: '{json:url}' }),
      'Dropped.sxcu',
    );
    expect(fromText.name).toBe('dropped');
    await expect(
      store.addText('{"RequestURL":"x","Body":"JSON","URL":"{json:url}"}', 'bad.sxcu'),
    ).rejects.toThrow(/Cannot use the ShareX uploader "bad.sxcu": Body JSON/);
  });
});

describe("the Shotlink server's own .sxcu", () => {
  it('imports as an uploader and uploads to the server', async () => {
    const server = await startTestServer(home);
    try {
      const sxcu = await (
        await fetch(`${server.url}/api/sharex.sxcu`, { headers: { authorization: `Bearer ${server.token}` } })
      ).text();
      const file = join(home, 'shotlink.sxcu');
      await writeFile(file, sxcu);
      const added = await new UploaderStore(home).add(file, { name: 'lan', replace: true });
      const png = await makePng();
      const outcome = await uploadWith(added.name, png);
      expect(outcome.url).toMatch(new RegExp(`^${server.url}/i/[A-Za-z0-9_-]{22}\\.png$`));
      expect(outcome.deleteUrl).toMatch(/\/d\//);
      expect(Buffer.from(await (await fetch(outcome.url)).arrayBuffer()).equals(png)).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('uploaders cannot be turned against the user', () => {
  const refusedAt = (sxcu: Record<string, unknown>) =>
    addUploader('hostile', sxcu).then(
      () => undefined,
      (error: unknown) => error as ShotlinkError,
    );

  it('takes only http(s) request URLs at import', async () => {
    for (const scheme of ['file:///etc/passwd', 'gopher://127.0.0.1:25/', 'ftp://example.org/up']) {
      const error = await refusedAt({ RequestURL: scheme, URL: '{response}' });
      expect(error, scheme).toBeInstanceOf(ShotlinkError);
      expect(error!.message).toMatch(/RequestURL must start with http:\/\/ or https:\/\//);
    }
  });

  it('refuses a line break in a header at import, naming the header', async () => {
    const error = await refusedAt({
      RequestURL: `${base}/up`,
      Headers: { 'X-Api-Key': 'secret\r\nX-Injected: yes' },
      URL: '{response}',
    });
    expect(error!.message).toMatch(/the header "X-Api-Key" contains a line break/);
  });

  it('encodes {filename} in the request URL, as ShareX does', async () => {
    reply = (_r, res, b) => json(res, 200, { url: `${b}/i/x.png` });
    const added = await addUploader('encoded', {
      RequestURL: `${base}/up/{filename}?name={filename}`,
      URL: '{json:url}',
    });
    const { provider } = await resolveProvider(core(), added.name, 'default');
    await provider.upload({
      bytes: await makePng(),
      fileName: 'my shot&x=1.png',
      contentType: 'image/png',
      tier: CUSTOM_TIER,
    });
    expect(last!.url.pathname).toBe('/up/my%20shot%26x%3D1.png');
    expect(last!.url.searchParams.get('name')).toBe('my shot&x=1.png');
    expect([...last!.url.searchParams.keys()]).toEqual(['name']);
  });

  it('does not follow a redirect to another site with the image and the API key', async () => {
    const elsewhere: IncomingMessage['headers'][] = [];
    const other = createServer((req, res) => {
      elsewhere.push(req.headers);
      req.resume();
      res.end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherUrl = `http://localhost:${(other.address() as { port: number }).port}`;
    try {
      reply = (_r, res) => {
        res.writeHead(307, { location: `${otherUrl}/steal` });
        res.end();
      };
      const added = await addUploader('redirecting', {
        RequestURL: `${base}/up`,
        Headers: { 'X-Api-Key': 'very-secret' },
        URL: '{json:url}',
      });
      const error = await uploadWith(added.name, await makePng()).then(
        () => undefined,
        (e: unknown) => e as ShotlinkError,
      );
      expect(error!.message).toMatch(
        /redirects to another site \(http:\/\/localhost:\d+\); Shotlink does not send the image/,
      );
      expect(elsewhere).toEqual([]);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('stops a backtracking {regex} quickly with a message naming the uploader', async () => {
    reply = (_r, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`${'a'.repeat(31)}!`);
    };
    const added = await addUploader('redos', { RequestURL: `${base}/up`, URL: '{regex:^(a+)+$}' });
    const error = await uploadWith(added.name, await makePng()).then(
      () => undefined,
      (e: unknown) => e as ShotlinkError,
    );
    expect(error!.message).toMatch(
      /The uploader "redos" could not fill in its URL: \{regex:\^\(a\+\)\+\$\} took longer than 250 ms/,
    );
  });
});
