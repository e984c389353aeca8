// The one API contract between the UI and main. Core implements it once (a dispatch table that
// validates every argument with these schemas); the Electron preload and the loopback HTTP bridge are
// two transports for the same table. Add a method here first, then everywhere else follows the types.
import * as z from 'zod';
import type { ProviderInfo } from './catalog.ts';
import type { DoctorCheck } from './doctor.ts';
import { MAX_CALL_BODY_BYTES } from './bridge-protocol.ts';
import { editDocSchema } from './editor.ts';
import type { Finding } from './findings.ts';
import { SECRET_ACCOUNT_IDS, type SecretStatus } from './secrets.ts';
import { ShotlinkError, type SerializedError } from './errors.ts';
import type { HistoryEntry, JobInfo, PaymentRecord } from './history.ts';
import { LINK_CONVERSIONS, LINK_FORMATS, LINK_SIZES, type LinkFormat, type LinkSize } from './links.ts';
import type { Settings, SettingsPatch } from './settings.ts';

const id = z.string().min(1).max(200);
/** An image open in the editor (`openEditing`, `captureForEditing`, `imageForEditing`, the edit event). */
const session = z.string().min(1).max(100);
/**
 * An image as base64, at most what the bridge accepts in one call (its body limit less room for the
 * JSON around it): about 24 MB of image, far above any screenshot.
 */
const MAX_IMAGE_BASE64 = MAX_CALL_BODY_BYTES - 64 * 1024;
/** The same bound on both transports (the Electron IPC has none of its own), said in words a person can act on. */
const imageBase64 = z.string().max(MAX_IMAGE_BASE64, {
  error:
    `an image sent from the window may be at most ${Math.floor((MAX_IMAGE_BASE64 * 3) / 4 / 2 ** 20)} MB. ` +
    'Upload the file itself instead (drop it from a folder, or choose it): Shotlink reads files from disk.',
});
const none = z.tuple([]);

/** Argument schemas, one tuple per method. Anything arriving over IPC or HTTP is parsed with these. */
export const apiArgs = {
  getSettings: none,
  setSettings: z.tuple([z.record(z.string(), z.unknown())]),
  listProviders: none,

  uploadFiles: z.tuple([z.array(z.string().min(1).max(4096)).min(1).max(500)]),
  /** Bytes from a drop or paste in the window (base64), with the name to show. */
  uploadBytes: z.tuple([z.string().min(1).max(255), imageBase64]),
  /**
   * Re-hosts the image at a link (pasted in the window, History's "Upload to another host"): img.pro
   * imports it itself; other hosts get it downloaded here under intake's rules and queued. The target
   * is the settings' provider and tier unless given.
   */
  uploadUrl: z.tuple([
    z.string().trim().min(1).max(4096),
    z.object({ provider: z.string().min(1).max(100), tier: z.string().min(1).max(100) }).optional(),
  ]),
  uploadClipboard: none,
  capture: none,

  listJobs: none,
  retryJob: z.tuple([id]),
  cancelJob: z.tuple([id]),
  /** Forgets a finished or failed job and deletes its image copy from the queue. */
  dismissJob: z.tuple([id]),

  listHistory: z.tuple([
    z
      .object({ search: z.string().max(200).optional(), limit: z.number().int().positive().optional() })
      .optional(),
  ]),
  /** The link in a format; with a variant, the host CDN's other size or format (img.pro). */
  copyLink: z.tuple([
    id,
    z.enum(LINK_FORMATS).optional(),
    z
      .object({
        size: z.enum(Object.keys(LINK_SIZES) as [LinkSize, ...LinkSize[]]).optional(),
        convert: z.enum(LINK_CONVERSIONS).optional(),
      })
      .optional(),
  ]),
  deleteFromHost: z.tuple([id]),
  forget: z.tuple([id]),
  /** A data: URL of the entry's thumbnail, or null. */
  thumbnail: z.tuple([id]),

  walletStatus: none,
  walletCreate: none,
  walletImport: z.tuple([z.string().min(1).max(200)]),
  /** Returns the private key: only on explicit request, shown once. */
  walletExport: none,
  walletRemove: none,
  walletBalance: none,
  listPayments: none,
  answerPayment: z.tuple([id, z.boolean()]),
  /** Payment questions still waiting for an answer (a window opened after they were raised). */
  listPaymentRequests: none,
  /** Damaged payment ledgers set aside: payments stop until each is restored or accepted. */
  damagedLedgers: none,
  resolveDamagedLedgers: z.tuple([z.enum(['restore', 'accept'])]),

  /** Whether a host secret (the img.pro API key, S3 keys) is set, and where from. */
  secretStatus: z.tuple([z.enum(SECRET_ACCOUNT_IDS)]),
  /** Stores a host secret in the keychain; null removes it. A secret never comes back to the UI. */
  setSecret: z.tuple([
    z.enum(SECRET_ACCOUNT_IDS),
    z.string().trim().min(1).max(200).regex(/^\S+$/, 'A key has no spaces in it.').nullable(),
  ]),

  /** Asks img.pro for a new API key for this email and keeps it in the keychain; the key never comes back. */
  createImgproKey: z.tuple([z.string().trim().min(3).max(254)]),

  /** Binds a stored host secret to its host's current address, after the address changed. */
  confirmSecretOrigin: z.tuple([z.enum(SECRET_ACCOUNT_IDS)]),

  serverStatus: none,
  setServerEnabled: z.tuple([z.boolean()]),

  listUploaders: none,
  addUploader: z.tuple([z.string().min(1).max(1_000_000), z.string().min(1).max(100).optional()]),
  removeUploader: z.tuple([z.string().min(1).max(100)]),

  watcherStatus: none,
  setWatchPaused: z.tuple([z.boolean()]),

  /** What this desktop offers Shotlink, checked now (`shotlink doctor` in the window). */
  checkDesktop: none,

  /**
   * The editor. An image is opened once, screened once, and kept in core as an editing session; later
   * calls name the session. Edits are the editor's document (src-shared/editor.ts), bounded there.
   */
  /** Opens an image the window holds (a drop, a paste) for editing; it crosses as base64 this once. */
  openEditing: z.tuple([z.string().min(1).max(255), imageBase64.min(1)]),
  /** Text and secrets found in the open image, on this machine: proposed redactions and "Copy text". */
  analyzeImage: z.tuple([session]),
  /** Flattens the edits onto the open image and queues the result (the original is never queued). */
  uploadEdited: z.tuple([session, editDocSchema]),
  /** The editor closed without uploading: the image is let go (an idle one lapses anyway). */
  closeEditing: z.tuple([session]),
  /** A region capture opened for editing, not uploaded; null when the person cancelled. */
  captureForEditing: none,
  /** The image of a history entry, fetched from its link and opened for editing, to upload again. */
  imageForEditing: z.tuple([id]),
  /** Puts text on the system clipboard (the editor's "Copy text"). */
  copyText: z.tuple([z.string().max(1_000_000)]),

  /** GitHub uploads (history ids) posted as one comment, with text, on issue or pull request #issue. */
  postToGithub: z.tuple([
    z.object({
      entryIds: z.array(id).min(1).max(50),
      issue: z.number().int().positive().max(10_000_000_000),
      body: z.string().max(60_000).optional(),
    }),
  ]),
} as const;

export type ApiMethod = keyof typeof apiArgs;

/**
 * A call's arguments checked against the contract, or a usage error naming what is wrong: the dispatch
 * checks every call with it, and the preload too, so a call it refuses never crosses the IPC.
 */
export function checkArgs(method: ApiMethod, args: unknown): unknown[] {
  const parsed = apiArgs[method].safeParse(args ?? []);
  if (parsed.success) return parsed.data as unknown[];
  const issues = parsed.error.issues
    .map((issue) => `${issue.path.length ? `argument ${issue.path.join('.')}: ` : ''}${issue.message}`)
    .join('; ');
  throw new ShotlinkError('usage', `Invalid arguments for ${method}: ${issues}`);
}

export interface WalletStatus {
  address: string | null;
  /** Where the key comes from; 'env' is SHOTLINK_WALLET_KEY. */
  source: 'keychain' | 'env' | null;
  network: 'base' | 'base-sepolia';
  /** Why there is no keychain, when there is none (e.g. no Secret Service). */
  keychainProblem?: string;
}

export interface ServerStatus {
  running: boolean;
  /** The base URL links use. */
  url: string | null;
  /** The address a phone on the LAN opens. */
  lanUrl: string | null;
  /** SVG markup of a QR code for lanUrl. */
  qrSvg: string | null;
  error?: string | undefined;
}

export interface UploaderInfo {
  name: string;
  requestUrl: string;
  method: string;
}

export interface WatcherStatus {
  paused: boolean;
  folders: { path: string; active: boolean; error?: string }[];
  clipboard: boolean;
  /** What watching does, in one sentence (which folders, which host and tier, public or not, how long). */
  summary: string;
}

/** A damaged payment ledger, set aside; payments are blocked while one is listed. */
export interface DamagedLedgerFile {
  file: string;
  /** It parses now (repaired by hand): restoring puts its payments back. */
  restorable: boolean;
}

export interface PaymentRequest {
  requestId: string;
  fileName: string;
  provider: string;
  tier: string;
  amountAtomic: string;
  network: string;
  payTo: string;
  /** The queued upload this payment is for, when it comes from the queue. */
  jobId?: string;
  /** Why the question is asked again, e.g. an earlier token for this upload expired unused. */
  note?: string;
}

/** A new img.pro API key, stored: what it allows, never the key. */
export interface ImgproKeyResult {
  keyId: string | null;
  verified: boolean;
  limits: { uploads: number | null; storageMb: number | null; retentionDays: number | null };
  /** The host's own words. */
  message: string | null;
  /** What verifying the email unlocks. */
  unlocks: string;
  status: SecretStatus;
}

/** Results, method by method. The implementation and both transports are typed against this. */
export interface ApiResults {
  getSettings: Settings;
  setSettings: Settings;
  listProviders: ProviderInfo[];
  uploadFiles: JobInfo[];
  uploadBytes: JobInfo;
  /** The queued job (a downloaded image), or the entry (img.pro imported it): one of the two. */
  uploadUrl: { job: JobInfo | null; entry: HistoryEntry | null };
  createImgproKey: ImgproKeyResult;
  uploadClipboard: JobInfo | null;
  capture: JobInfo | null;
  listJobs: JobInfo[];
  retryJob: JobInfo;
  cancelJob: JobInfo;
  dismissJob: void;
  listHistory: HistoryEntry[];
  copyLink: string;
  deleteFromHost: void;
  forget: void;
  thumbnail: string | null;
  walletStatus: WalletStatus;
  walletCreate: WalletStatus;
  walletImport: WalletStatus;
  walletExport: string;
  walletRemove: WalletStatus;
  walletBalance: { usdc: string | null; error?: string };
  listPayments: PaymentRecord[];
  answerPayment: void;
  listPaymentRequests: PaymentRequest[];
  damagedLedgers: DamagedLedgerFile[];
  resolveDamagedLedgers: DamagedLedgerFile[];
  secretStatus: SecretStatus;
  setSecret: SecretStatus;
  confirmSecretOrigin: SecretStatus;
  serverStatus: ServerStatus;
  setServerEnabled: ServerStatus;
  listUploaders: UploaderInfo[];
  addUploader: UploaderInfo;
  removeUploader: void;
  watcherStatus: WatcherStatus;
  setWatchPaused: WatcherStatus;
  checkDesktop: DoctorCheck[];
  openEditing: EditingSession;
  analyzeImage: ImageAnalysis;
  uploadEdited: JobInfo;
  closeEditing: void;
  captureForEditing: ImageForEditing | null;
  imageForEditing: ImageForEditing;
  copyText: void;
  postToGithub: GithubComment;
}

/** A comment posted on GitHub: its page, and whether an earlier try had already posted it. */
export interface GithubComment {
  commentUrl: string;
  found: boolean;
}

/** An image open in the editor, named by its session in the editor's later calls. */
export interface EditingSession {
  session: string;
  fileName: string;
}

/** An image core opened for editing (a capture, a history entry), with its bytes for the window to show. */
export interface ImageForEditing extends EditingSession {
  base64: string;
}

/** What recognition found in an image: its text, and the secrets to propose covering. */
export interface ImageAnalysis {
  text: string;
  findings: Finding[];
}

export type ApiArgs<M extends ApiMethod> = z.infer<(typeof apiArgs)[M]>;

/** The API as the UI sees it: one async function per method. */
export type ShotlinkApi = {
  [M in ApiMethod]: (...args: ApiArgs<M>) => Promise<ApiResults[M]>;
};

/** Events main pushes to the UI. */
export interface ApiEvents {
  job: JobInfo;
  jobs: JobInfo[];
  history: HistoryEntry[];
  'payment-request': PaymentRequest;
  'payment-request-closed': { requestId: string };
  watcher: WatcherStatus;
  settings: Settings;
  /** The hosts and tiers changed (a custom uploader was added or removed). */
  providers: ProviderInfo[];
  notice: { level: 'info' | 'error'; message: string };
  /** A capture (hotkey, tray) to open in the editor, when the capture.then setting says so. */
  edit: ImageForEditing;
}
export type ApiEventName = keyof ApiEvents;

/** What a transport returns for a call: a value or an error the UI can show. */
export type ApiResponse<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

/** The UI's whole view of main: call methods, subscribe to events. */
export interface ShotlinkBridge {
  api: ShotlinkApi;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

export type { LinkFormat, SettingsPatch };
