import { useEffect, useState } from 'react';

/**
 * The current time in ms, re-read every `intervalFor(now)` ms: drives countdowns without a reload,
 * ticking every second only while something is about to expire.
 */
export function useNow(intervalFor: (now: number) => number): number {
  const [now, setNow] = useState(() => Date.now());
  const interval = intervalFor(now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), interval);
    return () => clearInterval(timer);
  }, [interval]);
  return now;
}
