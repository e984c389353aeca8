// A real crash: `shotlink serve` is killed with SIGKILL in the middle of a burst of uploads. After a
// restart every upload that had been acknowledged (201) is served, byte for byte, and the index is whole.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempHome, makeNoisePng, uploadForm } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../src-main/cli/bin.js', import.meta.url));
const TOKEN = 'crash-test-token-0123456789';
const children: ChildProcess[] = [];
const home = await tempHome();

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await home.cleanup();
});

function serve(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0'], {
    env: { ...process.env, SHOTLINK_HOME: home.home, SHOTLINK_SERVER_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /at (http:\/\/\S+)\n/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code})`)));
  });
}

describe('crash mid-upload', () => {
  it('serves every acknowledged image after SIGKILL and a restart', async () => {
    const first = await serve();
    // Under the per-client limit (60 a minute); noise images take a while to decode, spreading the answers.
    const images = await Promise.all(Array.from({ length: 50 }, (_, i) => makeNoisePng(200 + i, 200)));
    const acknowledged: { id: string; bytes: Buffer }[] = [];
    const exited = new Promise((resolve) => first.child.on('exit', resolve));
    await Promise.all(
      images.map(async (bytes) => {
        try {
          const response = await fetch(`${first.url}/api/upload`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}` },
            body: uploadForm(bytes),
          });
          if (response.status !== 201) return;
          acknowledged.push({ id: ((await response.json()) as { id: string }).id, bytes });
          // Kill as soon as one is through: the rest are in flight (reading, decoding, writing).
          if (acknowledged.length === 1) first.child.kill('SIGKILL');
        } catch {
          // cut off by the crash: never acknowledged, so nothing is owed
        }
      }),
    );
    await exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(1);
    expect(acknowledged.length).toBeLessThan(images.length); // the kill really interrupted the burst

    const second = await serve();
    for (const { id, bytes } of acknowledged) {
      const got = await fetch(`${second.url}/i/${id}.png`);
      expect(got.status).toBe(200);
      expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    }
    const index = JSON.parse(await readFile(join(home.home, 'server', 'index.json'), 'utf8')) as {
      images: { id: string }[];
    };
    expect(index.images.length).toBeGreaterThanOrEqual(acknowledged.length);
    second.child.kill('SIGTERM');
  }, 90_000);
});
