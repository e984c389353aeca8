// An S3 bucket as a destination (AWS S3, Cloudflare R2, MinIO, Ceph, OpenStack Swift's S3 API), through
// the official AWS SDK v3. Each image becomes one object under the configured prefix; its link is the
// public base URL (a public bucket or a CDN in front of it) followed by the key, or, without one, a
// presigned GET link whose lifetime is the entry's expiry in history. Deleting an entry deletes the
// object. Stores that lack the SDK's newer checksums work because checksums are sent only when an
// operation requires them (WHEN_REQUIRED), and path-style addressing is used for custom endpoints.
import { createHash, randomBytes } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { Provider, UploadInput, UploadOutcome } from './provider.ts';

export interface S3Destination {
  bucket: string;
  /** Prepended to every key, e.g. "screenshots/". */
  prefix: string;
  region: string;
  /** Empty for AWS itself; the store's URL otherwise (R2, MinIO, Swift…). */
  endpoint: string;
  /** Links are this followed by the key; empty: presigned links instead. */
  publicBaseUrl: string;
  /** Lifetime of presigned links, in seconds (SigV4 allows at most 7 days). */
  presignSeconds: number;
  /** Ask the store to make each object world-readable (for public buckets without a bucket policy). */
  publicRead: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string };
  timeoutMs: number;
}

/** The longest a SigV4 presigned link may live. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

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
  destination: Omit<
    S3Destination,
    'bucket' | 'prefix' | 'publicBaseUrl' | 'presignSeconds' | 'publicRead'
  > & {
    /** Connections to the store at once (the SDK's default is 50); a server streaming to many readers needs more. */
    maxSockets?: number;
  },
): Promise<S3Client> {
  // The SDK warns on every run under Node 20 that its releases after January 2027 will need Node 22; the
  // version here is fixed by the lockfile, so the warning is noise on a command's stderr.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3Client({
    region: destination.region || 'us-east-1',
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
  destination: Pick<S3Destination, 'bucket' | 'prefix' | 'endpoint'>,
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

/**
 * "shots/ab12cd34…/name.png": a folder of its own keeps names readable and links unguessable. With the
 * upload's key the folder is derived from it and the bytes, so every try of one upload writes the same
 * object (a retry after a cut connection overwrites, never adds), while two uploads of the same image
 * still get two objects (deleting one history entry leaves the other's link working).
 */
export function objectKey(
  prefix: string,
  fileName: string,
  upload?: { uploadKey: string; bytes: Uint8Array },
): string {
  const clean = fileName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'image';
  const folder = prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix;
  const unique = upload
    ? createHash('sha256')
        .update(upload.uploadKey)
        .update('\0')
        .update(upload.bytes)
        .digest('hex')
        .slice(0, 32)
    : randomBytes(8).toString('hex');
  return `${folder}${unique}/${clean}`;
}

/** The public link of a key: each path segment encoded, the slashes kept. */
export function publicUrl(base: string, key: string): string {
  return `${base.replace(/\/+$/, '')}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** What the store said, as a message a person can act on (never the keys). */
export function s3Error(
  error: unknown,
  destination: Pick<S3Destination, 'bucket' | 'endpoint'>,
): ShotlinkError {
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

export function createS3Provider(destination: S3Destination): Provider {
  let client: Promise<S3Client> | null = null;
  const s3 = () => (client ??= createS3Client(destination));
  return {
    id: 's3',
    async upload(input: UploadInput): Promise<UploadOutcome> {
      const { PutObjectCommand, GetObjectCommand } = await import('@aws-sdk/client-s3');
      const key = objectKey(
        destination.prefix,
        input.fileName,
        input.uploadKey ? { uploadKey: input.uploadKey, bytes: input.bytes } : undefined,
      );
      try {
        await (
          await s3()
        ).send(
          new PutObjectCommand({
            Bucket: destination.bucket,
            Key: key,
            Body: input.bytes,
            ContentType: input.contentType,
            CacheControl: 'public, max-age=31536000, immutable',
            ...(destination.publicRead && { ACL: 'public-read' }),
          }),
          input.signal ? { abortSignal: input.signal } : {},
        );
      } catch (error) {
        throw s3Error(error, destination);
      }
      if (destination.publicBaseUrl) {
        return { url: publicUrl(destination.publicBaseUrl, key), hostId: key, expiresAt: null };
      }
      const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
      const seconds = Math.min(destination.presignSeconds, MAX_PRESIGN_SECONDS);
      const url = await getSignedUrl(
        await s3(),
        new GetObjectCommand({ Bucket: destination.bucket, Key: key }),
        {
          expiresIn: seconds,
        },
      );
      return { url, hostId: key, expiresAt: new Date(Date.now() + seconds * 1000).toISOString() };
    },
    async delete(entry) {
      const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
      try {
        await (await s3()).send(new DeleteObjectCommand({ Bucket: destination.bucket, Key: entry.hostId }));
      } catch (error) {
        throw s3Error(error, destination);
      }
    },
  };
}
