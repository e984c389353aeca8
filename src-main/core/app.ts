// The App: everything the desktop app is, in plain Node, built once. It owns core (settings, history,
// wallet, payments), the event bus, the persistent upload queue, the watchers, the payment questions,
// the embedded server and the custom uploaders, and holds the ports the shell supplies. The API's
// feature modules (core/api/) are written against it; service.ts starts and stops it.
import type { HistoryEntry, JobInfo } from '../../src-shared/history.ts';
import type { LinkFormat, LinkVariant } from '../../src-shared/links.ts';
import type { ApiEvents } from '../../src-shared/api.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { summarizeWatching } from './watch/summary.ts';
import { createCore, type Core } from './create-core.ts';
import type { DoctorShell } from './doctor/run.ts';
import { createEventBus, type ApiEventBus } from './events.ts';
import { EditSessions } from './images/edit-sessions.ts';
import { createOcrEngine, type OcrEngine } from './redact/ocr.ts';
import { createTelling } from './telling.ts';
import { currentJob, PaymentQuestions } from './payment-questions.ts';
import { screenImage } from './images/intake.ts';
import type { PipelineStage } from './pipeline.ts';
import type { CapturePort, ClipboardPort, NotifierPort, SecretStore } from './ports.ts';
import { prepareUpload, sendUpload, type UploadShell } from './upload-one.ts';
import { UploaderStore } from './providers/custom/store.ts';
import { listProviders } from './providers/registry.ts';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './queue/backoff.ts';
import { createJobStore } from './queue/job-store.ts';
import { UploadQueue, type NewJob } from './queue/upload-queue.ts';
import { resolveUploadTarget } from './upload-now.ts';
import { createServerControl, type ServerControl } from './server/control.ts';
import { dataPaths } from './store/paths.ts';
import { screenshotFolder, thisMachine } from './watch/screenshot-folder.ts';
import { WatchManager } from './watch/watch-manager.ts';

export interface AppOptions {
  /** Who runs the app ('the desktop app', 'shotlink ui'): named to a second one on the data folder. */
  kind?: string;
  /** SHOTLINK_HOME; default from the environment / the OS app-data folder. */
  home?: string;
  env?: NodeJS.ProcessEnv;
  secrets?: SecretStore;
  clipboard: ClipboardPort;
  notifier: NotifierPort;
  capture?: CapturePort | null;
  /** What the doctor cannot find out alone (which clipboard, macOS's screen permission). */
  doctor?: DoctorShell;
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

/** What the shell supplies: the few things only a desktop (or a terminal) can do. */
export interface AppPorts {
  clipboard: ClipboardPort;
  notifier: NotifierPort;
  capture: CapturePort | null;
  doctor: DoctorShell;
}

export interface App {
  readonly core: Core;
  readonly events: ApiEventBus;
  readonly ports: AppPorts;
  readonly queue: UploadQueue;
  readonly watch: WatchManager;
  /** "Pay 0.01 USDC?" asked in the window, answered through `answerPayment`. */
  readonly questions: PaymentQuestions;
  readonly server: ServerControl;
  readonly uploaders: UploaderStore;
  /** Text recognition for redaction and the editor: its workers start on first use, or when a capture begins. */
  readonly ocr: OcrEngine;
  /** The images open in the editor, by session id. */
  readonly editing: EditSessions;
  /** How the App's uploads reach the person on their way: notices in the window, notifications. */
  readonly shell: UploadShell;
  /**
   * Queues an image for the settings' host and tier, or for `target` (History's "Upload to another
   * host"), prepared first (core/upload-one.ts): with `redact` (or, for captures, watched folders and
   * the clipboard, the capture.redact setting) secrets are covered, so the original never enters the queue.
   */
  enqueue(
    job: Omit<NewJob, 'provider' | 'tier'> & {
      redact?: boolean;
      target?: { provider: string; tier: string } | undefined;
    },
  ): Promise<JobInfo>;
  /**
   * A region capture with this desktop's tool (null when the person cancelled), or a usage error saying
   * what to do `instead` where no capture is possible (a browser window on another machine).
   */
  captureRegion(instead: string): Promise<Uint8Array | null>;
  /** The history entry, or a usage error when it was forgotten meanwhile. */
  historyEntry(id: string): HistoryEntry;
  /** The entry's link in the given format (default: the linkFormat setting). */
  formatLink(entry: HistoryEntry, format?: LinkFormat, variant?: LinkVariant): string;
  /** Pushes the current history to the UI. */
  historyChanged(): void;
  /** An image a host imported from a link: its link to the clipboard, a notification, the history. */
  deliverImported(entry: HistoryEntry): Promise<void>;
  /** Pushes the hosts and tiers to the UI (an uploader was added or removed). */
  providersChanged(): void;
  notice(level: ApiEvents['notice']['level'], message: string): void;
}

/** Rough progress per pipeline stage: the window shows a bar, not a promise. */
const STAGE_PROGRESS: Record<PipelineStage, number> = {
  intake: 0.05,
  optimize: 0.15,
  pay: 0.35,
  upload: 0.5,
  record: 0.95,
};

export function createApp(options: AppOptions): App {
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
  const ports: AppPorts = {
    clipboard: options.clipboard,
    notifier: options.notifier,
    capture: options.capture ?? null,
    doctor: options.doctor ?? { clipboard: { kind: 'commands', writeText: null } },
  };

  const telling = createTelling({
    core,
    events,
    clipboard: ports.clipboard,
    notifier: ports.notifier,
    linkCopied: (jobId) => queue.noteLinkCopied(jobId),
  });

  const queue: UploadQueue = new UploadQueue({
    store: createJobStore(dataPaths(core.home).queue),
    run: ({ job, bytes, signal, onProgress }) =>
      // The scope tells a payment question which job it holds up (shown as awaiting-payment).
      currentJob.run(job.id, () =>
        sendUpload(
          core,
          { bytes, fileName: job.fileName },
          { providerId: job.provider, tierId: job.tier },
          // Stable across retries and restarts: payments buys at most one token per key.
          { uploadKey: job.id, signal },
          { ...telling.shell, onStage: (_, stage) => onProgress(STAGE_PROGRESS[stage]) },
        ),
      ),
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    hooks: {
      onChange(job, listChanged) {
        events.emit('job', job);
        if (listChanged) events.emit('jobs', queue.list());
      },
      onDone: telling.deliver,
      onRemoved: () => events.emit('jobs', queue.list()),
      // The pipeline records history before it returns; a crash between that and the queue's "done"
      // write leaves a job that looks unfinished. Its entry, made under the job's id as upload key,
      // proves the upload happened: it is not sent again.
      findRecorded: (job) => core.history.list().find((entry) => entry.uploadKey === job.id)?.id,
      onFailed(job) {
        const reason = job.error?.message ?? 'unknown reason';
        telling.notify({ title: 'Upload failed', body: `${job.fileName}: ${reason}`, level: 'error' });
      },
    },
  });

  const ocr = createOcrEngine();
  const enqueue: App['enqueue'] = async ({ redact, target, ...job }) => {
    // The host and tier as `shotlink upload` takes them (the tier setting when the host has it, else the
    // host's first), and a host that does not exist refused before anything is stored for it.
    const { providerId: provider, tierId: tier } = resolveUploadTarget(core, target ?? {});
    // Only images are stored: a pixel bomb too is refused now, never copied into the data folder.
    await screenImage(job.bytes, {
      fileName: job.fileName,
      maxInputPixels: core.settings.get().maxInputPixels,
    });
    // And only what prepareUpload gives back: covered when it should be.
    const { bytes } = await prepareUpload(
      core,
      job,
      { providerId: provider, tierId: tier },
      { redact, ocr: () => ocr },
      telling.shell,
    );
    return queue.add({ ...job, bytes, provider, tier });
  };

  const watch = new WatchManager({
    clipboard: ports.clipboard,
    screenshotFolder: () =>
      options.screenshotFolder !== undefined
        ? options.screenshotFolder
        : screenshotFolder(thisMachine(core.env)),
    onImage: (image) =>
      void enqueue({ ...image, skipIfUploaded: true }).catch((error: unknown) =>
        telling.notice('error', (error as Error).message),
      ),
    onStatus: (status) => events.emit('watcher', status),
    describe: (plan) => summarizeWatching(core, plan),
    ...(options.watchStabilityMs !== undefined && { stabilityMs: options.watchStabilityMs }),
    ...(options.clipboardIntervalMs !== undefined && { clipboardIntervalMs: options.clipboardIntervalMs }),
  });

  return {
    core,
    events,
    ports,
    queue,
    watch,
    questions,
    server: createServerControl(core, (message) => telling.notice('error', message), options.kind),
    uploaders: new UploaderStore(core.home),
    ocr,
    editing: new EditSessions(),
    shell: telling.shell,
    enqueue,
    async captureRegion(instead) {
      if (!ports.capture)
        throw new ShotlinkError('usage', `Region capture is not available here. ${instead}`);
      // A capture that will be searched (covered, or opened in the editor): the OCR workers start while
      // the person selects the region, so searching it adds only the reading.
      const { redact, then } = core.settings.get().capture;
      if (redact || then === 'edit') ocr.start?.().catch(() => undefined);
      return ports.capture.captureRegion();
    },
    historyEntry(id) {
      const entry = core.history.get(id);
      if (!entry) throw new ShotlinkError('usage', 'That upload is not in the history any more.');
      return entry;
    },
    formatLink: telling.formatLink,
    historyChanged: telling.historyChanged,
    deliverImported: telling.deliverImported,
    providersChanged: () => events.emit('providers', listProviders(core)),
    notice: telling.notice,
  };
}
