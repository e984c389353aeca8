// @ts-check
// Where Shotlink's own files are: the one place that knows, for every way Shotlink runs — the
// TypeScript sources (tsx, tests), the CLI bundle (dist/cli), the Electron main (dist/main, inside an
// asar archive when packaged) and a package installed from `npm pack`. Every one of those has the
// package's own package.json above it, so the root is found by walking up to it, never by counting
// `../` from wherever a module happens to be compiled to (the bundle is two folders deep, the sources
// three, the Electron main four). Plain JavaScript: `bin.js` needs it before TypeScript can run.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'shotlink';

/**
 * The folder holding Shotlink's package.json, searched upwards from `from` (a file or folder URL or
 * path); throws when there is none, which only a broken install can cause.
 * @param {string | URL} from
 * @returns {string}
 */
export function findPackageRoot(from) {
  const start = typeof from === 'string' && !from.startsWith('file:') ? from : fileURLToPath(from);
  for (let dir = start; ;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readName(manifest) === PACKAGE_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Shotlink's package.json was not found above ${start}`);
    dir = parent;
  }
}

/** @param {string} manifest */
function readName(manifest) {
  try {
    return JSON.parse(readFileSync(manifest, 'utf8')).name;
  } catch {
    return undefined;
  }
}

// From the path, not a URL object: a test environment (jsdom) may replace the global URL with its own.
const root = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** Shotlink's own files, as absolute paths. Whether a built one exists is for its user to check. */
export const packageFiles = Object.freeze({
  /** The package folder: the checkout, or where npm installed the package. */
  root,
  packageJson: join(root, 'package.json'),
  /** The built window (`vite build`, run by `npm ci`'s prepare, `npm start` and `npm run build`). */
  renderer: join(root, 'dist', 'renderer'),
  /** The sandboxed preload, bundled as CommonJS (`npm run build:preload`). */
  preload: join(root, 'dist', 'preload', 'preload.cjs'),
  /** The `shotlink` bundle and its stamp (src-main/cli/build-cli.js). */
  cliBundle: join(root, 'dist', 'cli'),
  /** Tray icons. */
  assets: join(root, 'src-main', 'electron', 'assets'),
});

/**
 * The OCR's English model shipped in the npm package `@tesseract.js-data/eng`: the integer "best"
 * model, accurate and quick to load. Resolved from the package root, where npm installed it.
 * @returns {string}
 */
export function englishModelFolder() {
  const require = createRequire(packageFiles.packageJson);
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}
