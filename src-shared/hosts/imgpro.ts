// img.pro: anonymous uploads kept 30 days, or permanent ones with an API key from the keychain.
import * as z from 'zod';
import { describeHost, field, httpUrl, MB } from './describe.ts';

export const imgpro = describeHost({
  id: 'imgpro',
  label: 'img.pro',
  about: 'The “API key” tier keeps uploads permanently.',
  site: { before: 'Get a key at', label: 'img.pro', url: 'https://img.pro' },
  tiers: [
    {
      id: 'anonymous',
      label: 'Anonymous',
      maxBytes: 20 * MB,
      retentionDays: 30,
      priceAtomic: null,
      public: true,
      note: '20 uploads an hour per IP address.',
      endpoint: '`POST {hosts.imgproUrl}/v1/upload` (multipart `file`)',
    },
    {
      id: 'key',
      label: 'API key',
      maxBytes: 20 * MB,
      retentionDays: null,
      priceAtomic: null,
      public: true,
      note: 'Permanent once the key is verified.',
      needs: ['imgpro-api-key'],
      endpoint: 'same, with `Authorization: Bearer <key>`, `tags`, `namespace`',
      kept: 'permanent once verified',
    },
  ],
  fields: [
    field('hosts.imgproUrl', httpUrl.default('https://api.img.pro'), {
      label: 'img.pro API address',
      input: 'url',
      advanced: true,
    }),
    field('imgpro.tags', z.string().max(500).default(''), {
      label: 'Tags',
      help: 'Sent with API-key uploads, comma separated; empty: none.',
      input: 'text',
    }),
    field('imgpro.namespace', z.string().max(100).default(''), {
      label: 'Namespace',
      help: 'Sent with API-key uploads; empty: none.',
      input: 'text',
    }),
  ],
  secrets: [
    {
      account: 'imgpro-api-key',
      label: 'The img.pro API key',
      field: 'img.pro API key',
      env: 'SHOTLINK_IMGPRO_KEY',
      usedFor: 'used by --provider imgpro --tier key',
    },
  ],
  address: { key: 'hosts.imgproUrl' },
  help: 'anonymous, key',
  linkVariants: true,
  importsUrls: true,
  keyForEmail: true,
});
