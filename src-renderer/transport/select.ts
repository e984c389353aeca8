// Which transport the window uses: the Electron preload's bridge when the page runs in the app,
// else the loopback HTTP bridge whose token is in the page's address (`/?token=...`).
import type { ShotlinkBridge } from '../../src-shared/api.ts';
import { BRIDGE_TOKEN_PARAM } from '../../src-shared/bridge-protocol.ts';
import { createHttpBridge } from './http.ts';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge.exposeInMainWorld('shotlink', bridge)). */
    shotlink?: ShotlinkBridge & {
      /** Electron only: the file-system path of a dropped file (webUtils.getPathForFile). */
      pathForFile?: (file: File) => string;
    };
  }
}

/** Whether this window runs inside the desktop app (hotkeys and start at login apply only there). */
export function inDesktopApp(win: Window = window): boolean {
  return win.shotlink !== undefined;
}

export function selectBridge(win: Window = window): ShotlinkBridge | null {
  if (win.shotlink && typeof win.shotlink.on === 'function' && win.shotlink.api) return win.shotlink;
  const token = new URLSearchParams(win.location.search).get(BRIDGE_TOKEN_PARAM);
  if (!token) return null;
  return createHttpBridge({ baseUrl: win.location.origin, token });
}
