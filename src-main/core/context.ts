// The pieces core is built from, as interfaces. `createCore()` (core/create-core.ts) wires the real ones;
// tests may wire their own. Everything a pipeline step needs reaches it through here, never a global.
import type { Settings, SettingsPatch } from '../../src-shared/settings.ts';
import type { HistoryEntry, PaymentRecord } from '../../src-shared/history.ts';
import type { TierInfo } from '../../src-shared/catalog.ts';
import type { PaymentRequest } from '../../src-shared/api.ts';
import type { SecretStore } from './ports.ts';

export interface SettingsStore {
  get(): Settings;
  set(patch: SettingsPatch): Settings;
}

export interface HistoryStore {
  /** Newest first. */
  list(query?: { search?: string | undefined; limit?: number | undefined }): HistoryEntry[];
  get(id: string): HistoryEntry | undefined;
  /** How many entries were recorded under `uploadKey` or one of its repeats (`key#2`, …), unchecked. */
  countUploads(uploadKey: string): number;
  add(entry: HistoryEntry): void;
  remove(id: string): HistoryEntry | undefined;
}

/** What a paid tier needs before upload: an upload token, bought once per upload and kept until used. */
export interface PaymentsPort {
  /**
   * Returns a valid unused token for `uploadKey`, reusing the one already bought for it when it is still
   * valid, otherwise buying one (asking the user first, enforcing the spend policy). Throws a
   * ShotlinkError of kind 'payment' when refused or declined.
   */
  tokenFor(request: { provider: string; tier: TierInfo; uploadKey: string; fileName: string }): Promise<{
    token: string;
    paymentId: string;
  }>;
  /** Records that the token bought for `uploadKey` was used by a successful upload. */
  markUsed(uploadKey: string): void;
  /**
   * Records that the host refused the token bought for `uploadKey` (already spent or expired), so the
   * next try does not offer it again but asks before buying a new one.
   */
  tokenRejected?(uploadKey: string): void;
  /**
   * Records that the token bought for `uploadKey` is about to be sent with an upload. True when an
   * earlier try had already sent it and no answer was recorded: its answer never arrived.
   */
  tokenSent?(uploadKey: string): boolean;
  list(): PaymentRecord[];
}

/** What is asked before a payment: the window's PaymentRequest without its bookkeeping ids. */
export type PaymentQuestion = Omit<PaymentRequest, 'requestId' | 'jobId'>;

/** Asks the user whether to pay (the CLI on its terminal, the app in its window). */
export type ConfirmPayment = (question: PaymentQuestion) => Promise<boolean>;

export interface CoreContext {
  /** The data folder (SHOTLINK_HOME). */
  home: string;
  env: NodeJS.ProcessEnv;
  settings: SettingsStore;
  history: HistoryStore;
  secrets: SecretStore;
  /** Null until a paid tier is used without payments wired (then uploads to paid tiers are refused). */
  payments: PaymentsPort | null;
  /**
   * A run that ends with its upload (`shotlink upload`, `capture`): an image it never decoded keeps its
   * bytes for history's thumbnail, drawn by whoever shows history (core/thumbnails-later.ts), instead of
   * loading sharp to draw it now.
   */
  thumbnailsLater?: boolean;
}
