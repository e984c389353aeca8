// The catalogue of built-in hosts and their tiers: what the tier picker shows and what the optimizer
// and the spend policy enforce. Prices are in USDC atomic units (6 decimals) as strings, as x402 sends them.

export type BuiltinProviderId = 'img402' | 'imgpro' | 'server' | 's3' | 'github';
/** A built-in id, or the name of an imported ShareX custom uploader. */
export type ProviderId = BuiltinProviderId | (string & {});

export interface TierInfo {
  id: string;
  label: string;
  /** Largest upload the host accepts, in bytes: the optimizer fits every image under it. */
  maxBytes: number;
  /** Days the host keeps the image; null means permanent. */
  retentionDays: number | null;
  /** Price per upload in USDC atomic units ("10000" = 0.01 USDC); null when free. */
  priceAtomic: string | null;
  /** True when images on this tier can be seen by anyone with the link. */
  public: boolean;
  /** Who sees a link, where "public" or "private" would not be true (GitHub: the repository's readers). */
  audience?: string;
  note?: string;
}

export interface ProviderInfo {
  id: ProviderId;
  label: string;
  tiers: TierInfo[];
}

const MB = 1024 * 1024;

export const BUILTIN_PROVIDERS: ProviderInfo[] = [
  {
    id: 'img402',
    label: 'img402.dev',
    tiers: [
      { id: 'free', label: 'Free', maxBytes: 1 * MB, retentionDays: 7, priceAtomic: null, public: true },
      { id: '1y', label: '1 year', maxBytes: 5 * MB, retentionDays: 365, priceAtomic: '10000', public: true },
      {
        id: 'permanent',
        label: 'Permanent',
        maxBytes: 5 * MB,
        retentionDays: null,
        priceAtomic: '1000000',
        public: true,
        note: 'Kept for the life of the service, with 90 days notice before any shutdown.',
      },
    ],
  },
  {
    id: 'imgpro',
    label: 'img.pro',
    tiers: [
      {
        id: 'anonymous',
        label: 'Anonymous',
        maxBytes: 20 * MB,
        retentionDays: 30,
        priceAtomic: null,
        public: true,
        note: '20 uploads an hour per IP address.',
      },
      {
        id: 'key',
        label: 'API key',
        maxBytes: 20 * MB,
        retentionDays: null,
        priceAtomic: null,
        public: true,
        note: 'Permanent once the key is verified.',
      },
    ],
  },
  {
    id: 'server',
    label: 'Shotlink server',
    tiers: [
      {
        id: 'default',
        label: 'LAN',
        maxBytes: 20 * MB,
        retentionDays: null,
        priceAtomic: null,
        public: false,
        note: 'Your own server: images stay on your network.',
      },
    ],
  },
  {
    id: 's3',
    label: 'S3 bucket',
    tiers: [
      {
        id: 'default',
        label: 'Bucket',
        maxBytes: 100 * MB,
        retentionDays: null,
        priceAtomic: null,
        public: true,
        note: 'Your own bucket (AWS, R2, MinIO…): a public link, or a presigned one that works up to 7 days.',
      },
    ],
  },
  {
    id: 'github',
    label: 'GitHub',
    tiers: [
      {
        id: 'default',
        label: 'Attachment',
        maxBytes: 10 * MB,
        retentionDays: null,
        priceAtomic: null,
        // Who sees it is the repository's audience: private to its readers, or public (said per upload).
        public: false,
        audience: "whoever can read the repository (everyone, if it's public)",
        note: 'Seen by whoever can read the repository; permanent, GitHub has no delete for it.',
      },
    ],
  },
];

/** Custom (.sxcu) uploaders have one tier; their limit is unknown, so we use a generous one. */
export const CUSTOM_TIER: TierInfo = {
  id: 'default',
  label: 'Custom',
  maxBytes: 20 * MB,
  retentionDays: null,
  priceAtomic: null,
  public: true,
};

export function findTier(
  providers: ProviderInfo[],
  providerId: string,
  tierId: string,
): TierInfo | undefined {
  return providers.find((p) => p.id === providerId)?.tiers.find((t) => t.id === tierId);
}

/** "10000" -> "0.01" (USDC has 6 decimals). */
export function formatUsdc(atomic: string | bigint): string {
  const value = BigInt(atomic);
  const whole = value / 1_000_000n;
  const fraction = (value % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction.padEnd(2, '0')}` : `${whole}.00`;
}

/** "0.01" -> 10000n. Throws on anything that is not a plain non-negative decimal. */
export function parseUsdc(text: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not an amount of USDC (e.g. 0.01)`);
  return BigInt(match[1]!) * 1_000_000n + BigInt((match[2] ?? '').padEnd(6, '0'));
}

export function describeRetention(days: number | null): string {
  if (days === null) return 'permanent';
  if (days % 365 === 0) return days === 365 ? '1 year' : `${days / 365} years`;
  return `${days} days`;
}
