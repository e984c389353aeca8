// App-wide state every view shares: the bridge, settings, the provider catalogue and the job list
// (toasts have their own context, toasts.tsx). Each piece is loaded once and then kept current by events.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { ApiEventName, ApiEvents, ShotlinkBridge } from '../src-shared/api.ts';
import type { ProviderInfo } from '../src-shared/catalog.ts';
import type { JobInfo } from '../src-shared/history.ts';
import { applySettingsPatch, type Settings, type SettingsPatch } from '../src-shared/settings.ts';
import { messageOf, needsAction } from './transport/errors.ts';
import { ToastProvider, useNotify, type Notify } from './toasts.tsx';

interface Shared {
  bridge: ShotlinkBridge;
  settings: Settings | null;
  /**
   * Saves a change; false when the service refused it. Its message is a toast, or goes to `refused`
   * when the caller shows it itself (a field keeps the person's draft and says why beside it).
   */
  updateSettings: (
    patch: SettingsPatch,
    options?: { refused?: (message: string) => void },
  ) => Promise<boolean>;
  providers: ProviderInfo[];
  reloadProviders: () => Promise<void>;
  jobs: JobInfo[];
  /** Jobs started from this window, newest first: the Upload view's "This session" list. */
  sessionJobIds: string[];
  /** Remembers jobs this window started and shows them at once, before their first event arrives. */
  trackJobs: (started: JobInfo[]) => void;
  notify: Notify;
  /**
   * Runs an API call; a failure becomes an error toast (lasting while it needs action), or goes to
   * `failed` when the caller shows it itself, and `undefined`.
   */
  attempt: <T>(work: () => Promise<T>, failed?: (message: string) => void) => Promise<T | undefined>;
}

const SharedContext = createContext<Shared | null>(null);

export function useShared(): Shared {
  const shared = useContext(SharedContext);
  if (!shared) throw new Error('useShared outside <SharedProvider>');
  return shared;
}

/** Subscribes to a service event for the component's lifetime; the latest handler is always called. */
export function useEvent<E extends ApiEventName>(
  bridge: ShotlinkBridge,
  event: E,
  handler: (payload: ApiEvents[E]) => void,
): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => bridge.on(event, (payload) => latest.current(payload)), [bridge, event]);
}

/** Merges one job update into the list, newest first. */
export function mergeJob(jobs: JobInfo[], job: JobInfo): JobInfo[] {
  const rest = jobs.filter((j) => j.id !== job.id);
  return [job, ...rest].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function SharedProvider({ bridge, children }: { bridge: ShotlinkBridge; children: ReactNode }) {
  return (
    <ToastProvider>
      <SharedState bridge={bridge}>{children}</SharedState>
    </ToastProvider>
  );
}

function SharedState({ bridge, children }: { bridge: ShotlinkBridge; children: ReactNode }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [providers, setProviders] = useState<ProviderInfo[]>([]);
  const [jobs, setJobs] = useState<JobInfo[]>([]);
  const [sessionJobIds, setSessionJobIds] = useState<string[]>([]);
  const trackJobs = useCallback((started: JobInfo[]) => {
    setSessionJobIds((current) => [...started.map((j) => j.id), ...current]);
    // An event may already have brought a newer state of the same job: keep whichever changed last.
    setJobs((current) =>
      started.reduce((list, job) => {
        const known = list.find((j) => j.id === job.id);
        return known && known.updatedAt >= job.updatedAt ? list : mergeJob(list, job);
      }, current),
    );
  }, []);
  const notify = useNotify();
  const attempt = useCallback(
    async <T,>(work: () => Promise<T>, failed?: (message: string) => void): Promise<T | undefined> => {
      try {
        return await work();
      } catch (error) {
        if (failed) failed(messageOf(error));
        else notify('error', messageOf(error), { needsAction: needsAction(error) });
        return undefined;
      }
    },
    [notify],
  );

  const reloadProviders = useCallback(async () => {
    const list = await attempt(() => bridge.api.listProviders());
    if (list) setProviders(list);
  }, [attempt, bridge]);

  useEffect(() => {
    void attempt(() => bridge.api.getSettings()).then((s) => s && setSettings(s));
    void attempt(() => bridge.api.listJobs()).then((j) => j && setJobs((cur) => j.reduce(mergeJob, cur)));
    void attempt(() => bridge.api.listProviders()).then((list) => list && setProviders(list));
  }, [attempt, bridge]);

  useEvent(bridge, 'settings', setSettings);
  // A custom uploader added or removed anywhere (this window, the CLI) changes the tier cards.
  useEvent(bridge, 'providers', setProviders);
  useEvent(bridge, 'job', (job) => setJobs((cur) => mergeJob(cur, job)));
  useEvent(bridge, 'jobs', (list) =>
    setJobs([...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt))),
  );
  useEvent(bridge, 'notice', (notice) => notify(notice.level, notice.message));

  // Optimistic: the change shows at once (validated by the shared schema), the service's answer then
  // replaces it, and a refusal puts the last known settings back.
  const updateSettings = useCallback(
    async (patch: SettingsPatch, options: { refused?: (message: string) => void } = {}) => {
      let before: Settings | null = null;
      setSettings((current) => {
        before = current;
        if (!current) return current;
        try {
          return applySettingsPatch(current, patch);
        } catch {
          return current; // Invalid here too: the service's error message explains it.
        }
      });
      const next = await attempt(
        () => bridge.api.setSettings(patch as Record<string, unknown>),
        options.refused,
      );
      if (next) setSettings(next);
      else if (before) setSettings(before);
      return next !== undefined;
    },
    [attempt, bridge],
  );

  const value = useMemo<Shared>(
    () => ({
      bridge,
      settings,
      updateSettings,
      providers,
      reloadProviders,
      jobs,
      sessionJobIds,
      trackJobs,
      notify,
      attempt,
    }),
    [
      bridge,
      settings,
      updateSettings,
      providers,
      reloadProviders,
      jobs,
      sessionJobIds,
      trackJobs,
      notify,
      attempt,
    ],
  );
  return <SharedContext.Provider value={value}>{children}</SharedContext.Provider>;
}
