// The tray menu is built from state (a pure function) and its clicks become commands; the tray shows the
// upload state in its icon and takes dropped files.
import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import { Menu, Tray } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_PROVIDERS } from '../../src-shared/catalog.ts';
import { createTray, trayIconPath } from '../../src-main/electron/tray.ts';
import {
  buildTrayMenu,
  tierSummary,
  type TrayCommand,
  type TrayState,
} from '../../src-main/electron/tray-menu.ts';
import { desktop, makeReady, nativeImage, resetElectronStub, Tray as StubTray } from '../stubs/electron.ts';

const entries = Array.from({ length: 7 }, (_, i) => ({
  id: `h${i}`,
  fileName: `shot-${i}.png`,
  provider: 'img402',
}));

const state: TrayState = {
  status: 'idle',
  recent: entries,
  providers: BUILTIN_PROVIDERS,
  provider: 'img402',
  tier: '1y',
  watchPaused: false,
  server: { running: true, lanUrl: 'http://192.168.1.20:8402', error: undefined },
};

function menuOf(s: TrayState) {
  const commands: TrayCommand[] = [];
  const items = buildTrayMenu(s, (command) => commands.push(command));
  const find = (label: string | RegExp, list: MenuItemConstructorOptions[] = items) => {
    const item = list.find((i) =>
      typeof label === 'string' ? i.label === label : label.test(i.label ?? ''),
    );
    if (!item) throw new Error(`no menu item ${label}`);
    return item;
  };
  const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();
  return { items, commands, find, click };
}

describe('buildTrayMenu', () => {
  it('has the upload, capture, open and quit actions', () => {
    const { find, click, commands } = menuOf(state);
    for (const label of [
      'Upload clipboard image',
      'Upload file…',
      'Capture region',
      'Open Shotlink',
      'Quit Shotlink',
    ]) {
      click(find(label));
    }
    expect(commands).toEqual([
      { type: 'upload-clipboard' },
      { type: 'upload-file' },
      { type: 'capture' },
      { type: 'open' },
      { type: 'quit' },
    ]);
  });

  it('lists the last five uploads, newest first; a click copies the link again', () => {
    const { items, find, click, commands } = menuOf(state);
    const recent = items.filter((i) => /^shot-\d\.png$/.test(i.label ?? ''));
    expect(recent.map((i) => i.label)).toEqual([
      'shot-0.png',
      'shot-1.png',
      'shot-2.png',
      'shot-3.png',
      'shot-4.png',
    ]);
    click(find('shot-3.png'));
    expect(commands).toEqual([{ type: 'copy-link', historyId: 'h3' }]);
  });

  it('says when nothing was uploaded yet', () => {
    const { find } = menuOf({ ...state, recent: [] });
    expect(find('Nothing uploaded yet').enabled).toBe(false);
  });

  it('offers every tier as a radio item with its price and retention, the chosen one checked', () => {
    const { find, click, commands } = menuOf(state);
    const hosts = find('Upload to').submenu as MenuItemConstructorOptions[];
    const radios = hosts.filter((i) => i.type === 'radio');
    expect(radios).toHaveLength(BUILTIN_PROVIDERS.flatMap((p) => p.tiers).length);
    expect(radios.filter((i) => i.checked).map((i) => i.label)).toEqual(['1 year — 0.01 USDC, 1 year']);
    expect(hosts.map((i) => i.label)).toContain('Free — free, 7 days');
    expect(hosts.map((i) => i.label)).toContain('Permanent — 1.00 USDC, permanent');
    click(find('Anonymous — free, 30 days', hosts));
    expect(commands).toEqual([{ type: 'choose-tier', provider: 'imgpro', tier: 'anonymous' }]);
    // Provider names head their tiers and cannot be clicked.
    expect(find('img.pro', hosts).enabled).toBe(false);
  });

  it('toggles watching and the server, and copies the server’s LAN address', () => {
    const { find, click, commands } = menuOf(state);
    expect(find('Pause watching').checked).toBe(false);
    expect(find('Shotlink server').checked).toBe(true);
    click(find('Pause watching'));
    click(find('Shotlink server'));
    click(find(/^On your network: http:\/\/192\.168\.1\.20:8402/));
    expect(commands).toEqual([
      { type: 'set-watch-paused', paused: true },
      { type: 'set-server', enabled: false },
      { type: 'copy-text', text: 'http://192.168.1.20:8402' },
    ]);
  });

  it('shows no LAN address while the server is off, and the server’s error when it has one', () => {
    const { items, find } = menuOf({
      ...state,
      watchPaused: true,
      server: { running: false, lanUrl: null, error: 'port 8402 is in use' },
    });
    expect(items.some((i) => /On your network/.test(i.label ?? ''))).toBe(false);
    expect(find('Server: port 8402 is in use').enabled).toBe(false);
    expect(find('Pause watching').checked).toBe(true);
  });

  it('states the upload state at the top', () => {
    expect(menuOf({ ...state, status: 'failed' }).items[0]!.label).toMatch(/upload failed/);
    expect(menuOf({ ...state, status: 'uploading' }).items[0]!.label).toMatch(/uploading/);
  });

  it('summarises tiers the same way everywhere', () => {
    expect(tierSummary(BUILTIN_PROVIDERS[0]!.tiers[0]!)).toBe('Free — free, 7 days');
  });
});

describe('createTray', () => {
  beforeEach(() => {
    resetElectronStub();
    makeReady();
  });

  function makeTray(platform: NodeJS.Platform = 'darwin') {
    desktop.platform = platform;
    const commands: TrayCommand[] = [];
    const dropped: string[][] = [];
    const tray = createTray({
      Tray,
      Menu,
      createImage: (path) => nativeImage.createFromPath(path) as unknown as NativeImage,
      assetsDir: '/assets',
      platform,
      initial: state,
      run: (command) => commands.push(command),
      onDropFiles: (paths) => dropped.push(paths),
    });
    return { tray, stub: StubTray.created[0]!, commands, dropped };
  }

  const imagePath = (stub: StubTray) => (stub.image as { path: string }).path;

  it('shows the upload state in its icon and tooltip, and rebuilds the menu from the new state', () => {
    const { tray, stub } = makeTray('linux');
    expect(imagePath(stub)).toBe(trayIconPath('/assets', 'idle', 'linux'));
    tray.update({ status: 'uploading' });
    expect(imagePath(stub)).toBe('/assets/tray-uploading.png');
    expect(stub.toolTip).toMatch(/uploading/);
    tray.update({ status: 'failed', recent: [] });
    expect(imagePath(stub)).toBe('/assets/tray-failed.png');
    const template = (stub.contextMenu as { template: MenuItemConstructorOptions[] }).template;
    expect(template.some((i) => i.label === 'Nothing uploaded yet')).toBe(true);
    tray.destroy();
    expect(stub.destroyed).toBe(true);
  });

  it('uploads files dropped on the tray icon', () => {
    const { stub, dropped } = makeTray();
    stub.emit('drop-files', {}, ['/Users/me/Desktop/a.png', '/Users/me/Desktop/b.png']);
    expect(dropped).toEqual([['/Users/me/Desktop/a.png', '/Users/me/Desktop/b.png']]);
  });

  it('uses template images on macOS, which macOS tints for light and dark menu bars', async () => {
    const { tray, stub } = makeTray('darwin');
    expect(imagePath(stub)).toBe('/assets/tray-idleTemplate.png');
    tray.update({ status: 'done' });
    expect((stub.image as { isTemplateImage(): boolean }).isTemplateImage()).toBe(true);
    // Every state has its template files, in both densities, in black and alpha only.
    const sharp = (await import('sharp')).default;
    const assets = new URL('../../src-main/electron/assets/', import.meta.url).pathname;
    for (const status of ['idle', 'uploading', 'done', 'failed'] as const) {
      for (const file of [
        trayIconPath(assets, status, 'darwin'),
        trayIconPath(assets, status, 'darwin').replace('.png', '@2x.png'),
      ]) {
        const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
        for (let i = 0; i < data.length; i += info.channels) {
          if (data[i + 3]! > 0) expect([data[i], data[i + 1], data[i + 2]]).toEqual([0, 0, 0]);
        }
      }
    }
  });

  it('opens the window on a left click where the OS reports one (Windows, KDE), not on macOS', () => {
    const windows = makeTray('win32');
    windows.stub.click();
    expect(windows.commands).toEqual([{ type: 'open' }]);
    resetElectronStub();
    makeReady();
    const kde = makeTray('linux');
    kde.stub.click();
    expect(kde.commands).toEqual([{ type: 'open' }]);
    resetElectronStub();
    makeReady();
    const mac = makeTray('darwin');
    mac.stub.click();
    expect(mac.commands).toEqual([]);
    expect(mac.stub.menuOpened).toBe(1); // the menu, as menu bar items do
  });

  it('on GNOME (AppIndicator: no click, only the menu) the menu itself opens the window', () => {
    desktop.linuxTray = 'appindicator';
    const gnome = makeTray('linux');
    gnome.stub.click();
    expect(gnome.commands).toEqual([]);
    const template = (gnome.stub.contextMenu as { template: MenuItemConstructorOptions[] }).template;
    template.find((item) => item.label === 'Open Shotlink')!.click!(
      {} as never,
      undefined as never,
      {} as never,
    );
    expect(gnome.commands).toEqual([{ type: 'open' }]);
  });
});
