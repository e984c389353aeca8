// @ts-check
// Which code `shotlink` runs: the compiled bundle in dist/cli when it was built from the sources as they
// are now, otherwise the TypeScript sources themselves (through tsx, slower to start). A checkout whose
// sources changed since the build must never run stale code, so every source the bundle was built from
// is compared with the build's time. An installed package (npm pack's layout: dist/ without the
// sources) runs its bundle as it is. Plain JavaScript: it runs before anything can compile TypeScript.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the bundle and its stamp live, relative to the project folder. */
export const BUILD_DIR = 'dist/cli';
export const STAMP_FILE = `${BUILD_DIR}/stamp.json`;
/** The CLI's sources: a package without them is an installed one, which has only its bundle. */
export const SOURCE_ENTRY = 'src-main/cli/main.ts';
/**
 * Commands built as bundles of their own, `dist/cli/<command>/main.js` from the source named: the paths
 * people time, whose code is then loaded from a few files instead of the many chunks the whole CLI's
 * commands share. Any other command runs the whole CLI's bundle.
 */
export const OWN_BUNDLES = { upload: 'src-main/cli/upload-main.ts' };

/**
 * @typedef {object} Stamp
 * @property {number} builtAt  ms since the epoch, taken before the first source was read
 * @property {string[]} inputs  project-relative files the bundle depends on
 */

/**
 * The compiled entry point when it is up to date, or why not.
 * @param {string} root  the package folder (packageFiles.root)
 * @param {string} [command]  the command named on the command line (`process.argv[2]`)
 * @returns {{ entry: URL } | { entry: null, why: string }}
 */
export function compiledEntry(root, command) {
  const own = command !== undefined && Object.hasOwn(OWN_BUNDLES, command);
  const entry = pathToFileURL(join(root, BUILD_DIR, ...(own ? [command] : []), 'main.js'));
  /** @type {Stamp} */
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, STAMP_FILE), 'utf8'));
  } catch {
    return { entry: null, why: 'it has not been built' };
  }
  // Installed from a package: nothing to be stale against, and nothing else to run.
  if (!existsSync(join(root, SOURCE_ENTRY))) return { entry };
  // Joined by hand, not with path.join: run ~230 times before anything is compiled, path.join's
  // normalising cost about 12 ms of every start, several times the stat calls themselves. The inputs are
  // esbuild's project-relative paths (forward slashes, no `..`), which every platform accepts as they are.
  const prefix = root.endsWith(sep) ? root : root + sep;
  for (const input of stamp.inputs) {
    let modified;
    try {
      modified = statSync(prefix + input).mtimeMs;
    } catch {
      return { entry: null, why: `${input} is gone since the build` };
    }
    if (modified > stamp.builtAt) return { entry: null, why: `${input} changed since the build` };
  }
  return { entry };
}
