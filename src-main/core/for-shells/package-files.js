// @ts-check
// Shotlink's own files (the built window, the preload, the CLI bundle, icons) for the shells and for
// `bin.js`, which runs before TypeScript can: plain JavaScript, like the module it passes on.
export { findPackageRoot, packageFiles } from '../package-files.js';
