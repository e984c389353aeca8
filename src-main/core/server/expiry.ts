// Upload lifetimes: "30m", "1h", "7d", "2w" or "never", the same words as the `server.defaultExpiry`
// setting, so a person writes one spelling everywhere.
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Longest lifetime a client may ask for; "never" is the way to keep an image for good. */
const MAX_MS = 10 * 365 * UNIT_MS.d;

/** Milliseconds of life, null for "never", undefined when the text is not a lifetime. */
export function parseExpiry(text: string): number | null | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'never') return null;
  const match = /^(\d{1,6})([mhdw])$/.exec(value);
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (ms <= 0 || ms > MAX_MS) return undefined;
  return ms;
}

/** ISO time the image expires at, or null when it never does. */
export function expiresAtFor(lifetimeMs: number | null, now: number): string | null {
  return lifetimeMs === null ? null : new Date(now + lifetimeMs).toISOString();
}
