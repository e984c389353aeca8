// sharp, as every module of Shotlink gets it: loaded the first time an image is opened, through require.
// Loading it (and libvips) costs a CLI run more than starting Node, and `shotlink upload` of a PNG sent as
// it is to a server on this network never needs it (images/png-check.ts). Through require, because under
// Node 20 its ES module build costs twice as long to load (each CommonJS file it imports is scanned for
// its exports first).
import { createRequire } from 'node:module';
import type SharpModule from 'sharp';

const require = createRequire(import.meta.url);
let loaded: typeof SharpModule | undefined;

const sharp = ((...args: Parameters<typeof SharpModule>) =>
  (loaded ??= require('sharp') as typeof SharpModule)(...args)) as typeof SharpModule;
export default sharp;
