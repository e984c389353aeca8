// An in-memory ShotlinkBridge for component tests: keeps state like the service would, emits the
// same events, and records every call so tests can check what the UI asked for.
import {
  checkArgs,
  type ApiEventName,
  type ApiEvents,
  type ApiMethod,
  type ShotlinkApi,
  type ShotlinkBridge,
  type WalletStatus,
  type ServerStatus,
  type UploaderInfo,
  type WatcherStatus,
  type DamagedLedgerFile,
  type ImageAnalysis,
  type ImageForEditing,
  type PaymentRequest,
} from '../../src-shared/api.ts';
import { BUILTIN_PROVIDERS, CUSTOM_TIER, type ProviderInfo } from '../../src-shared/catalog.ts';
import type { DoctorCheck } from '../../src-shared/doctor.ts';
import type { SecretAccountId, SecretStatus } from '../../src-shared/secrets.ts';
import type { EditDoc } from '../../src-shared/editor.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';
import type { HistoryEntry, JobInfo, PaymentRecord } from '../../src-shared/history.ts';
import { formatEntryLink } from '../../src-shared/links.ts';
import {
  applySettingsPatch,
  DEFAULT_SETTINGS,
  type Settings,
  type SettingsPatch,
} from '../../src-shared/settings.ts';

export interface FakeState {
  settings: Settings;
  history: HistoryEntry[];
  jobs: JobInfo[];
  wallet: WalletStatus;
  /** What the window is told about each host secret; the values themselves stay in `secretValues`. */
  secrets: Partial<Record<SecretAccountId, SecretStatus>>;
  secretValues: Partial<Record<SecretAccountId, string | null>>;
  payments: PaymentRecord[];
  server: ServerStatus;
  watcher: WatcherStatus;
  uploaders: UploaderInfo[];
  clipboard: string | null;
  answers: { requestId: string; yes: boolean }[];
  paymentRequests: PaymentRequest[];
  damagedLedgers: DamagedLedgerFile[];
  desktopChecks: DoctorCheck[];
  /** What analyzeImage answers; uploadEdited records what the editor sent. */
  analysis: ImageAnalysis;
  /** Images open for editing, by session, and the ones the editor closed without uploading. */
  editing: Record<string, string>;
  closedEditing: string[];
  edited: { session: string; fileName: string; doc: EditDoc }[];
  captureForEditing: ImageForEditing | null;
  copiedText: string[];
  /** Links given to uploadUrl (pasted, or History's "Upload to…"), and emails given for img.pro keys. */
  uploadedUrls: string[];
  keyEmails: string[];
  thumbnails: Record<string, string>;
  /** Comments postToGithub posted. */
  githubComments: { entryIds: string[]; issue: number; body?: string | undefined }[];
}

export interface FakeBridge extends ShotlinkBridge {
  state: FakeState;
  calls: { method: ApiMethod; args: unknown[] }[];
  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void;
  /** Makes the next call of a method fail with this error. */
  failNext(method: ApiMethod, error: ShotlinkError): void;
}

export function entry(overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id: 'h1',
    fileName: 'screenshot.png',
    provider: 'img402',
    tier: 'free',
    url: 'https://i.img402.dev/abc123.png',
    hostId: 'abc123',
    originalBytes: 400_000,
    bytes: 120_000,
    format: 'png',
    width: 1440,
    height: 900,
    uploadedAt: '2026-01-01T10:00:00.000Z',
    expiresAt: '2026-01-08T10:00:00.000Z',
    thumbnail: null,
    contentHash: 'deadbeef',
    ...overrides,
  };
}

export function job(overrides: Partial<JobInfo> = {}): JobInfo {
  return {
    id: 'j1',
    fileName: 'screenshot.png',
    source: 'drop',
    provider: 'img402',
    tier: 'free',
    state: 'queued',
    attempts: 0,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt: '2026-01-01T10:00:00.000Z',
    ...overrides,
  };
}

export function paymentRequest(overrides: Partial<PaymentRequest> = {}): PaymentRequest {
  return {
    requestId: 'pay-1',
    fileName: 'screenshot.png',
    provider: 'img402',
    tier: '1y',
    amountAtomic: '10000',
    network: 'base',
    payTo: '0x1111111111111111111111111111111111111111',
    ...overrides,
  };
}

export function createFakeBridge(initial: Partial<FakeState> = {}): FakeBridge {
  const state: FakeState = {
    settings: DEFAULT_SETTINGS,
    history: [],
    jobs: [],
    wallet: { address: null, source: null, network: 'base' },
    secrets: {},
    secretValues: {},
    payments: [],
    server: { running: false, url: null, lanUrl: null, qrSvg: null },
    watcher: {
      paused: false,
      folders: [],
      clipboard: false,
      summary: 'Watching nothing: only what you upload yourself leaves this machine.',
    },
    uploaders: [],
    clipboard: null,
    answers: [],
    paymentRequests: [],
    damagedLedgers: [],
    desktopChecks: [],
    analysis: { text: '', findings: [] },
    editing: {},
    closedEditing: [],
    edited: [],
    captureForEditing: null,
    copiedText: [],
    uploadedUrls: [],
    keyEmails: [],
    thumbnails: {},
    githubComments: [],
    ...initial,
  };
  const listeners = new Map<ApiEventName, Set<(payload: never) => void>>();
  const calls: FakeBridge['calls'] = [];
  const failures = new Map<ApiMethod, ShotlinkError>();
  let nextJob = 1;

  function emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]) {
    for (const listener of listeners.get(event) ?? []) (listener as (p: ApiEvents[E]) => void)(payload);
  }
  const find = (id: string) => {
    const found = state.history.find((e) => e.id === id);
    if (!found) throw new ShotlinkError('input', `No upload with id ${id}`);
    return found;
  };
  const providers = (): ProviderInfo[] => [
    ...BUILTIN_PROVIDERS,
    ...state.uploaders.map((u) => ({
      id: u.name,
      label: u.name,
      kind: 'imported' as const,
      tiers: [CUSTOM_TIER],
    })),
  ];
  let sessions = 0;
  /** Opens an image for editing, as core does: later calls name its session. */
  function openSession(fileName: string): string {
    const session = `edit-${++sessions}`;
    state.editing[session] = fileName;
    return session;
  }
  const editingName = (session: string) => {
    const fileName = state.editing[session];
    if (!fileName) throw new ShotlinkError('usage', 'That image is no longer open for editing.');
    return fileName;
  };
  function newJob(fileName: string, source: JobInfo['source']): JobInfo {
    const created = job({
      id: `job-${nextJob++}`,
      fileName,
      source,
      provider: state.settings.provider,
      tier: state.settings.tier,
      createdAt: new Date(Date.UTC(2026, 0, 1, 10, 0, nextJob)).toISOString(),
    });
    state.jobs = [created, ...state.jobs];
    return created;
  }

  const impl: ShotlinkApi = {
    getSettings: async () => state.settings,
    setSettings: async (patch) => {
      state.settings = applySettingsPatch(state.settings, patch as SettingsPatch);
      return state.settings;
    },
    listProviders: async () => providers(),
    uploadFiles: async (paths) => paths.map((p) => newJob(p.split('/').pop()!, 'file')),
    uploadBytes: async (name, base64) => {
      // Judged by the bytes, as the service does: a text file named .txt or .png is refused the same way.
      if (base64 === '') {
        throw new Error(`"${name}" is empty (0 bytes). Take the screenshot again or choose another file.`);
      }
      if (!looksLikeImage(atob(base64))) {
        throw new Error(`"${name}" is not an image Shotlink can upload: it looks like text.`);
      }
      return newJob(name, 'drop');
    },
    uploadUrl: async (url) => {
      state.uploadedUrls.push(url);
      return { job: newJob(url.split('/').pop() || 'image', 'drop'), entry: null };
    },
    createImgproKey: async (email) => {
      state.keyEmails.push(email);
      return {
        keyId: 'key_fake',
        verified: false,
        limits: { uploads: 100, storageMb: 5120, retentionDays: 30 },
        message: 'Verify your email for permanent storage.',
        unlocks: 'Open the link img.pro sent to verify it: verified keys keep uploads permanently.',
        status: { set: true, source: 'keychain' },
      };
    },
    uploadClipboard: async () => null,
    capture: async () => null,
    listJobs: async () => state.jobs,
    retryJob: async (id) => {
      const j = state.jobs.find((x) => x.id === id)!;
      Object.assign(j, { state: 'queued', error: undefined });
      return j;
    },
    cancelJob: async (id) => {
      const j = state.jobs.find((x) => x.id === id)!;
      j.state = 'cancelled';
      return j;
    },
    damagedLedgers: async () => state.damagedLedgers,
    checkDesktop: async () => state.desktopChecks,
    openEditing: async (fileName) => ({ session: openSession(fileName), fileName }),
    analyzeImage: async (session) => (editingName(session), state.analysis),
    uploadEdited: async (session, doc) => {
      const fileName = editingName(session);
      delete state.editing[session];
      state.edited.push({ session, fileName, doc });
      return newJob(fileName, 'editor');
    },
    closeEditing: async (session) => {
      delete state.editing[session];
      state.closedEditing.push(session);
    },
    captureForEditing: async () => {
      const image = state.captureForEditing;
      if (image) state.editing[image.session] = image.fileName;
      return image;
    },
    imageForEditing: async (id) => {
      const { fileName } = find(id);
      return { session: openSession(fileName), fileName, base64: 'iVBORw0KGgo=' };
    },
    copyText: async (text) => void state.copiedText.push(text),
    postToGithub: async (request) => {
      state.githubComments.push(request);
      return {
        commentUrl: `https://github.com/octo/app/issues/${request.issue}#issuecomment-${state.githubComments.length}`,
        found: false,
      };
    },
    resolveDamagedLedgers: async () => {
      state.damagedLedgers = [];
      return [];
    },
    dismissJob: async (id) => {
      state.jobs = state.jobs.filter((x) => x.id !== id);
      emit('jobs', state.jobs);
    },
    listHistory: async (options) => {
      const term = options?.search?.toLowerCase();
      return term
        ? state.history.filter((e) => `${e.fileName} ${e.url}`.toLowerCase().includes(term))
        : state.history;
    },
    copyLink: async (id, format, variant) => {
      const e = find(id);
      state.clipboard = formatEntryLink(
        e,
        format ?? state.settings.linkFormat,
        state.settings.linkTemplate,
        variant,
      );
      return state.clipboard;
    },
    deleteFromHost: async (id) => {
      find(id);
      state.history = state.history.filter((e) => e.id !== id);
    },
    forget: async (id) => {
      state.history = state.history.filter((e) => e.id !== id);
    },
    thumbnail: async (id) => state.thumbnails[id] ?? null,
    walletStatus: async () => state.wallet,
    walletCreate: async () => {
      state.wallet = {
        ...state.wallet,
        address: '0xAbC0000000000000000000000000000000000001',
        source: 'keychain',
      };
      return state.wallet;
    },
    walletImport: async (key) => {
      if (!/^0x[0-9a-f]{64}$/i.test(key))
        throw new ShotlinkError('input', 'That is not a private key: expected 0x and 64 hex digits.');
      state.wallet = {
        ...state.wallet,
        address: '0xImported000000000000000000000000000000002',
        source: 'keychain',
      };
      return state.wallet;
    },
    walletExport: async () => '0x' + 'ab'.repeat(32),
    walletRemove: async () => {
      state.wallet = { ...state.wallet, address: null, source: null };
      return state.wallet;
    },
    walletBalance: async () => ({ usdc: state.wallet.address ? '4.25' : null }),
    listPayments: async () => state.payments,
    answerPayment: async (requestId, yes) => {
      state.answers.push({ requestId, yes });
      state.paymentRequests = state.paymentRequests.filter((r) => r.requestId !== requestId);
    },
    listPaymentRequests: async () => state.paymentRequests,
    secretStatus: async (account) => state.secrets[account] ?? { set: false, source: null },
    setSecret: async (account, value) => {
      if (state.secrets[account]?.source === 'env')
        throw new ShotlinkError('usage', `${account} comes from the environment: unset it first.`);
      state.secretValues[account] = value;
      const status: SecretStatus =
        value === null ? { set: false, source: null } : { set: true, source: 'keychain' };
      state.secrets[account] = status;
      return status;
    },
    confirmSecretOrigin: async (account) => {
      const { originChanged: _changed, ...status } = state.secrets[account] ?? { set: false, source: null };
      state.secrets[account] = status;
      return status;
    },
    serverStatus: async () => state.server,
    setServerEnabled: async (on) => {
      state.server = on
        ? {
            running: true,
            url: 'http://192.168.1.20:8402',
            lanUrl: 'http://192.168.1.20:8402',
            qrSvg:
              '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><rect width="1" height="1"/></svg>',
          }
        : { running: false, url: null, lanUrl: null, qrSvg: null };
      return state.server;
    },
    listUploaders: async () => state.uploaders,
    addUploader: async (json, name) => {
      const parsed = JSON.parse(json) as { Name?: string; RequestURL: string };
      const info = { name: name ?? parsed.Name ?? 'custom', requestUrl: parsed.RequestURL, method: 'POST' };
      state.uploaders.push(info);
      return info;
    },
    removeUploader: async (name) => {
      state.uploaders = state.uploaders.filter((u) => u.name !== name);
    },
    watcherStatus: async () => ({
      ...state.watcher,
      folders: state.settings.watch.folders.map((path) => ({ path, active: true })),
    }),
    setWatchPaused: async (paused) => {
      state.watcher = { ...state.watcher, paused };
      return state.watcher;
    },
  };

  // Every method records its call and honours failNext; then, like the service's dispatch, it checks
  // the arguments with the contract's own schemas (a window sending what the service would refuse fails
  // here too), and runs the in-memory implementation. `impl` is typed as the contract: a method missing
  // or answering the wrong shape fails the typecheck.
  const api = Object.fromEntries(
    (Object.keys(impl) as ApiMethod[]).map((method) => [
      method,
      async (...args: unknown[]) => {
        calls.push({ method, args });
        const failure = failures.get(method);
        if (failure) {
          failures.delete(method);
          throw failure;
        }
        return (impl[method] as (...a: unknown[]) => Promise<unknown>)(...checkArgs(method, args));
      },
    ]),
  ) as unknown as ShotlinkApi;

  return {
    api,
    state,
    calls,
    emit,
    failNext: (method, error) => failures.set(method, error),
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener as (payload: never) => void);
      return () => listeners.get(event)?.delete(listener as (payload: never) => void);
    },
  };
}

/** PNG, JPEG, GIF or WebP by their first bytes (the service's sniffer, in small). */
function looksLikeImage(binary: string): boolean {
  return /^(\x89PNG|\xFF\xD8\xFF|GIF8|RIFF....WEBP)/s.test(binary);
}
