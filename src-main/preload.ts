// The preload: gives the page exactly the API contract (src-shared/api.ts) as `window.shotlink`, one
// function per method plus event subscription, and nothing else: no ipcRenderer, no Node, no events'
// sender objects. One Electron-only helper sits beside it: `pathForFile`, the path of a file the user
// dropped (webUtils), so main reads dropped files itself instead of their bytes crossing IPC. The methods are made from the contract's own list (apiArgs), and ShotlinkApi is that
// same list as a type, so preload and contract cannot drift apart.
//
// Windows run with `sandbox: true`, where a preload cannot be an ES module and may only require a few
// built-ins: `npm run build` bundles this file with esbuild into dist/preload/preload.cjs (CommonJS,
// `electron` left external), which is what main.ts loads.
import { contextBridge, ipcRenderer, webUtils, type IpcRenderer, type IpcRendererEvent } from 'electron';
import {
  apiArgs,
  checkArgs,
  type ApiEventName,
  type ApiEvents,
  type ApiMethod,
  type ApiResponse,
  type ShotlinkApi,
  type ShotlinkBridge,
} from '../src-shared/api.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from './electron/ipc-channels.ts';

/** The name src-renderer/transport/select.ts looks for. */
export const BRIDGE_GLOBAL = 'shotlink';

type Listener = (payload: never) => void;

export function createPreloadBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on'>): ShotlinkBridge {
  async function call(method: ApiMethod, args: unknown[]): Promise<unknown> {
    // Checked here first, as the dispatch checks it again: what the contract refuses (a 500 MB image)
    // is refused with its reason and never crosses the IPC, which has no bound of its own.
    checkArgs(method, args);
    const response = (await ipc.invoke(CALL_CHANNEL, method, args)) as ApiResponse<unknown>;
    if (response.ok) return response.value;
    // contextBridge hands an Error's message to the page (not its other fields): the message is written
    // for people, with what to do.
    throw new Error(response.error.message);
  }

  const api = Object.fromEntries(
    (Object.keys(apiArgs) as ApiMethod[]).map((method) => [
      method,
      (...args: unknown[]) => call(method, args),
    ]),
  ) as unknown as ShotlinkApi;

  // One IPC listener for all subscriptions, fanned out here: the page never sees the IPC event object.
  const listeners = new Map<string, Set<Listener>>();
  ipc.on(EVENT_CHANNEL, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
    if (typeof name !== 'string') return;
    for (const listener of listeners.get(name) ?? []) listener(payload as never);
  });

  return {
    api,
    on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const stored = listener as Listener;
      set.add(stored);
      return () => void set.delete(stored);
    },
  };
}

/** What the window gets (src-renderer/transport/select.ts declares the same shape). */
export type PreloadBridge = ShotlinkBridge & { pathForFile(file: File): string };

const exposed: PreloadBridge = {
  ...createPreloadBridge(ipcRenderer),
  // Only files the user dropped or picked have a path; anything else gives "".
  pathForFile: (file) => webUtils.getPathForFile(file),
};
contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, exposed);
