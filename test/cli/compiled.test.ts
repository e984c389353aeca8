// Which code `shotlink` runs: the compiled bundle only while it matches the sources (compiled.js), and
// the bundle as built really runs. Freshness is checked on a project folder of its own, so the real
// checkout's build is never touched.
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { compiledEntry, SOURCE_ENTRY, STAMP_FILE } from '../../src-main/cli/compiled.js';
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

  it('is what this checkout runs (the tests built it) and runs as built', async () => {
    const { entry } = compiledEntry(packageFiles.root);
    expect(entry).not.toBeNull();
    // The bundle itself, not through bin.js: it must find everything it needs (package.json's version).
    const result = await runIn(process.execPath, [entry!.pathname, '--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });
});
