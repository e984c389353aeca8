// The one dispatch table: every method of the API contract (src-shared/api.ts), implemented once.
// Both transports - the Electron preload's IPC and the loopback HTTP bridge - end in `call`, which
// validates the arguments with the contract's schemas whatever they came through, runs the method and
// answers with a value or an error a person can act on. Nothing here knows which transport asked.
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { z } from 'zod';
import {
  apiArgs,
  type ApiMethod,
  type ApiResponse,
  type ServerStatus,
  type ShotlinkApi,
  type UploaderInfo,
} from '../../src-shared/api.ts';
import type { ProviderInfo } from '../../src-shared/catalog.ts';
import { ShotlinkError, serializeError } from '../../src-shared/errors.ts';
import type { HistoryEntry, JobInfo, PaymentRecord } from '../../src-shared/history.ts';
import type { LinkFormat } from '../../src-shared/links.ts';
import type { CoreContext } from './context.ts';
import type { ApiEventBus } from './events.ts';
import type { PaymentQuestions } from './payment-questions.ts';
import type { CapturePort, ClipboardPort } from './ports.ts';
import type { NewJob, UploadQueue } from './queue/upload-queue.ts';
import type { Wallet } from './payments/wallet.ts';
import { imgproKeyStatus, setImgproKey } from './providers/registry.ts';
import { readThumbnail } from './store/thumbnails.ts';
import type { WatchManager } from './watch/watch-manager.ts';
import { timestampedName } from './watch/watch-manager.ts';
import { CONTENT_TYPES } from './images/encode.ts';
import { sniffImage } from './images/sniff.ts';

/** The embedded Shotlink server, as the API switches it. */
export interface ServerControl {
  status(): Promise<ServerStatus>;
  setEnabled(enabled: boolean): Promise<ServerStatus>;
}

/** Imported ShareX custom uploaders. */
export interface UploaderControl {
  list(): Promise<UploaderInfo[]>;
  add(sxcuText: string, name?: string): Promise<UploaderInfo>;
  remove(name: string): Promise<void>;
}

/** Host-side operations on what was uploaded. */
export interface HostControl {
  listProviders(): ProviderInfo[];
  deleteUpload(entry: HistoryEntry): Promise<void>;
}

/** Everything the table needs, composed by service.ts. */
export interface DispatchParts {
  ctx: CoreContext;
  events: ApiEventBus;
  queue: UploadQueue;
  watch: WatchManager;
  clipboard: ClipboardPort;
  capture: CapturePort | null;
  wallet: Wallet;
  payments: () => { list(): PaymentRecord[] } | null;
  questions: PaymentQuestions;
  hosts: HostControl;
  server: ServerControl;
  uploaders: UploaderControl;
  /** Puts a link on the clipboard (and remembers it was ours). */
  writeLink(text: string): Promise<void>;
  formatLinkFor(entry: HistoryEntry, format?: LinkFormat): string;
  /** Pushes the current history to the UI. */
  historyChanged(): void;
}

export interface Dispatch {
  /** The table, typed: for in-process callers that already hold well-typed arguments. */
  api: ShotlinkApi;
  /** The transports' entry point: unknown method name and arguments in, a response out, never a throw. */
  call(method: string, args: unknown): Promise<ApiResponse<unknown>>;
}

/** A file larger than this is not a screenshot; refusing early avoids reading gigabytes into memory. */
const MAX_FILE_BYTES = 200 * 1024 * 1024;

export function createDispatch(parts: DispatchParts): Dispatch {
  const { ctx, queue, watch, events } = parts;

  const enqueue = (job: Omit<NewJob, 'provider' | 'tier'>): Promise<JobInfo> => {
    const { provider, tier } = ctx.settings.get();
    return queue.add({ ...job, provider, tier });
  };

  const historyEntry = (id: string): HistoryEntry => {
    const entry = ctx.history.get(id);
    if (!entry) throw new ShotlinkError('usage', 'That upload is not in the history any more.');
    return entry;
  };

  const api: ShotlinkApi = {
    getSettings: async () => ctx.settings.get(),
    async setSettings(patch) {
      const serverWasOn = ctx.settings.get().server.enabled;
      const settings = ctx.settings.set(patch);
      events.emit('settings', settings);
      await watch.apply(settings.watch);
      // The server switch is a setting too: flipping it here starts or stops the server as the toggle does.
      if (settings.server.enabled !== serverWasOn) await parts.server.setEnabled(settings.server.enabled);
      return settings;
    },
    listProviders: async () => parts.hosts.listProviders(),

    async uploadFiles(paths) {
      // Every file is checked before any is queued: a typo in the fifth path must not leave four
      // queued and an error. Then they are read one at a time, so 500 files never sit in memory at once.
      const files = await Promise.all(paths.map(checkUploadFile));
      const jobs: JobInfo[] = [];
      for (const file of files) jobs.push(await enqueue({ ...(await readUploadFile(file)), source: 'file' }));
      return jobs;
    },
    async uploadBytes(fileName, base64) {
      const bytes = decodeBase64(base64);
      return enqueue({ bytes, fileName: basename(fileName), source: 'drop' });
    },
    async uploadClipboard() {
      const bytes = await parts.clipboard.readImagePng();
      if (!bytes || bytes.byteLength === 0) return null;
      watch.rememberClipboardImage(bytes);
      return enqueue({ bytes, fileName: timestampedName('clipboard'), source: 'clipboard' });
    },
    async capture() {
      if (!parts.capture) {
        throw new ShotlinkError(
          'usage',
          'Region capture is not available here. Use the desktop app, or `shotlink capture` from a terminal.',
        );
      }
      const bytes = await parts.capture.captureRegion();
      if (!bytes) return null;
      return enqueue({ bytes, fileName: timestampedName('capture'), source: 'capture' });
    },

    listJobs: async () => queue.list(),
    retryJob: (id) => queue.retry(id),
    async cancelJob(id) {
      // A job held up by a payment question is unblocked with a "no" before it is interrupted.
      parts.questions.declineAll(id);
      return queue.cancel(id);
    },

    listHistory: async (query) => ctx.history.list(query ?? {}),
    async copyLink(id, format) {
      const link = parts.formatLinkFor(historyEntry(id), format);
      await parts.writeLink(link);
      return link;
    },
    async deleteFromHost(id) {
      const entry = historyEntry(id);
      await parts.hosts.deleteUpload(entry);
      ctx.history.remove(id);
      parts.historyChanged();
    },
    async forget(id) {
      if (!ctx.history.remove(id))
        throw new ShotlinkError('usage', 'That upload is not in the history any more.');
      parts.historyChanged();
    },
    async thumbnail(id) {
      const entry = historyEntry(id);
      if (!entry.thumbnail) return null;
      const bytes = await readThumbnail(ctx.home, entry.thumbnail);
      if (!bytes) return null;
      // The type comes from the bytes, like everywhere else; thumbnails are WebP unless a file was swapped.
      const sniffed = sniffImage(bytes);
      const type = sniffed.kind === 'image' ? CONTENT_TYPES[sniffed.format] : CONTENT_TYPES.webp;
      return `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
    },

    walletStatus: () => parts.wallet.status(),
    walletCreate: () => parts.wallet.create(),
    walletImport: (key) => parts.wallet.import(key),
    walletExport: () => parts.wallet.export(),
    walletRemove: () => parts.wallet.remove(),
    walletBalance: async () => {
      const { rpcUrl } = ctx.settings.get().payments;
      if (!rpcUrl)
        return { usdc: null, error: 'Set payments.rpcUrl (a Base JSON-RPC URL) to see the balance.' };
      return parts.wallet.balance(rpcUrl);
    },
    listPayments: async () => parts.payments()?.list() ?? [],
    answerPayment: async (requestId, yes) => parts.questions.answer(requestId, yes),
    listPaymentRequests: async () => parts.questions.pending(),

    // The tier list does not change with the key (the "key" tier is always offered), so no event.
    imgproKeyStatus: () => imgproKeyStatus(ctx),
    setImgproKey: (key) => setImgproKey(ctx, key),

    serverStatus: () => parts.server.status(),
    setServerEnabled: (enabled) => parts.server.setEnabled(enabled),

    listUploaders: () => parts.uploaders.list(),
    addUploader: (text, name) => parts.uploaders.add(text, name),
    removeUploader: (name) => parts.uploaders.remove(name),

    watcherStatus: async () => watch.status(),
    async setWatchPaused(paused) {
      const settings = ctx.settings.set({ watch: { paused } });
      events.emit('settings', settings);
      return watch.apply(settings.watch);
    },
  };

  return {
    api,
    async call(method, rawArgs) {
      try {
        if (!Object.hasOwn(apiArgs, method)) {
          throw new ShotlinkError('usage', `Unknown API method "${method}".`);
        }
        const name = method as ApiMethod;
        const parsed = apiArgs[name].safeParse(rawArgs ?? []);
        if (!parsed.success) {
          throw new ShotlinkError('usage', `Invalid arguments for ${name}: ${describeIssues(parsed.error)}`);
        }
        const run = api[name] as (...args: unknown[]) => Promise<unknown>;
        return { ok: true, value: await run(...(parsed.data as unknown[])) };
      } catch (error) {
        return { ok: false, error: serializeError(error) };
      }
    },
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? `argument ${issue.path.join('.')}: ` : ''}${issue.message}`)
    .join('; ');
}

/** An existing, readable file of a plausible size, or an error naming the path and the reason. */
async function checkUploadFile(path: string): Promise<string> {
  const full = resolve(path);
  try {
    const info = await stat(full);
    if (!info.isFile()) throw new ShotlinkError('input', `${path} is not a file.`);
    if (info.size > MAX_FILE_BYTES) {
      throw new ShotlinkError(
        'input',
        `${path} is ${Math.round(info.size / 1024 / 1024)} MB: too large to be an image to upload.`,
      );
    }
    await access(full, constants.R_OK);
    return full;
  } catch (error) {
    throw unreadable(path, error);
  }
}

async function readUploadFile(full: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  try {
    return { bytes: new Uint8Array(await readFile(full)), fileName: basename(full) };
  } catch (error) {
    throw unreadable(full, error);
  }
}

function unreadable(path: string, error: unknown): ShotlinkError {
  if (error instanceof ShotlinkError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'permission denied' : String(code);
  return new ShotlinkError('input', `Cannot read ${path}: ${why}.`);
}

function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/^data:[^,]*,/, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) {
    throw new ShotlinkError('input', 'The dropped image did not arrive intact (invalid base64); try again.');
  }
  const bytes = new Uint8Array(Buffer.from(clean, 'base64'));
  if (bytes.byteLength === 0) throw new ShotlinkError('input', 'The dropped file is empty.');
  return bytes;
}
