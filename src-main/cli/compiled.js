// @ts-check
// Which code `shotlink` runs: the compiled bundle in dist/cli when it was built from the sources as they
// are now, otherwise the TypeScript sources themselves (through tsx, slower to start). A checkout whose
// sources changed since the build must never run stale code, so every source the bundle was built from
// is compared with the build's time. Plain JavaScript: it runs before anything can compile TypeScript.
import { readFileSync, statSync } from 'node:fs';

/** Where the bundle and its stamp live, relative to the project folder. */
export const BUILD_DIR = 'dist/cli';
export const STAMP_FILE = `${BUILD_DIR}/stamp.json`;

/**
 * @typedef {object} Stamp
 * @property {number} builtAt  ms since the epoch, taken before the first source was read
 * @property {string[]} inputs  project-relative files the bundle depends on
 */

/**
 * The compiled entry point when it is up to date, or why not.
 * @param {URL} root  the project folder, ending in a slash
 * @returns {{ entry: URL } | { entry: null, why: string }}
 */
export function compiledEntry(root) {
  /** @type {Stamp} */
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(new URL(STAMP_FILE, root), 'utf8'));
  } catch {
    return { entry: null, why: 'it has not been built' };
  }
  for (const input of stamp.inputs) {
    let modified;
    try {
      modified = statSync(new URL(input, root)).mtimeMs;
    } catch {
      return { entry: null, why: `${input} is gone since the build` };
    }
    if (modified > stamp.builtAt) return { entry: null, why: `${input} changed since the build` };
  }
  return { entry: new URL(`${BUILD_DIR}/main.js`, root) };
}
