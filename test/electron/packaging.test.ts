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
  mac: {
    target: string[];
    icon: string;
    hardenedRuntime: boolean;
    entitlements: string;
    extendInfo: Record<string, string>;
  };
  win: { target: string[]; icon: string };
  linux: { target: string[]; icon: string; syncDesktopName: boolean };
  deb: { depends?: string[]; afterInstall?: string };
}

const loadConfig = async () =>
  yaml.load(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const packageJson = async () =>
  JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    main: string;
    desktopName: string;
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

  it('builds dmg+zip on macOS, an NSIS installer on Windows, the deb first and an AppImage on Linux', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('dev.shotlink.app');
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.linux.target).toEqual(['deb', 'AppImage']);
  });

  it('keeps electron-builder’s deb dependencies (an explicit list would replace them)', async () => {
    const config = await loadConfig();
    expect(config.deb.depends).toBeUndefined();
    // Its post-install script is electron-builder's own: it sets up the sandbox and the AppArmor profile.
    expect(config.deb.afterInstall).toBeUndefined();
    const template = await readFile(
      join(root, 'node_modules/app-builder-lib/templates/linux/after-install.tpl'),
      'utf8',
    );
    expect(template).toMatch(/chrome-sandbox/);
    expect(template).toMatch(/apparmor/);
  });

  it('installs the .desktop file under the name Wayland’s portals know the app by', async () => {
    const config = await loadConfig();
    const { desktopName } = await packageJson();
    expect(desktopName).toBe(`${config.appId}.desktop`); // reverse-DNS, as the portal requires
    expect(config.linux.syncDesktopName).toBe(true); // electron-builder names the file after it
  });

  it('signs release builds or refuses to build, and signs local macOS builds ad hoc', async () => {
    const config = await loadConfig();
    const { scripts } = await packageJson();
    expect(scripts['dist:release']).toMatch(/-c\.forceCodeSigning=true/);
    expect(scripts['dist:release']).toMatch(/-c\.mac\.notarize=true/);
    expect(scripts.dist).toMatch(/-c\.mac\.identity=-( |$)/);
    expect(config.mac.hardenedRuntime).toBe(true);
    const entitlements = await readFile(join(root, config.mac.entitlements), 'utf8');
    expect(entitlements).toContain('<key>com.apple.security.cs.allow-jit</key>');
    expect(entitlements).toContain('<key>com.apple.security.cs.disable-library-validation</key>');
    expect(config.mac.extendInfo.NSScreenCaptureUsageDescription).toMatch(/captures/);
  });

  it('unpacks the native modules (sharp, keytar) from the asar archive, nested copies too', async () => {
    // The matcher electron-builder itself uses (its own minimatch, not whatever is at the top level).
    const { minimatch } = createRequire(join(root, 'node_modules/app-builder-lib/package.json'))(
      'minimatch',
    ) as { minimatch: (path: string, glob: string, options: { dot: boolean }) => boolean };
    const globs = (await loadConfig()).asarUnpack;
    for (const file of [
      'node_modules/sharp/lib/index.js',
      'node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node',
      'node_modules/@github/keytar/build/Release/keytar.node',
      'node_modules/some-package/node_modules/sharp/lib/index.js',
    ]) {
      expect(
        globs.some((glob) => minimatch(file, glob, { dot: true })),
        file,
      ).toBe(true);
    }
    expect(globs.some((glob) => minimatch('node_modules/zod/index.js', glob, { dot: true }))).toBe(false);
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
      for (const variant of ['', 'Template']) {
        const base = join(root, 'src-main/electron/assets', `tray-${state}${variant}`);
        expect((await sharp(`${base}.png`).metadata()).width).toBe(16);
        expect((await sharp(`${base}@2x.png`).metadata()).width).toBe(32);
      }
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
