// What is remembered about uploads, payments and queued jobs. Persisted by core, shown by the UI and CLI.
import type { SerializedError } from './errors.ts';
import type { FindingKind } from './findings.ts';

export interface HistoryEntry {
  id: string;
  fileName: string;
  provider: string;
  tier: string;
  /** The direct image link (img.pro's `src`). */
  url: string;
  /** A viewer page, where the host has one (img.pro's `url`, the Shotlink server's viewer). */
  viewUrl?: string | undefined;
  /** Where the host allows deleting: a URL (server, custom uploaders) the core knows how to call. */
  deleteUrl?: string | undefined;
  hostId: string;
  originalBytes: number;
  bytes: number;
  /** Output format: png, jpeg, webp or gif. */
  format: string;
  width: number;
  height: number;
  uploadedAt: string;
  /** ISO time the host removes the image; null = permanent. */
  expiresAt: string | null;
  /** File name of the small thumbnail under the data directory's thumbnails folder. */
  thumbnail: string | null;
  /** SHA-256 of the bytes that were sent. */
  contentHash: string;
  /** The payment that paid for this upload, if any. */
  paymentId?: string | undefined;
  /** The key the pipeline uploaded under (a queued job's id): proves after a crash that the job is done. */
  uploadKey?: string | undefined;
  /** What fitting the tier's size limit cost (downscaled, made lossy), when it cost anything. */
  fitNote?: string | undefined;
  /** Something odd in the host's answer that was worked around (an unreadable expiry). */
  hostNote?: string | undefined;
  /**
   * Who can see the image, where the host decides it per upload (GitHub: "visible to people who can
   * read owner/name", or "public"); absent where the tier says it.
   */
  visibility?: string | undefined;
  /** Why the host cannot delete it, where it cannot (GitHub has no delete for attachments). */
  noDelete?: string | undefined;
  /** What the host offered with its answer (img.pro's `upgrade`): told once, kept here. */
  offer?: { message: string; url?: string | undefined } | undefined;
  /** The URL the image was re-hosted from (`shotlink upload https://…`, a pasted link). */
  sourceUrl?: string | undefined;
  /**
   * What was covered before the image was sent: a finding's kind each, never its text. An agent's retried
   * call is answered from this entry without reading the image again, and still says what was covered.
   */
  covered?: FindingKind[] | undefined;
}

export interface PaymentRecord {
  id: string;
  createdAt: string;
  provider: string;
  tier: string;
  /** USDC atomic units. */
  amountAtomic: string;
  asset: string;
  network: string;
  payer: string;
  payTo: string;
  /** Settlement transaction hash, when the server returned one. */
  transaction: string | null;
  /** The upload token bought; kept until its upload succeeds. */
  token: string;
  tokenExpiresAt: string | null;
  /** The job or upload this payment is for: one payment, one upload. */
  uploadKey: string;
  usedAt: string | null;
  /** Set when a coding agent made the payment through `shotlink mcp`. */
  via?: 'mcp' | undefined;
}

export type JobState =
  'queued' | 'running' | 'waiting-retry' | 'awaiting-payment' | 'done' | 'failed' | 'cancelled';

/** Where a job's image came from. */
export const JOB_SOURCES = ['file', 'clipboard', 'capture', 'watch', 'drop', 'cli', 'editor'] as const;

export interface JobInfo {
  id: string;
  fileName: string;
  source: (typeof JOB_SOURCES)[number];
  provider: string;
  tier: string;
  state: JobState;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  /** Next automatic retry, for waiting-retry jobs. */
  nextAttemptAt?: string;
  error?: SerializedError;
  /** The history entry, once done. */
  historyId?: string;
  /** The link really went to the clipboard (a failed write leaves this unset and says why). */
  linkCopied?: boolean;
  /** What fitting the tier's size limit cost, once done (the history entry's fitNote). */
  fitNote?: string;
  /** Upload progress 0..1 while running. */
  progress?: number;
}
