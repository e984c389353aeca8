// Which transport the window uses: the Electron preload's bridge when the page runs in the app,
// else the loopback HTTP bridge whose token is in the page's address (`/?token=...`).
import type { ShotlinkBridge } from '../../src-shared/api.ts';
import {
  BRIDGE_TICKET_PARAM,
  BRIDGE_TICKET_PATH,
  BRIDGE_TOKEN_PARAM,
} from '../../src-shared/bridge-protocol.ts';
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

/**
 * A page opened with a one-time ticket (`shotlink ui --open`) trades it for the token first, then drops
 * it from the address bar; otherwise as selectBridge.
 */
export async function connectBridge(win: Window = window): Promise<ShotlinkBridge | null> {
  const ticket = new URLSearchParams(win.location.search).get(BRIDGE_TICKET_PARAM);
  if (!ticket) return selectBridge(win);
  win.history.replaceState(null, '', win.location.pathname);
  const response = await fetch(`${win.location.origin}${BRIDGE_TICKET_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ticket }),
  }).catch(() => null);
  if (!response?.ok) return null;
  const { token } = (await response.json()) as { token: string };
  return createHttpBridge({ baseUrl: win.location.origin, token });
}
