// `shotlink serve` as a child process, driven the way docs/server.md documents it: the start line, then
// upload / download / delete over HTTP, `server token`, `upload --provider server`, and `uploader`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { writeFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempHome, makePng, uploadForm } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../src-main/cli/bin.js', import.meta.url));
const run = promisify(execFile);

let home: { home: string; cleanup: () => Promise<void> };
let child: ChildProcess;
let baseUrl: string;
let exited: Promise<number | null>;

function env(): NodeJS.ProcessEnv {
  const { SHOTLINK_SERVER_TOKEN: _drop, ...rest } = process.env;
  return { ...rest, SHOTLINK_HOME: home.home };
}

async function shotlink(...args: string[]) {
  return run(process.execPath, [BIN, ...args], { env: env() }).then(
    (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

beforeAll(async () => {
  home = await tempHome();
  child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0'], {
    env: env(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^Shotlink server at (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGTERM');
  await exited;
  await home.cleanup();
});

describe('shotlink serve', () => {
  it('prints one start line and serves upload / download / delete', async () => {
    const token = (await shotlink('server', 'token')).stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const png = await makePng();
    const uploaded = await fetch(`${baseUrl}/api/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: uploadForm(png, 'shot.png', 'image/png', { expires: '7d' }),
    });
    expect(uploaded.status).toBe(201);
    const answer = (await uploaded.json()) as { url: string; deleteUrl: string; expiresAt: string };
    expect(answer.url.startsWith(`${baseUrl}/i/`)).toBe(true);
    expect(Date.parse(answer.expiresAt)).toBeGreaterThan(Date.now());

    const download = await fetch(answer.url);
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);

    expect((await fetch(answer.deleteUrl, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(answer.url)).status).toBe(404);
  });

  it('is the target of `shotlink upload --provider server`', async () => {
    const file = join(home.home, 'shot.png');
    await writeFile(file, await makePng(200, 120));
    const result = await shotlink('upload', '--provider', 'server', '--format', 'url', '--quiet', file);
    expect(result.code, result.stderr).toBe(0);
    const link = result.stdout.trim();
    expect(link).toMatch(new RegExp(`^${baseUrl}/i/[A-Za-z0-9_-]{22}\\.(png|webp|jpg)$`));
    const got = await fetch(link);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toMatch(/^image\//);

    // The same file again is another upload, not the first one handed back: deleting one leaves the other.
    const again = await shotlink('upload', '--provider', 'server', '--json', '--quiet', file);
    expect(again.code, again.stderr).toBe(0);
    const second = JSON.parse(again.stdout) as { url: string; deleteUrl: string };
    expect(second.url).not.toBe(link);
    expect((await fetch(second.deleteUrl, { method: 'DELETE' })).ok).toBe(true);
    expect((await fetch(second.url)).status).toBe(404);
    expect((await fetch(link)).status).toBe(200);
  }, 60_000);

  it('imports its own .sxcu with `shotlink uploader add`, lists it, uploads with it and removes it', async () => {
    const token = (await shotlink('server', 'token')).stdout.trim();
    const sxcu = join(home.home, 'lan.sxcu');
    await writeFile(
      sxcu,
      await (
        await fetch(`${baseUrl}/api/sharex.sxcu`, { headers: { authorization: `Bearer ${token}` } })
      ).text(),
    );
    const added = await shotlink('uploader', 'add', sxcu, '--name', 'lan');
    expect(added).toMatchObject({ code: 0, stdout: 'lan\n' });
    expect((await shotlink('uploader', 'list')).stdout).toContain(
      `lan\tPOST ${baseUrl}/api/upload (MultipartFormData)`,
    );

    const file = join(home.home, 'other.png');
    await writeFile(file, await makePng(50, 50));
    const uploaded = await shotlink('upload', '--provider', 'lan', '--format', 'url', '--quiet', file);
    expect(uploaded.code, uploaded.stderr).toBe(0);
    expect((await fetch(uploaded.stdout.trim())).status).toBe(200);

    expect((await shotlink('uploader', 'remove', 'lan')).code).toBe(0);
    expect((await shotlink('uploader', 'list')).stdout).toBe('');
  }, 120_000); // five CLI runs, each starting Node and compiling TypeScript

  it('refuses an unsupported .sxcu naming the feature, with exit code 3', async () => {
    const sxcu = join(home.home, 'text.sxcu');
    await writeFile(
      sxcu,
      JSON.stringify({ RequestURL: `${baseUrl}/x`, Body: 'JSON', Data: '{input}', URL: '{json:url}' }),
    );
    const refused = await shotlink('uploader', 'add', sxcu);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/Body JSON sends only the text/);
  });

  it('refuses a bad --port with exit code 2', async () => {
    const refused = await shotlink('serve', '--port', 'eighty');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--port must be a whole number');
  });

  it('stops on SIGTERM with exit code 0 and forgets its address', async () => {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(stat(join(home.home, 'server', 'running.json'))).rejects.toThrow();
  });
});
