// Finds secrets and personal data in recognised text and says where they are in the image: each rule
// (rules.ts) runs over each line, and a match is mapped back to the boxes of the characters it spans.
// Rules run from the most specific to the most general, and a later match that overlaps an earlier one is
// dropped: a password in a URL is not also reported as an email address.
import type { Box, Finding } from '../../../src-shared/findings.ts';
import type { OcrLine, OcrResult } from './ocr.ts';
import { PRIVATE_KEY_END, RULES } from './rules.ts';

/** One line as a string, with each character's box (spaces between words get none). */
interface IndexedLine {
  text: string;
  boxes: (Box | null)[];
}

function indexLine(line: OcrLine): IndexedLine {
  let text = '';
  const boxes: (Box | null)[] = [];
  for (const [i, word] of line.words.entries()) {
    if (i > 0) {
      text += ' ';
      boxes.push(null);
    }
    // Symbols are Tesseract's characters; when it gives none (rare), the word's box is shared evenly.
    const chars =
      word.chars.length > 0 && word.chars.map((c) => c.text).join('') === word.text
        ? word.chars
        : [...word.text].map((text, k, all) => ({
            text,
            box: {
              x: word.box.x + (word.box.width * k) / all.length,
              y: word.box.y,
              width: word.box.width / all.length,
              height: word.box.height,
            },
          }));
    for (const char of chars) {
      for (let k = 0; k < char.text.length; k++) {
        text += char.text[k];
        boxes.push(char.box);
      }
    }
  }
  return { text, boxes };
}

/** The boxes covering characters [start, end) of a line: one per word the span touches. */
function spanBoxes(line: IndexedLine, start: number, end: number): Box[] {
  const result: Box[] = [];
  let current: Box | null = null;
  for (let i = start; i < end; i++) {
    const box = line.boxes[i];
    if (!box) {
      if (current) result.push(current);
      current = null;
      continue;
    }
    current = current ? union(current, box) : { ...box };
  }
  if (current) result.push(current);
  return result;
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

export function findSecrets(ocr: Pick<OcrResult, 'lines'>): Finding[] {
  const findings: Finding[] = [];
  const lines = ocr.lines.map(indexLine);
  const taken = lines.map(() => [] as [number, number][]);
  const overlaps = (i: number, start: number, end: number) =>
    taken[i]!.some(([s, e]) => start < e && s < end);

  for (const rule of RULES) {
    for (const [i, line] of lines.entries()) {
      for (const match of line.text.matchAll(rule.pattern)) {
        if (rule.accept && !rule.accept(match as RegExpExecArray)) continue;
        const group = rule.cover ?? 0;
        const value = match[group]!;
        const start = match.index + (group === 0 ? 0 : match[0].indexOf(value));
        const end = start + value.length;
        if (overlaps(i, start, end)) continue;
        taken[i]!.push([start, end]);
        if (rule.kind === 'private-key') {
          findings.push({ kind: rule.kind, boxes: privateKeyBlock(lines, taken, i) });
          continue;
        }
        const boxes = spanBoxes(line, start, end);
        if (boxes.length > 0) findings.push({ kind: rule.kind, boxes });
      }
    }
  }
  return findings;
}

/** A private key: its BEGIN line, every line down to END (or to the end of the text), all of it. */
function privateKeyBlock(lines: IndexedLine[], taken: [number, number][][], begin: number): Box[] {
  const boxes: Box[] = [];
  for (let i = begin; i < lines.length; i++) {
    const line = lines[i]!;
    boxes.push(...spanBoxes(line, 0, line.text.length));
    taken[i]!.push([0, line.text.length]);
    if (i > begin && PRIVATE_KEY_END.test(line.text)) break;
  }
  return boxes;
}
