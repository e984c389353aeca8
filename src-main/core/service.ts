// The application service: everything the desktop app does, in plain Node, before any window or tray
// exists. It composes core (settings, history, pipeline, payments), the persistent upload queue, the
// watchers and the embedded server behind one dispatch table, and delivers each link (clipboard port)
// and each outcome (notifier port). The Electron shell, `shotlink ui` and the tests all start this.
import QRCode from 'qrcode';
import type { ServerStatus } from '../../src-shared/api.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';
import type { HistoryEntry, JobInfo } from '../../src-shared/history.ts';
import { formatEntryLink, type LinkFormat } from '../../src-shared/links.ts';
import type { ConfirmPayment } from './context.ts';
import { createCore, type Core } from './create-core.ts';
import { createDispatch, type Dispatch, type ServerControl, type UploaderControl } from './dispatch.ts';
import { createEventBus, type ApiEventBus } from './events.ts';
import { currentJob, PaymentQuestions } from './payment-questions.ts';
import { createWallet } from './payments/wallet.ts';
import { uploadImage, type PipelineStage } from './pipeline.ts';
import type { CapturePort, ClipboardPort, NotifierPort, SecretStore } from './ports.ts';
import { UploaderStore } from './providers/custom/store.ts';
import { listProviders, resolveProvider } from './providers/registry.ts';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './queue/backoff.ts';
import { createJobStore } from './queue/job-store.ts';
import { UploadQueue, type UploadRunner } from './queue/upload-queue.ts';
import { startShotlinkServer, type RunningShotlinkServer } from './server/start.ts';
import { dataPaths } from './store/paths.ts';
import { screenshotFolder, thisMachine } from './watch/screenshot-folder.ts';
import { WatchManager } from './watch/watch-manager.ts';

export interface ServiceOptions {
  /** SHOTLINK_HOME; default from the environment / the OS app-data folder. */
  home?: string;
  env?: NodeJS.ProcessEnv;
  secrets?: SecretStore;
  clipboard: ClipboardPort;
  notifier: NotifierPort;
  capture?: CapturePort | null;
  /** The OS screenshot folder: a path, null for none, or left out to detect it for this OS. */
  screenshotFolder?: string | null;
  /** Uploads at once (default 2: a screenshot burst goes out in parallel without flooding the link). */
  concurrency?: number;
  backoff?: Partial<BackoffPolicy>;
  /** Quiet time before a new file in a watched folder is read (default 200 ms). */
  watchStabilityMs?: number;
  clipboardIntervalMs?: number;
  /** Unanswered payment questions count as "no" after this long (default 10 minutes). */
  paymentTimeoutMs?: number;
}

export interface ShotlinkService {
  readonly core: Core;
  readonly events: ApiEventBus;
  readonly dispatch: Dispatch;
  readonly queue: UploadQueue;
  readonly watch: WatchManager;
  /** How core asks before paying: a `payment-request` event answered through `answerPayment`. */
  readonly confirmPayment: ConfirmPayment;
  /** Resumes pending jobs, starts watching (and the server, if enabled). Returns problems to show. */
  start(): Promise<string[]>;
  close(): Promise<void>;
}

/** Rough progress per pipeline stage: the window shows a bar, not a promise. */
const STAGE_PROGRESS: Record<PipelineStage, number> = {
  intake: 0.05,
  optimize: 0.15,
  pay: 0.35,
  upload: 0.5,
  record: 0.95,
};

/** How many history entries a `history` event carries: what the window's list shows first. */
const HISTORY_EVENT_LIMIT = 200;

export function createService(options: ServiceOptions): ShotlinkService {
  const events = createEventBus((error) =>
    process.stderr.write(`Shotlink: an event listener failed: ${String(error)}\n`),
  );
  const questions = new PaymentQuestions({
    events,
    onWaiting: (jobId, waiting) => queue.setAwaitingPayment(jobId, waiting),
    ...(options.paymentTimeoutMs !== undefined && { timeoutMs: options.paymentTimeoutMs }),
  });
  const core = createCore({
    ...(options.env && { env: options.env }),
    ...(options.home && { home: options.home }),
    ...(options.secrets && { secrets: options.secrets }),
    confirmPayment: questions.ask,
  });
  const wallet = createWallet({
    secrets: core.secrets,
    env: core.env,
    network: () => core.settings.get().payments.network,
  });

  const clipboard = options.clipboard;
  const notifier = options.notifier;
  const notifySafely = (notification: Parameters<NotifierPort['notify']>[0]) => {
    try {
      notifier.notify(notification);
    } catch {
      /* a notification is a courtesy; the job's state already tells the story */
    }
  };

  const formatLinkFor = (entry: HistoryEntry, format?: LinkFormat) => {
    const settings = core.settings.get();
    return formatEntryLink(entry, format ?? settings.linkFormat, settings.linkTemplate);
  };

  const historyChanged = () => events.emit('history', core.history.list({ limit: HISTORY_EVENT_LIMIT }));

  const putOnClipboard = async (link: string) => {
    try {
      await clipboard.writeText(link);
    } catch (error) {
      events.emit('notice', {
        level: 'error',
        message: `Could not put the link on the clipboard: ${String(error)}`,
      });
    }
  };

  const deliver = (job: JobInfo, entry: HistoryEntry) => {
    const link = formatLinkFor(entry);
    // The queue does not wait for the clipboard; the notification follows the write (a failed write adds a notice).
    void putOnClipboard(link).then(() => {
      notifySafely({ title: 'Link copied', body: `${job.fileName}: ${link}`, level: 'info', url: entry.url });
      historyChanged();
    });
  };

  const run: UploadRunner = ({ job, bytes, signal, onProgress }) =>
    // The scope tells a payment question which job it holds up (shown as awaiting-payment).
    currentJob.run(job.id, () =>
      uploadImage(core, {
        bytes,
        fileName: job.fileName,
        providerId: job.provider,
        tierId: job.tier,
        // Stable across retries and restarts: payments buys at most one token per key.
        uploadKey: job.id,
        signal,
        onStage: (stage) => onProgress(STAGE_PROGRESS[stage]),
      }),
    );

  const queue: UploadQueue = new UploadQueue({
    store: createJobStore(dataPaths(core.home).queue),
    run,
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    hooks: {
      onChange(job, listChanged) {
        events.emit('job', job);
        if (listChanged) events.emit('jobs', queue.list());
      },
      onDone: deliver,
      // The pipeline records history before it returns; a crash between that and the queue's "done"
      // write leaves a job that looks unfinished. Its entry, made under the job's id as upload key,
      // proves the upload happened: it is not sent again.
      findRecorded: (job) => core.history.list().find((entry) => entry.uploadKey === job.id)?.id,
      onFailed(job) {
        const reason = job.error?.message ?? 'unknown reason';
        notifySafely({ title: 'Upload failed', body: `${job.fileName}: ${reason}`, level: 'error' });
      },
    },
  });

  const detectedFolder = (): string | null => {
    if (options.screenshotFolder !== undefined) return options.screenshotFolder;
    return screenshotFolder(thisMachine(core.env));
  };
  const watch = new WatchManager({
    clipboard,
    screenshotFolder: detectedFolder,
    onImage(image) {
      const { provider, tier } = core.settings.get();
      queue
        .add({ ...image, provider, tier, skipIfUploaded: true })
        .catch((error: unknown) =>
          events.emit('notice', { level: 'error', message: (error as Error).message }),
        );
    },
    onStatus: (status) => events.emit('watcher', status),
    ...(options.watchStabilityMs !== undefined && { stabilityMs: options.watchStabilityMs }),
    ...(options.clipboardIntervalMs !== undefined && { clipboardIntervalMs: options.clipboardIntervalMs }),
  });

  const server = createServerControl(core, (message) => events.emit('notice', { level: 'error', message }));

  const dispatch = createDispatch({
    ctx: core,
    events,
    queue,
    watch,
    clipboard,
    capture: options.capture ?? null,
    wallet,
    payments: () => core.payments,
    questions,
    hosts: {
      listProviders: () => listProviders(core),
      async deleteUpload(entry) {
        const { provider } = await resolveProvider(core, entry.provider, entry.tier);
        if (!provider.delete) {
          throw new ShotlinkError(
            'usage',
            `${entry.provider} does not let uploads be deleted; the image goes when it expires. Use "forget" to remove it from this list.`,
          );
        }
        await provider.delete({ hostId: entry.hostId, deleteUrl: entry.deleteUrl });
      },
    },
    server,
    uploaders: createUploaderControl(core, () => events.emit('providers', listProviders(core))),
    writeLink: (text) => clipboard.writeText(text),
    formatLinkFor,
    historyChanged,
  });

  return {
    core,
    events,
    dispatch,
    queue,
    watch,
    confirmPayment: questions.ask,
    async start() {
      const problems = [...core.problems(), ...(await queue.start())];
      const settings = core.settings.get();
      await watch.apply(settings.watch);
      if (settings.server.enabled) await server.setEnabled(true);
      for (const message of problems) events.emit('notice', { level: 'error', message });
      return problems;
    },
    async close() {
      await watch.close();
      // The queue stops first (synchronously), so a job whose payment question is withdrawn below is
      // put back in the queue for the next start, not failed as if the user had said no.
      const stopping = queue.close();
      questions.declineAll();
      await stopping;
      await server.stop();
    },
  };
}

/** The embedded Shotlink server, started and stopped from the window, with a QR code of its LAN address. */
function createServerControl(
  core: Core,
  report: (message: string) => void,
): ServerControl & { stop(): Promise<void> } {
  let running: RunningShotlinkServer | null = null;
  let lastError: string | undefined;
  let switching: Promise<unknown> = Promise.resolve();

  const status = async (): Promise<ServerStatus> => {
    if (!running)
      return { running: false, url: null, lanUrl: null, qrSvg: null, ...(lastError && { error: lastError }) };
    return {
      running: true,
      url: running.url,
      lanUrl: running.lanUrl,
      qrSvg: await QRCode.toString(running.lanUrl, { type: 'svg', margin: 1 }),
    };
  };

  const stop = async () => {
    const current = running;
    running = null;
    await current?.close();
  };

  const setEnabled = async (enabled: boolean): Promise<ServerStatus> => {
    // One switch at a time: two quick toggles must not start two servers on one port.
    const next = switching
      .catch(() => {})
      .then(async () => {
        core.settings.set({ server: { enabled } });
        lastError = undefined;
        if (!enabled) return stop();
        if (running) return;
        const settings = core.settings.get().server;
        try {
          running = await startShotlinkServer({
            home: core.home,
            env: core.env,
            host: settings.host || undefined,
            port: settings.port,
            publicUrl: settings.publicUrl || undefined,
            defaultExpiry: settings.defaultExpiry,
            quotaMb: settings.quotaMb,
            log: report,
          });
        } catch (error) {
          lastError = error instanceof Error ? error.message : String(error);
        }
      });
    switching = next;
    await next;
    return status();
  };

  return { status, setEnabled, stop };
}

/** ShareX custom uploaders, imported from the text of an .sxcu file (the window reads the file). */
function createUploaderControl(core: Core, providersChanged: () => void): UploaderControl {
  const store = new UploaderStore(core.home);
  return {
    list: async () =>
      (await store.list()).map(({ name, requestUrl, method }) => ({ name, requestUrl, method })),
    async add(text, name) {
      const added = await store.addText(text, 'uploader.sxcu', { name });
      providersChanged();
      return { name: added.name, requestUrl: added.requestUrl, method: added.method };
    },
    async remove(name) {
      await store.remove(name);
      providersChanged();
    },
  };
}
