// Removes expired images from disk on a timer. Between sweeps an expired image already answers 410
// (see library.lookup), so the interval only bounds how long the bytes linger on disk.
import type { Library } from './library.ts';

export function startSweeper(
  library: Library,
  options: { intervalMs: number; now: () => number; onError: (error: unknown) => void },
): { sweepNow(): Promise<number>; stop(): void } {
  let running: Promise<number> | null = null;
  const sweepNow = () => {
    // One sweep at a time; a tick that finds one running shares its result.
    running ??= library.sweep(options.now()).finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    sweepNow().catch(options.onError);
  }, options.intervalMs);
  timer.unref(); // never keeps a CLI process alive on its own
  return { sweepNow, stop: () => clearInterval(timer) };
}
