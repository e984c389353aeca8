// The application service: the App (core/app.ts) with its dispatch table, started and stopped. The
// Electron shell, `shotlink ui` and the tests all run this: it resumes the queue, starts watching (and
// the server, when it is on) and, on close, lets every part finish its writes. A shell gets the narrow
// ShotlinkService: the API, the events to forward, start and close. It already holds the ports it
// supplied, and reaches nothing else of the App; core's own tests and benchmarks look inside (AppService).
import { createApp, type App, type AppOptions } from './app.ts';
import type { ConfirmPayment } from './context.ts';
import { finishSavedAnswers } from './pipeline.ts';
import type { Core } from './create-core.ts';
import { createDispatch, type Dispatch } from './dispatch.ts';
import type { ApiEventBus } from './events.ts';
import type { UploadQueue } from './queue/upload-queue.ts';
import { claimDataFolder, type DataFolderClaim } from './store/service-lock.ts';
import { drawPendingThumbnails } from './thumbnails-later.ts';
import { summarizeDestination } from './watch/summary.ts';
import type { WatchManager } from './watch/watch-manager.ts';

export type ServiceOptions = AppOptions;

/** What a shell holds: the API (both transports end in `dispatch.call`), its events, start and close. */
export interface ShotlinkService {
  readonly dispatch: Dispatch;
  /** The API's events, to forward to a window and follow in a tray; only core emits them. */
  readonly events: Pick<ApiEventBus, 'on' | 'onAny'>;
  /**
   * Claims the data folder (one service per folder: a second one throws, naming the first), resumes
   * pending jobs, starts watching (and the server, if enabled). Returns problems to show.
   */
  start(): Promise<string[]>;
  /** Records where this service's window is, for a second service's refusal message. */
  announceUrl(url: string): void;
  /** Where uploads go and what is watched, in two sentences (what `shotlink ui` prints at start). */
  describe(): string;
  close(): Promise<void>;
}

/** The service with the App inside it: for core's own tests and benchmarks, never for a shell. */
export interface AppService extends ShotlinkService {
  readonly app: App;
  readonly core: Core;
  readonly events: ApiEventBus;
  readonly queue: UploadQueue;
  readonly watch: WatchManager;
  /** How core asks before paying: a `payment-request` event answered through `answerPayment`. */
  readonly confirmPayment: ConfirmPayment;
}

/** The service a shell runs: nothing of the App reaches it but the API and its events. */
export function createService(options: ServiceOptions): ShotlinkService {
  const { dispatch, events, start, announceUrl, describe, close } = createAppService(options);
  return { dispatch, events: { on: events.on, onAny: events.onAny }, start, announceUrl, describe, close };
}

export function createAppService(options: ServiceOptions): AppService {
  const app = createApp(options);
  const { core, queue, watch, questions, server } = app;
  let claim: DataFolderClaim | null = null;
  let closing = false;
  let drawingThumbnails: Promise<unknown> = Promise.resolve();
  return {
    app,
    core,
    events: app.events,
    dispatch: createDispatch(app),
    queue,
    watch,
    confirmPayment: questions.ask,
    async start() {
      claim = claimDataFolder(core.home, options.kind ?? 'a Shotlink service');
      const problems = [...core.problems(), ...(await queue.start())];
      // Answers that crashed runs saved (a `shotlink upload` killed after the host answered) are
      // recorded now, without sending anything; a queued job finishes its own when it runs.
      const pending = (key: string) => queue.get(key) !== undefined;
      if ((await finishSavedAnswers(core, pending)).length > 0) app.historyChanged();
      const settings = core.settings.get();
      await watch.apply(settings.watch);
      await server.resume();
      for (const message of problems) app.notice('error', message);
      // Thumbnails `shotlink upload` left to be drawn: in the background, one at a time; the window
      // draws any it asks for first at once.
      drawingThumbnails = drawPendingThumbnails(core.home, core.history, () => closing).catch(
        () => undefined,
      );
      return problems;
    },
    async close() {
      closing = true;
      app.editing.closeAll(); // a render in progress stops at its next band
      await watch.close();
      // The queue stops first (synchronously), so a job whose payment question is withdrawn below is
      // put back in the queue for the next start, not failed as if the user had said no.
      const stopping = queue.close();
      questions.declineAll();
      await stopping;
      await server.stop();
      await app.ocr.close();
      await drawingThumbnails; // the one being drawn is finished and written
      claim?.release();
      claim = null;
    },
    announceUrl(url) {
      claim?.setUrl(url);
    },
    describe: () => {
      const lan = server.lanUrl();
      // Images served to the network leave the machine too: said at start, as watching is.
      const serving = lan
        ? `\nServing images on this network at ${lan} (the server switch in Settings).`
        : '';
      return `${summarizeDestination(core)}\n${watch.status().summary}${serving}`;
    },
  };
}
