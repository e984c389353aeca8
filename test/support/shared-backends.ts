// For tests of the S3 destination and the team server: the run's S3 store and PostgreSQL (started by the
// global setup), or why they are not here, and a bucket of the test's own.
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { createS3Client } from '../../src-main/core/s3/store.ts';
import type { S3Store } from './services.ts';

export function sharedBackends(...otherReasons: (string | null)[]): {
  store: S3Store | null;
  databaseUrl: string | null;
  /** Why a test needing them is skipped; empty when they are here. */
  why: string;
} {
  const s3 = inject('s3');
  const pg = inject('pg');
  return {
    store: 'unavailable' in s3 ? null : s3,
    databaseUrl: 'unavailable' in pg ? null : pg.url,
    why: [...[s3, pg].map((p) => ('unavailable' in p ? p.unavailable : null)), ...otherReasons]
      .filter(Boolean)
      .join('; '),
  };
}

/** An S3 client on the store, with `bucket` created. */
export async function testBucket(store: S3Store, bucket: string): Promise<S3Client> {
  const client = await createS3Client({
    region: store.region,
    endpoint: store.endpoint,
    credentials: { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey },
    timeoutMs: 15_000,
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return client;
}
