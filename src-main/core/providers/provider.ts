// The one interface every host implements: img402, img.pro, the Shotlink server, ShareX custom uploaders.
import type { TierInfo } from '../../../src-shared/catalog.ts';
import type { Repository } from './github/api.ts';

export interface UploadInput {
  bytes: Uint8Array;
  /** Name sent to the host, with the extension of `contentType`. */
  fileName: string;
  contentType: string;
  tier: TierInfo;
  /** For paid tiers: the upload token already bought for this upload (see payments/). */
  paidToken?: string;
  /**
   * The same for every try of one upload (across retries and restarts): hosts that can be asked use it
   * to store the image once however often it is sent (the Shotlink server's Idempotency-Key, the S3
   * destination's object key).
   */
  uploadKey?: string;
  signal?: AbortSignal;
  /** Called once the image is handed to the connection (hosts that can tell; others never call it). */
  onSent?: () => void;
}

export interface UploadOutcome {
  /** Direct link to the image. */
  url: string;
  viewUrl?: string;
  deleteUrl?: string;
  thumbnailUrl?: string;
  hostId: string;
  /** ISO time; null = permanent; undefined = the host did not say (the tier's retention is used). */
  expiresAt?: string | null | undefined;
  /** Who can see it, where the host decides per upload (GitHub: the repository's readers). */
  visibility?: string;
  /** Why it cannot be deleted, where the host has no delete (GitHub). */
  noDelete?: string;
  /** What the host offers next (img.pro's `upgrade`): told to the user once. */
  offer?: HostOffer;
}

export interface HostOffer {
  message: string;
  url?: string;
}

/** An image the host fetches itself from a URL (img.pro's `POST /v1/import`). */
export interface ImportInput {
  url: string;
  tier: TierInfo;
  signal?: AbortSignal;
}

/** What the host knows about an image it fetched: we never held its bytes. */
export interface ImportOutcome extends UploadOutcome {
  width?: number;
  height?: number;
  bytes?: number;
}

/** What one upload may name beyond its host and tier: the GitHub repository (`--repo`). */
export interface HostOptions {
  repo?: string | undefined;
  /** GitHub: the repository as this call already looked it up and checked: not asked of GitHub again. */
  repository?: Repository | undefined;
  /** img.pro, with a key: this upload's tags (comma separated) and namespace, instead of the settings'. */
  tags?: string | undefined;
  namespace?: string | undefined;
}

export interface Provider {
  readonly id: string;
  /**
   * The host is on this machine or its network (a Shotlink server at a loopback or private address):
   * sending an image as it is beats spending a second encoding it to save bytes a LAN barely notices.
   */
  readonly onThisNetwork?: boolean;
  upload(input: UploadInput): Promise<UploadOutcome>;
  /** Present where the host can fetch an image by URL itself (img.pro): re-hosting sends only the URL. */
  importUrl?(input: ImportInput): Promise<ImportOutcome>;
  /** Present where the host allows deleting an upload. */
  delete?(entry: { hostId: string; deleteUrl?: string | undefined }): Promise<void>;
}
