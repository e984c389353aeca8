import { formatExpiry } from '../lib/countdown.ts';

/** "expires in 6 d 4 h" / "expired" / "permanent", coloured by how much time is left. */
export function Countdown({ expiresAt, now }: { expiresAt: string | null; now: number }) {
  const { text, tone } = formatExpiry(expiresAt, now);
  return (
    <span
      className={`badge badge-expiry badge-${tone}`}
      title={expiresAt ? new Date(expiresAt).toLocaleString() : undefined}
    >
      {text}
    </span>
  );
}
