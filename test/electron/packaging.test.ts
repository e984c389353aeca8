// Packaging without the Electron binary: electron-builder.yml checked against electron-builder's own
// schema, the icons it names, and the preload bundle that sandboxed windows load (built here with the
// same esbuild command as `npm run build:preload`, then run the way a sandbox runs it).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import vm from 'node:vm';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { apiArgs } from '../../src-shared/api.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
// electron-builder's own modules, reached through it (they are its dependencies, not ours).
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const yaml = builderRequire('js-yaml') as { load(text: string): unknown };
const appBuilderRequire = createRequire(builderRequire.resolve('app-builder-lib'));
const { validateConfiguration } = appBuilderRequire(
  join(dirname(builderRequire.resolve('app-builder-lib')), 'util/config/config.js'),
) as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = createRequire(appBuilderRequire.resolve('builder-util'))('builder-util') as {
  DebugLogger: new (enabled: boolean) => unknown;
};

interface BuilderConfig {
  appId: string;
  files: string[];
  asarUnpack: string[];
  directories: { buildResources: string };
  mac: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  linux: { target: string[]; icon: string };
}

const loadConfig = async () =>
  yaml.load(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const packageJson = async () =>
  JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    main: string;
    scripts: Record<string, string>;
  };

let work: string | undefined;
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema (and the schema does reject nonsense)', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, bogusKey: 1 }, new DebugLogger(false))).rejects.toThrow(
      /unknown property 'bogusKey'/,
    );
  });

  it('builds dmg+zip on macOS, an NSIS installer on Windows, AppImage+deb on Linux', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('dev.shotlink.app');
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('unpacks the native modules (sharp, keytar) from the asar archive', async () => {
    expect((await loadConfig()).asarUnpack).toEqual(
      expect.arrayContaining([
        'node_modules/sharp/**',
        'node_modules/@img/**',
        'node_modules/@github/keytar/**',
      ]),
    );
  });

  it('names icons that exist and are large enough for every platform (512 px and up)', async () => {
    const config = await loadConfig();
    for (const icon of new Set([config.mac.icon, config.win.icon, config.linux.icon])) {
      const { width, height } = await sharp(join(root, icon)).metadata();
      expect(width).toBeGreaterThanOrEqual(512);
      expect(height).toBe(width);
    }
    expect(existsSync(join(root, config.directories.buildResources))).toBe(true);
  });

  it('ships the tray icons for every state, in both densities', async () => {
    const config = await loadConfig();
    expect(config.files).toContain('src-main/electron/assets/*.png');
    for (const state of ['idle', 'uploading', 'done', 'failed']) {
      const base = join(root, 'src-main/electron/assets', `tray-${state}`);
      expect((await sharp(`${base}.png`).metadata()).width).toBe(16);
      expect((await sharp(`${base}@2x.png`).metadata()).width).toBe(32);
    }
  });

  it('points package.json main at the compiled shell entry', async () => {
    const { main } = await packageJson();
    expect(main).toBe('dist/main/src-main/electron/main.js');
    expect(existsSync(join(root, main.replace(/^dist\/main\//, '').replace(/\.js$/, '.ts')))).toBe(true);
  });
});

describe('the preload bundle', () => {
  it('is one CommonJS file that needs nothing but electron, and exposes every API method when run sandboxed', async () => {
    work = await mkdtemp(join(tmpdir(), 'shotlink-preload-'));
    const outfile = join(work, 'preload.cjs');
    // The very command `npm run build` uses, with the output moved to a temporary folder.
    const command = (await packageJson()).scripts['build:preload']!.split(' ');
    expect(command[0]).toBe('esbuild');
    const args = command.slice(1).map((arg) => (arg.startsWith('--outfile=') ? `--outfile=${outfile}` : arg));
    expect(args).toContain(`--outfile=${outfile}`);
    await promisify(execFile)(join(root, 'node_modules/.bin/esbuild'), args, { cwd: root });

    const code = await readFile(outfile, 'utf8');
    // A sandboxed preload gets a `require` that knows only a few modules; ours asks for electron alone.
    const required: string[] = [];
    const exposed: Record<string, { api: Record<string, unknown>; on: unknown }> = {};
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: never) => (exposed[key] = value) },
      ipcRenderer: { invoke: async () => ({ ok: true, value: null }), on: () => {} },
      webUtils: { getPathForFile: () => '' },
    };
    const module = { exports: {} };
    vm.runInNewContext(code, {
      module,
      exports: module.exports,
      require: (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
        return electron;
      },
    });
    expect([...new Set(required)]).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['shotlink']);
    expect(Object.keys(exposed.shotlink!.api).sort()).toEqual(Object.keys(apiArgs).sort());
    expect(Object.keys(exposed.shotlink!).sort()).toEqual(['api', 'on', 'pathForFile']);
  });
});
