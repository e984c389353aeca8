// The S3 store, as both its users need it: the `s3` destination (providers/s3.ts) and the team server's
// storage (server/shared/shared-library.ts). The official AWS SDK v3 client set up once for AWS and
// S3-compatible stores alike (Cloudflare R2, MinIO, Ceph, OpenStack Swift's S3 API): checksums only when
// an operation requires them (WHEN_REQUIRED, which older stores need) and path-style addressing for
// custom endpoints. Also the region and key-prefix rules and what a refusal means to a person.
import type { S3Client } from '@aws-sdk/client-s3';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { DEFAULT_S3_REGION } from '../../../src-shared/hosts/s3.ts';

/** How to reach a store: its region and address, the keys, and how long one request may take. */
export interface S3Connection {
  region: string;
  /** Empty for AWS itself; the store's URL otherwise (R2, MinIO, Swift…). */
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  timeoutMs: number;
}

/** The region to sign for: the setting, else AWS_REGION, else AWS's default. */
export function s3Region(setting: string | undefined, env: NodeJS.ProcessEnv): string {
  return setting || env.AWS_REGION || DEFAULT_S3_REGION;
}

/** A key prefix as a folder: "shots" and "shots/" both put objects under "shots/"; empty stays empty. */
export function asFolder(prefix: string): string {
  return prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix;
}

/** Objects above this go up in parts of this size, several at once (S3's minimum part is 5 MB). */
export const PART_BYTES = 8 * 1024 * 1024;

/**
 * Puts one object: a single PutObject when it is small, a multipart upload when it is large (parts sent
 * side by side; a failed one aborts the whole upload, leaving no parts behind).
 */
export async function putObject(
  client: S3Client,
  params: {
    Bucket: string;
    Key: string;
    Body: Uint8Array;
    ContentType: string;
    CacheControl?: string;
    ACL?: 'public-read';
    /** User metadata, sent as x-amz-meta-<name> headers. */
    Metadata?: Record<string, string>;
  },
  signal?: AbortSignal,
): Promise<void> {
  if (params.Body.byteLength <= PART_BYTES) {
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    await client.send(new PutObjectCommand(params), signal ? { abortSignal: signal } : {});
    return;
  }
  const { Upload } = await import('@aws-sdk/lib-storage');
  const upload = new Upload({ client, params, partSize: PART_BYTES, queueSize: 4, leavePartsOnError: false });
  signal?.addEventListener('abort', () => void upload.abort(), { once: true });
  await upload.done();
}

/** An S3 client that works with AWS and with S3-compatible stores alike. */
export async function createS3Client(
  destination: S3Connection & {
    /** Connections to the store at once (the SDK's default is 50); a server streaming to many readers needs more. */
    maxSockets?: number;
  },
): Promise<S3Client> {
  // The SDK warns on every run under Node 20 that its releases after January 2027 will need Node 22; the
  // version here is fixed by the lockfile, so the warning is noise on a command's stderr.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3Client({
    region: destination.region || DEFAULT_S3_REGION,
    ...(destination.endpoint && { endpoint: destination.endpoint, forcePathStyle: true }),
    credentials: destination.credentials,
    // Stores that predate the SDK's default CRC checksums refuse aws-chunked uploads (501).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
    requestHandler: {
      requestTimeout: destination.timeoutMs,
      connectionTimeout: Math.min(destination.timeoutMs, 10_000),
      ...(destination.maxSockets && {
        httpAgent: { keepAlive: true, maxSockets: destination.maxSockets },
        httpsAgent: { keepAlive: true, maxSockets: destination.maxSockets },
      }),
    },
  });
}

/**
 * Whether the bucket exists and the keys may list, write and delete under `prefix`: one probe object
 * written and deleted. Throws what s3Error makes of a refusal ("does not exist", "refused the keys"),
 * so a server never starts half-working on a bucket it cannot use.
 */
export async function checkBucket(
  client: S3Client,
  destination: { bucket: string; prefix: string; endpoint: string },
): Promise<void> {
  const { ListObjectsV2Command, PutObjectCommand, DeleteObjectCommand } = await import('@aws-sdk/client-s3');
  const probe = `${destination.prefix}.shotlink-start-check`;
  try {
    await client.send(
      new ListObjectsV2Command({ Bucket: destination.bucket, Prefix: destination.prefix, MaxKeys: 1 }),
    );
    await client.send(new PutObjectCommand({ Bucket: destination.bucket, Key: probe, Body: 'ok' }));
    await client.send(new DeleteObjectCommand({ Bucket: destination.bucket, Key: probe }));
  } catch (error) {
    throw s3Error(error, destination);
  }
}

/** What the store said, as a message a person can act on (never the keys). */
export function s3Error(error: unknown, destination: { bucket: string; endpoint: string }): ShotlinkError {
  const name = (error as { name?: string }).name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const where = destination.endpoint ? ` at ${destination.endpoint}` : '';
  if (name === 'NoSuchBucket' || (name === 'NotFound' && status === 404)) {
    return new ShotlinkError(
      'usage',
      `The bucket "${destination.bucket}" does not exist${where}: create it, or correct s3.bucket.`,
      {
        code: 's3_no_bucket',
      },
    );
  }
  if (
    ['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'InvalidToken', 'ExpiredToken'].includes(
      name,
    ) ||
    status === 403
  ) {
    return new ShotlinkError(
      'usage',
      `The S3 store${where} refused the keys (${name || status}). Store working ones with \`shotlink config set-secret s3-access-key-id\` and \`s3-secret-access-key\`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`,
      { code: 's3_access_denied' },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  // Timeouts, connection failures and 5xx answers may pass: the queue tries again.
  const retryable = status === undefined || status >= 500 || name === 'SlowDown';
  return new ShotlinkError('host', `The S3 store${where} failed: ${message}`, {
    retryable,
    code: 's3_failed',
  });
}
