// One plain run of Debian's `tesseract` on an image: the baseline the redaction benchmarks print beside
// Shotlink's own reading. It runs on one thread (OMP_THREAD_LIMIT=1): Debian's build spreads a page over
// OpenMP threads that spin while they wait, and on this shared 2-core machine that made one run of the
// 1080p terminal take 16–19 s instead of about 2 s (most of it system time), a baseline that flattered
// every ratio beside it.
import { execFileSync } from 'node:child_process';

export function plainTesseract(file: string): void {
  execFileSync('tesseract', [file, '-'], {
    stdio: ['ignore', 'ignore', 'ignore'],
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
  });
}
