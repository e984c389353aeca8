/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// One config for the renderer build and for the test runner.
export default defineConfig({
  root: here('./src-renderer'),
  base: './',
  plugins: [react()],
  build: { outDir: here('./dist/renderer'), emptyOutDir: true },
  test: {
    root: here('.'),
    include: ['test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/support/global-setup.ts'],
    // No test may load the real Electron: from Electron 42 on, require('electron') in plain Node
    // tries to download the binary and throws. The shell's modules are tested against this stub.
    alias: { electron: here('./test/stubs/electron.ts') },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
