// The one dispatch table: every method of the API contract (src-shared/api.ts), merged from the
// feature modules in core/api/, each of which implements its methods once against the App. Both
// transports - the Electron preload's IPC and the loopback HTTP bridge - end in `call`, which validates
// the arguments with the contract's schemas whatever they came through, runs the method and answers
// with a value or an error a person can act on. Nothing here knows which transport asked.
import {
  apiArgs,
  checkArgs,
  type ApiMethod,
  type ApiResponse,
  type ShotlinkApi,
} from '../../src-shared/api.ts';
import { ShotlinkError, serializeError } from '../../src-shared/errors.ts';
import { doctorApi } from './api/doctor.ts';
import { editorApi } from './api/editor.ts';
import { historyApi } from './api/history.ts';
import { hostsApi } from './api/hosts.ts';
import { jobsApi } from './api/jobs.ts';
import { paymentsApi } from './api/payments.ts';
import { serverApi } from './api/server.ts';
import { settingsApi } from './api/settings.ts';
import { uploadersApi } from './api/uploaders.ts';
import { uploadsApi } from './api/uploads.ts';
import { walletApi } from './api/wallet.ts';
import { watchApi } from './api/watch.ts';
import { githubApi } from './api/github.ts';
import type { App } from './app.ts';
import { runWithSignal } from './util/call-signal.ts';

export interface Dispatch {
  /** The table, typed: for in-process callers that already hold well-typed arguments. */
  api: ShotlinkApi;
  /** The transports' entry point: unknown method name and arguments in, a response out, never a throw. */
  call(method: string, args: unknown, signal?: AbortSignal): Promise<ApiResponse<unknown>>;
}

/** The whole contract from its feature modules; a method missing or implemented twice is a type error. */
export function createApi(app: App): ShotlinkApi {
  return {
    ...settingsApi(app),
    ...hostsApi(app),
    ...uploadsApi(app),
    ...jobsApi(app),
    ...historyApi(app),
    ...walletApi(app),
    ...paymentsApi(app),
    ...serverApi(app),
    ...uploadersApi(app),
    ...watchApi(app),
    ...doctorApi(app),
    ...editorApi(app),
    ...githubApi(app),
  };
}

export function createDispatch(app: App): Dispatch {
  const api = createApi(app);
  return {
    api,
    async call(method, rawArgs, signal) {
      try {
        if (!Object.hasOwn(apiArgs, method)) {
          throw new ShotlinkError('usage', `Unknown API method "${method}".`);
        }
        const name = method as ApiMethod;
        const args = checkArgs(name, rawArgs);
        const run = api[name] as (...args: unknown[]) => Promise<unknown>;
        // The signal reaches expensive work (OCR) without changing the contract's signatures.
        return { ok: true, value: await runWithSignal(signal, () => run(...args)) };
      } catch (error) {
        return { ok: false, error: serializeError(error) };
      }
    },
  };
}
