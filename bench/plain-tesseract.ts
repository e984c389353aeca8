// One plain run of Debian's `tesseract` on an image: the baseline the redaction benchmarks print beside
// Shotlink's own reading, on one thread as every read-back is (test/support/debian-tesseract.ts). On OpenMP
// threads that spin on this shared 2-core machine one run of the 1080p terminal took 16–19 s instead of
// about 2 s, a baseline that flattered every ratio beside it.
import { tesseractText } from '../test/support/debian-tesseract.ts';

export function plainTesseract(file: string): void {
  tesseractText(file);
}
