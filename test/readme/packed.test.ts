// The `shotlink` command from a package laid out as `npm pack` lays it out: the bundle, the built window
// and bin.js, without the TypeScript sources. A path that only resolves inside the checkout fails here.
// The package's dependencies are this checkout's node_modules, as `npm install shotlink-x.tgz` would
// install them beside it.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageFiles } from '../../src-main/core/package-files.js';
import { screenshotPng } from '../cli/fixtures.ts';
import { runIn } from '../cli/run-cli.ts';
import { startFakeImg402, type FakeImg402 } from '../support/fake-img402.ts';
import { cleanEnv } from '../support/test-service.ts';

let work: string;
let installed: string;
let img402: FakeImg402;
const run = promisify(execFile);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shotlink-packed-'));
  img402 = await startFakeImg402();
  // What the global setup built (npm ci's prepare) is packed as it is: packing must not rebuild under
  // the other tests' feet.
  await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], {
    cwd: packageFiles.root,
  });
  const pkg = JSON.parse(await readFile(packageFiles.packageJson, 'utf8')) as { version: string };
  await mkdir(join(work, 'install'));
  await run('tar', ['xzf', join(work, `shotlink-${pkg.version}.tgz`), '-C', join(work, 'install')]);
  installed = join(work, 'install', 'package');
  await symlink(join(packageFiles.root, 'node_modules'), join(installed, 'node_modules'));
}, 120_000);

afterAll(async () => {
  await img402?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const bin = () => join(installed, 'src-main', 'cli', 'bin.js');
const env = (name: string) =>
  cleanEnv({ SHOTLINK_HOME: join(work, name), SHOTLINK_IMG402_URL: img402.url, HOME: join(work, 'home') });

describe('the packed package', { timeout: 120_000 }, () => {
  it('holds the bundle and the built window, not the sources', () => {
    expect(existsSync(join(installed, 'dist', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(installed, 'dist', 'renderer', 'index.html'))).toBe(true);
    expect(existsSync(join(installed, 'src-main', 'cli', 'main.ts'))).toBe(false);
    expect(existsSync(join(installed, 'src-main', 'core', 'app.ts'))).toBe(false);
  });

  it('runs `shotlink --version` and `shotlink upload` from its bundle', async () => {
    const version = await runIn(process.execPath, [bin(), '--version'], { env: env('v') });
    expect(version.code).toBe(0);
    expect(version.stderr).toBe(''); // not "running from the sources"

    await writeFile(join(work, 'shot.png'), await screenshotPng());
    const upload = await runIn(process.execPath, [bin(), 'upload', 'shot.png', '--format', 'url'], {
      env: env('upload'),
      cwd: work,
    });
    expect(upload.code).toBe(0);
    expect(upload.stdout).toBe(`${img402.uploads.at(-1)!.url}\n`);
  });

  it('serves its own built window from `shotlink ui`', async () => {
    const child = spawn(process.execPath, [bin(), 'ui'], {
      env: env('ui'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`shotlink ui exited ${code}`)));
      });
      const page = await (await fetch(line)).text();
      expect(page).not.toContain('The Shotlink window is not built yet');
      expect(page).toMatch(/<script type="module"[^>]+src="\.\/assets\/[^"]+\.js"/);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
