// An S3 bucket of the user's own (AWS, R2, MinIO, Ceph, Swift…) through the AWS SDK.
import * as z from 'zod';
import { describeHost, field, MB, optionalHttpUrl } from './describe.ts';

/** The region signed for when neither the setting nor AWS_REGION names one (AWS's own default). */
export const DEFAULT_S3_REGION = 'us-east-1';

export const s3 = describeHost({
  id: 's3',
  label: 'S3 bucket',
  about:
    'Upload to your own bucket on AWS S3 or any S3-compatible store (Cloudflare R2, MinIO, Ceph, Swift).',
  tiers: [
    {
      id: 'default',
      label: 'Bucket',
      maxBytes: 100 * MB,
      retentionDays: null,
      priceAtomic: null,
      public: true,
      note: 'Your own bucket (AWS, R2, MinIO…): a public link, or a presigned one that works up to 7 days.',
      endpoint: '`PutObject` to `{s3.endpoint}/{s3.bucket}/{s3.prefix}<random>/<name>` (AWS SDK v3)',
      kept: "link: permanent, or the presigned link's lifetime",
      needs: ['s3-access-key-id', 's3-secret-access-key'],
    },
  ],
  fields: [
    field('s3.bucket', z.string().max(255).default(''), { label: 'Bucket', input: 'text' }),
    field('s3.prefix', z.string().max(500).default('shotlink/'), {
      label: 'Key prefix',
      help: "Put before every object's name, e.g. screenshots/.",
      input: 'text',
    }),
    field('s3.region', z.string().max(50).default(''), {
      label: 'Region',
      help: `Empty: AWS_REGION, else ${DEFAULT_S3_REGION}.`,
      input: 'text',
    }),
    field('s3.endpoint', optionalHttpUrl.default(''), {
      label: 'Endpoint',
      help: "Empty for AWS (or AWS_ENDPOINT_URL); the store's address for R2, MinIO, Ceph or Swift.",
      input: 'url',
    }),
    field('s3.publicBaseUrl', optionalHttpUrl.default(''), {
      label: 'Public base URL',
      help: "A public bucket's or CDN's address: links are this followed by the object's name. Empty: presigned links.",
      input: 'url',
    }),
    field('s3.presignDays', z.number().int().min(1).max(7).default(7), {
      label: 'Presigned links work for (days)',
      help: '1 to 7; shown as the expiry in History.',
      input: 'number',
    }),
    field('s3.publicRead', z.boolean().default(false), {
      label: 'Make each object public-read',
      help: 'For public buckets without a bucket policy.',
      input: 'switch',
    }),
  ],
  secrets: [
    {
      account: 's3-access-key-id',
      label: 'The S3 access key id',
      field: 'Access key id',
      env: 'AWS_ACCESS_KEY_ID',
      usedFor: 'used by --provider s3',
    },
    {
      account: 's3-secret-access-key',
      label: 'The S3 secret access key',
      field: 'Secret access key',
      env: 'AWS_SECRET_ACCESS_KEY',
      usedFor: 'used by --provider s3',
    },
  ],
  address: {
    key: 's3.endpoint',
    whenEmpty: 'AWS (or AWS_ENDPOINT_URL)',
    probeWhenEmpty: (env) => env.AWS_ENDPOINT_URL || 'https://s3.amazonaws.com',
  },
  required: ['s3.bucket'],
});
