// The tray icon: its menu (built by tray-menu.ts from the state), its icon per upload state, and files
// dropped on it (macOS only: other systems' trays take no drops, the window's drop zone does instead).
import { join } from 'node:path';
import type { Menu as MenuClass, NativeImage, Tray as TrayClass } from 'electron';
import {
  buildTrayMenu,
  trayTooltip,
  type TrayCommand,
  type TrayState,
  type TrayStatus,
} from './tray-menu.ts';

/** How long "done" and "failed" stay on the icon before it returns to idle. */
const SETTLE_MS = 5000;

export function trayIconPath(assetsDir: string, status: TrayStatus, platform: NodeJS.Platform): string {
  // Electron picks the @2x file beside it on high-density screens. On macOS the icon is a template image
  // (black and alpha, tinted by macOS for light and dark menu bars), which Electron recognises by the
  // "Template" at the end of its file name.
  return join(assetsDir, `tray-${status}${platform === 'darwin' ? 'Template' : ''}.png`);
}

export interface ShotlinkTray {
  update(patch: Partial<TrayState>): void;
  state(): TrayState;
  destroy(): void;
}

export function createTray(options: {
  Tray: typeof TrayClass;
  Menu: Pick<typeof MenuClass, 'buildFromTemplate'>;
  createImage: (path: string) => NativeImage;
  assetsDir: string;
  platform: NodeJS.Platform;
  initial: TrayState;
  run: (command: TrayCommand) => void;
  onDropFiles: (paths: string[]) => void;
}): ShotlinkTray {
  let state = options.initial;
  let settleTimer: NodeJS.Timeout | undefined;
  const tray = new options.Tray(
    options.createImage(trayIconPath(options.assetsDir, state.status, options.platform)),
  );

  const render = () => {
    tray.setImage(options.createImage(trayIconPath(options.assetsDir, state.status, options.platform)));
    tray.setToolTip(trayTooltip(state.status));
    tray.setContextMenu(options.Menu.buildFromTemplate(buildTrayMenu(state, options.run)));
  };

  tray.on('drop-files', (_event, files) => options.onDropFiles(files));
  // A left click opens the app on Windows and on Linux trays that report clicks (KDE's; GNOME's
  // AppIndicator shows the menu instead and sends no click, so the menu has "Open Shotlink"). On macOS
  // the click opens the menu, as menu bar items do.
  if (options.platform !== 'darwin') tray.on('click', () => options.run({ type: 'open' }));
  render();

  return {
    update(patch) {
      state = { ...state, ...patch };
      if (patch.status) {
        clearTimeout(settleTimer);
        if (patch.status === 'done' || patch.status === 'failed') {
          settleTimer = setTimeout(() => {
            state = { ...state, status: 'idle' };
            render();
          }, SETTLE_MS);
        }
      }
      render();
    },
    state: () => state,
    destroy() {
      clearTimeout(settleTimer);
      tray.destroy();
    },
  };
}
