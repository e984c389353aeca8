// Debian's `tesseract`: the OCR independent of Shotlink's own, which reads back what the tests and the
// benchmarks redacted. It runs on one thread: Debian's build spreads a page over OpenMP threads that spin
// while they wait, and on a shared 2-core machine (CI, or beside Shotlink's own two OCR workers) that made
// one read-back take 5–8 times as long, with the same text.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const env = { ...process.env, OMP_THREAD_LIMIT: '1' };

/** The text Debian's tesseract reads in an image file (its default page layout, or `args`). */
export function tesseractText(file: string, args: string[] = []): string {
  return execFileSync('tesseract', [file, '-', ...args], {
    encoding: 'utf8',
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

/** The same, without blocking the event loop (a test's own servers keep answering meanwhile). */
export async function tesseractTextLater(file: string, args: string[] = []): Promise<string> {
  return (await promisify(execFile)('tesseract', [file, '-', ...args], { encoding: 'utf8', env })).stdout;
}

/**
 * Whether Debian's tesseract is installed. Under CI=true it must be (.ci/run installs it): a missing one
 * fails the run instead of skipping the suites that read back with it.
 */
export function hasTesseract(): boolean {
  try {
    execFileSync('tesseract', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI)
      throw new Error('CI must run the redaction read-back tests: Debian’s tesseract is missing');
    return false;
  }
}
