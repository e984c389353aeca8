// Which code `shotlink` runs: the compiled bundle only while it matches the sources (compiled.js), and
// the bundle as built really runs. Freshness is checked on a project folder of its own, so the real
// checkout's build is never touched.
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { compiledEntry, OWN_BUNDLES, SOURCE_ENTRY, STAMP_FILE } from '../../src-main/cli/compiled.js';
import { packageFiles } from '../../src-main/core/package-files.js';
import { runIn } from './run-cli.ts';

let dir: string;
const root = () => dir;
const builtAt = Date.parse('2026-06-01T12:00:00Z');

/** A project folder with two sources and a stamp from `builtAt`; sources written at `sourceTime`. */
async function project(sourceTime: number) {
  await mkdir(join(dir, 'src'), { recursive: true });
  await mkdir(join(dir, 'src-main/cli'), { recursive: true });
  await writeFile(join(dir, SOURCE_ENTRY), 'export {};\n'); // a checkout, not an installed package
  await mkdir(join(dir, 'dist/cli'), { recursive: true });
  for (const file of ['src/a.ts', 'src/b.ts']) {
    await writeFile(join(dir, file), 'export {};\n');
    await utimes(join(dir, file), sourceTime / 1000, sourceTime / 1000);
  }
  await writeFile(join(dir, STAMP_FILE), JSON.stringify({ builtAt, inputs: ['src/a.ts', 'src/b.ts'] }));
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shotlink-compiled-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the compiled CLI', () => {
  it('is used when no source changed since the build', async () => {
    await project(builtAt - 60_000);
    expect(compiledEntry(root())).toEqual({ entry: pathToFileURL(join(dir, 'dist/cli/main.js')) });
  });

  it('is not used when a source changed since the build, and says which', async () => {
    await project(builtAt - 60_000);
    await utimes(join(dir, 'src/b.ts'), builtAt / 1000 + 1, builtAt / 1000 + 1);
    expect(compiledEntry(root())).toEqual({ entry: null, why: 'src/b.ts changed since the build' });
  });

  it('is not used when a source it was built from is gone', async () => {
    await project(builtAt - 60_000);
    await rm(join(dir, 'src/a.ts'));
    expect(compiledEntry(root())).toEqual({ entry: null, why: 'src/a.ts is gone since the build' });
  });

  it('is not used when it was never built', () => {
    expect(compiledEntry(root())).toEqual({ entry: null, why: 'it has not been built' });
  });

  it('is run as it is in an installed package, which has no sources to be stale against', async () => {
    await project(builtAt - 60_000);
    await rm(join(dir, 'src-main'), { recursive: true });
    await rm(join(dir, 'src/a.ts'));
    expect(compiledEntry(root())).toEqual({ entry: pathToFileURL(join(dir, 'dist/cli/main.js')) });
  });

  it("runs a command with a bundle of its own (upload) from that bundle, any other from the whole CLI's", async () => {
    await project(builtAt - 60_000);
    expect(Object.keys(OWN_BUNDLES)).toContain('upload');
    expect(compiledEntry(root(), 'upload')).toEqual({
      entry: pathToFileURL(join(dir, 'dist/cli/upload/main.js')),
    });
    for (const command of ['history', 'config', '--help', 'toString', undefined]) {
      expect(compiledEntry(root(), command)).toEqual({ entry: pathToFileURL(join(dir, 'dist/cli/main.js')) });
    }
    // Stale sources count for every bundle alike.
    await utimes(join(dir, 'src/a.ts'), builtAt / 1000 + 1, builtAt / 1000 + 1);
    expect(compiledEntry(root(), 'upload')).toEqual({ entry: null, why: 'src/a.ts changed since the build' });
  });

  it("builds each command's own bundle from sources the stamp lists, and it runs as built", async () => {
    const stamp = JSON.parse(await readFile(join(packageFiles.root, STAMP_FILE), 'utf8')) as {
      inputs: string[];
    };
    for (const [command, source] of Object.entries(OWN_BUNDLES)) {
      expect(stamp.inputs).toContain(source);
      const { entry } = compiledEntry(packageFiles.root, command);
      expect(entry?.pathname).toBe(join(packageFiles.root, 'dist/cli', command, 'main.js'));
      // Its help is the whole CLI's for that command, word for word.
      const own = await runIn(process.execPath, [entry!.pathname, command, '--help']);
      const whole = await runIn(process.execPath, [
        join(packageFiles.root, 'dist/cli/main.js'),
        command,
        '--help',
      ]);
      expect(own).toMatchObject({ code: 0 });
      expect(own.stdout).toBe(whole.stdout);
      expect((await runIn(process.execPath, [entry!.pathname, '--version'])).stdout).toBe(`${pkg.version}\n`);
    }
  });

  it('is what this checkout runs (the tests built it) and runs as built', async () => {
    const { entry } = compiledEntry(packageFiles.root);
    expect(entry).not.toBeNull();
    // The bundle itself, not through bin.js: it must find everything it needs (package.json's version).
    const result = await runIn(process.execPath, [entry!.pathname, '--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });
});
