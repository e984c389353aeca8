// The API over IPC. Every call is checked to come from the top frame of one of our own windows showing our
// own page (Electron Fiddle's pattern): a frame that navigated elsewhere, an iframe or any other
// webContents gets a refusal, never the API. The envelope (method name, argument list) is checked here;
// the arguments themselves are validated by core's dispatch table against the schemas in src-shared.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { apiArgs, type ApiEventName, type ApiEvents, type ApiResponse } from '../../src-shared/api.ts';
import type { SerializedError } from '../../src-shared/errors.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipc-channels.ts';

export type ApiCall = (method: string, args: unknown) => Promise<ApiResponse<unknown>>;
type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/** scheme://host of a URL. (URL.origin is "null" for custom schemes such as app://, so build it.) */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export function isTrustedSender(
  event: SenderEvent,
  ownWindows: () => Iterable<WebContents>,
  appOrigin: string,
): boolean {
  const frame = event.senderFrame;
  // null: the frame navigated away or was destroyed since it sent the message.
  if (!frame || frame.parent !== null) return false;
  if (![...ownWindows()].includes(event.sender)) return false;
  return originOf(frame.url) === appOrigin;
}

const refusal = (message: string): ApiResponse<never> => ({
  ok: false,
  error: { kind: 'usage', message, retryable: false } satisfies SerializedError,
});

/** Answers CALL_CHANNEL; returns a function that removes the handler. */
export function registerApiIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  options: {
    call: ApiCall;
    isTrusted: (event: SenderEvent) => boolean;
    onRefused?: (reason: string) => void;
  },
): () => void {
  ipcMain.handle(
    CALL_CHANNEL,
    async (event, method: unknown, args: unknown): Promise<ApiResponse<unknown>> => {
      if (!options.isTrusted(event)) {
        const reason = `IPC call refused: it did not come from a Shotlink window (${event.senderFrame?.url ?? 'no frame'}).`;
        options.onRefused?.(reason);
        return refusal(reason);
      }
      if (typeof method !== 'string' || !Object.hasOwn(apiArgs, method)) {
        return refusal(`"${String(method).slice(0, 100)}" is not a Shotlink API method.`);
      }
      if (!Array.isArray(args)) return refusal(`The arguments of ${method} must be a list.`);
      return options.call(method, args);
    },
  );
  return () => ipcMain.removeHandler(CALL_CHANNEL);
}

/** Sends one API event to every live window. */
export function sendEvent<E extends ApiEventName>(
  targets: Iterable<WebContents>,
  event: E,
  payload: ApiEvents[E],
): void {
  for (const contents of targets) {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload);
  }
}
