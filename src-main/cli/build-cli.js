// @ts-check
// Compiles the `shotlink` command into one bundle (dist/cli/main.js plus chunks loaded on demand), the
// commands people time into bundles of their own (compiled.js's OWN_BUNDLES, in dist/cli/<command>/), and
// writes the stamp that src-main/cli/compiled.js checks before running them. Run by `npm ci` (the
// `prepare` script) and by the tests' global setup, so what is tested is what people run.
// Native modules stay outside the bundle (they are loaded from node_modules as they are), and so does
// everything a command loads only when it needs it, which esbuild splits into chunks.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageFiles } from '../core/for-shells/package-files.js';
import { BUILD_DIR, OWN_BUNDLES, SOURCE_ENTRY, STAMP_FILE } from './compiled.js';

const root = packageFiles.root;

/** Packages with native code or their own files at run time (tesseract.js starts a worker from its own
 * script and reads its WebAssembly), the AWS SDK (it picks its own build per runtime) and pg (its optional
 * native binding): loaded from node_modules as they are, only by the commands that use them. */
const EXTERNAL = ['sharp', '@github/keytar', 'electron', 'tesseract.js', '@aws-sdk/*', 'pg'];

/**
 * zod's namespace object re-exports its translations of every message into 64 languages (`z.locales`),
 * which no bundler can then leave out: over half of what every command loaded and compiled at start.
 * Shotlink's messages are English and it never calls `z.config(z.locales.…())`, so the bundle gets
 * only the English one (which zod installs itself).
 * @type {import('esbuild').Plugin}
 */
const ZOD_ENGLISH_ONLY = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'en-only.js'), namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from './en.js';\n",
      resolveDir: dirname(args.path),
    }));
  },
};

/** Builds the bundle; returns false (and says why) when esbuild is not installed (`npm ci --omit=dev`). */
export async function buildCli({ quiet = false } = {}) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    process.stderr.write('shotlink: esbuild is not installed, so `shotlink` will run from its sources.\n');
    return false;
  }
  // Taken before any source is read: a file saved during the build counts as changed after it.
  const builtAt = Date.now();
  const outdir = join(root, BUILD_DIR);
  await rm(outdir, { recursive: true, force: true });
  // The whole CLI, and each command with a bundle of its own in a folder named after it.
  const builds = [
    { entry: SOURCE_ENTRY, outdir },
    ...Object.entries(OWN_BUNDLES).map(([command, entry]) => ({ entry, outdir: join(outdir, command) })),
  ];
  const results = await Promise.all(builds.map((build) => bundle(esbuild, build, quiet)));
  // The project's own files are checked one by one; installed packages through npm's record of the
  // install, which every `npm ci` / `npm install` rewrites.
  // (Modules a plugin made up, `namespace:path`, have no file to compare.)
  const own = [...new Set(results.flatMap((result) => Object.keys(result.metafile.inputs)))].filter(
    (input) => !input.startsWith('node_modules/') && !/^[\w-]+:/.test(input),
  );
  const inputs = [...own, 'node_modules/.package-lock.json'];
  await mkdir(outdir, { recursive: true });
  await writeFile(join(root, STAMP_FILE), `${JSON.stringify({ builtAt, inputs }, null, 1)}\n`);
  if (!quiet)
    process.stderr.write(`shotlink: built ${relative(root, outdir)} from ${own.length} source files.\n`);
  return true;
}

/**
 * One bundle: the entry and what it imports, with what is loaded only on demand split into chunks.
 * @param {typeof import('esbuild')} esbuild
 * @param {{ entry: string, outdir: string }} build
 * @param {boolean} quiet
 */
function bundle(esbuild, { entry, outdir }, quiet) {
  return esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: entry },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    plugins: [ZOD_ENGLISH_ONLY],
    // Bundled CommonJS packages call require() for Node's own modules: give the ESM bundle one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildCli();
