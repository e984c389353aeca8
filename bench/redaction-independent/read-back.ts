// The independent read-back: Debian's `tesseract` (not the engine Shotlink uses), and the tolerant
// matching that decides whether a secret is still readable and whether an ordinary line still reads
// as it did before.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/** Text of one frame. Small screenshots (1×) are read at twice their size, where tesseract reads best. */
export async function tesseract(png: Buffer, dir: string, name: string): Promise<string> {
  const { width = 0 } = await sharp(png).metadata();
  const file = join(dir, `${name}.png`);
  const prepared = sharp(png).flatten({ background: '#ffffff' });
  await writeFile(
    file,
    await (width < 1800 ? prepared.resize({ width: width * 2, kernel: 'lanczos3' }) : prepared)
      .png()
      .toBuffer(),
  );
  return new Promise((resolve, reject) => {
    // One thread: Debian's OpenMP threads spin on a shared machine's cores, with the same text read.
    const child = spawn('tesseract', [file, 'stdout', '--psm', '3'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`tesseract exited ${code}: ${err}`)),
    );
  });
}

/**
 * Folds the confusions OCR engines make (case, `0`/`O`/`®`, `1`/`l`/`I`/`|`, `_` or `-` read as a space
 * or dropped) and keeps letters and digits only, so a secret matches however its separators were read.
 */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[o®©ø°]/g, '0')
    .replace(/[il|!¡]/g, '1')
    .replace(/[^a-z0-9]/g, '');
}

export const WINDOW = 8;

/** Whether about 8 consecutive characters of this random part can be read in the folded text. */
export function partReadable(part: string, foldedText: string): boolean {
  const p = fold(part);
  if (p.length <= WINDOW) return p.length > 0 && foldedText.includes(p);
  for (let i = 0; i + WINDOW <= p.length; i++) if (foldedText.includes(p.slice(i, i + WINDOW))) return true;
  return false;
}

export interface ReadText {
  folded: string;
  words: Set<string>;
}

export function prepare(text: string): ReadText {
  return { folded: fold(text), words: new Set(text.split(/\s+/).map(fold).filter(Boolean)) };
}

/** The words of a line worth checking: three or more letters and digits once folded. */
export function lineWords(line: string): string[] {
  return line
    .split(/\s+/)
    .map(fold)
    .filter((w) => w.length >= 3);
}

/** The share of a line's words found in the text: whole words, or longer ones inside a run of text. */
export function lineScore(line: string, text: ReadText): number {
  const words = lineWords(line);
  if (words.length === 0) return 0;
  const found = words.filter((w) => text.words.has(w) || (w.length >= 5 && text.folded.includes(w))).length;
  return found / words.length;
}
