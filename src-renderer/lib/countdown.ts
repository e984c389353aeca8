// The expiry countdown shown beside every upload: pure, so it is unit-tested without a clock.
// Units are floored, so "expires in 6 d 4 h" never promises more time than is left.

export type ExpiryTone = 'permanent' | 'expired' | 'soon' | 'ok';

export interface ExpiryLabel {
  text: string;
  tone: ExpiryTone;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** Under this much time left, the label turns to a warning colour. */
export const SOON_MS = DAY;

/** The two largest non-zero units of a duration, e.g. "6 d 4 h", "3 h", "12 min", "40 s". */
export function formatDuration(ms: number): string {
  const pairs: [number, string][] = [
    [YEAR, 'y'],
    [DAY, 'd'],
    [HOUR, 'h'],
    [MINUTE, 'min'],
    [SECOND, 's'],
  ];
  let rest = Math.max(0, Math.floor(ms));
  const start = pairs.findIndex(([unit]) => rest >= unit);
  if (start === -1) return '0 s';
  const parts: string[] = [];
  for (const [unit, name] of pairs.slice(start, start + 2)) {
    const count = Math.floor(rest / unit);
    rest -= count * unit;
    if (count > 0) parts.push(`${count} ${name}`);
  }
  return parts.join(' ');
}

/** "permanent", "expired" or "expires in 6 d 4 h", given the ISO expiry (null = never) and now in ms. */
export function formatExpiry(expiresAt: string | null, nowMs: number): ExpiryLabel {
  if (expiresAt === null) return { text: 'permanent', tone: 'permanent' };
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return { text: 'expiry unknown', tone: 'ok' };
  const left = at - nowMs;
  // Below one second there is nothing left to count: call it expired rather than "expires in 0 s".
  if (left < SECOND) return { text: 'expired', tone: 'expired' };
  return { text: `expires in ${formatDuration(left)}`, tone: left < SOON_MS ? 'soon' : 'ok' };
}

/** How often the countdown must re-render to stay exact: every second near the end, else every minute. */
export function refreshIntervalFor(expiresAt: (string | null)[], nowMs: number): number {
  const soonest = Math.min(
    ...expiresAt.map((e) => (e === null ? Infinity : Date.parse(e) - nowMs)).filter((left) => left > 0),
  );
  return soonest < HOUR ? SECOND : MINUTE;
}
