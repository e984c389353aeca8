// An S3 bucket as a destination (AWS S3, Cloudflare R2, MinIO, Ceph, OpenStack Swift's S3 API). Each
// image becomes one object under the configured prefix; its link is the public base URL (a public bucket
// or a CDN in front of it) followed by the key, or, without one, a presigned GET link whose lifetime is
// the entry's expiry in history. Deleting an entry deletes the object. The client, the region and prefix
// rules and the store's refusals are the S3 store's (core/s3/store.ts), shared with the team server.
import { createHash, randomBytes } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { asFolder, createS3Client, s3Error, type S3Connection } from '../s3/store.ts';
import type { Provider, UploadInput, UploadOutcome } from './provider.ts';

export interface S3Destination extends S3Connection {
  bucket: string;
  /** Prepended to every key, e.g. "screenshots/". */
  prefix: string;
  /** Links are this followed by the key; empty: presigned links instead. */
  publicBaseUrl: string;
  /** Lifetime of presigned links, in seconds (SigV4 allows at most 7 days). */
  presignSeconds: number;
  /** Ask the store to make each object world-readable (for public buckets without a bucket policy). */
  publicRead: boolean;
}

/** The longest a SigV4 presigned link may live. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

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
  const unique = upload
    ? createHash('sha256')
        .update(upload.uploadKey)
        .update('\0')
        .update(upload.bytes)
        .digest('hex')
        .slice(0, 32)
    : randomBytes(8).toString('hex');
  return `${asFolder(prefix)}${unique}/${clean}`;
}

/** The public link of a key: each path segment encoded, the slashes kept. */
export function publicUrl(base: string, key: string): string {
  return `${base.replace(/\/+$/, '')}/${key.split('/').map(encodeURIComponent).join('/')}`;
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
