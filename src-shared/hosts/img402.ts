// img402.dev: free uploads for 7 days, or 1-year and permanent ones paid over x402 from the wallet.
import { describeHost, field, httpUrl, MB } from './describe.ts';

export const img402 = describeHost({
  id: 'img402',
  label: 'img402.dev',
  tiers: [
    {
      id: 'free',
      label: 'Free',
      maxBytes: 1 * MB,
      retentionDays: 7,
      priceAtomic: null,
      public: true,
      endpoint: '`POST {hosts.img402Url}/api/free` (multipart `image`)',
    },
    {
      id: '1y',
      label: '1 year',
      maxBytes: 5 * MB,
      retentionDays: 365,
      priceAtomic: '10000',
      public: true,
      endpoint: '`POST {hosts.img402Url}/api/upload` + `X-Upload-Token` (bought over x402)',
    },
    {
      id: 'permanent',
      label: 'Permanent',
      maxBytes: 5 * MB,
      retentionDays: null,
      priceAtomic: '1000000',
      public: true,
      note: 'Kept for the life of the service, with 90 days notice before any shutdown.',
      endpoint: 'same, with a permanent token',
    },
  ],
  fields: [
    field('hosts.img402Url', httpUrl.default('https://img402.dev'), {
      label: 'img402 address',
      input: 'url',
      advanced: true,
    }),
  ],
  secrets: [],
  address: { key: 'hosts.img402Url' },
});
