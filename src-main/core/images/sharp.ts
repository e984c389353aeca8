// sharp, as every module of Shotlink gets it. Loaded through require: under Node 20 its ES module build
// costs twice as long to load (each CommonJS file it imports is scanned for its exports first), and
// `shotlink upload` pays that on every run.
import { createRequire } from 'node:module';
import type SharpModule from 'sharp';

const sharp = createRequire(import.meta.url)('sharp') as typeof SharpModule;
export default sharp;
