// Secrets and personal data in text a person or an agent is about to send (a comment's body), found by
// the same rules as in an image's recognised text (find.ts). Each line of the text is laid out as OCR
// would report it, one word after another, lines far apart so no line is taken for the wrapped end of
// the one above: text typed is never wrapped by a terminal. The rules' tolerance for OCR (a token read
// as several words, `_` read as a space) is for pictures of text: in typed text a token is one word, so
// a token finding that spans a space ("npm test`; uuid …" taken for `npm_…`) is dropped.
import type { FindingKind } from '../../../src-shared/findings.ts';
import { findSecrets } from './find.ts';
import type { OcrLine } from './ocr.ts';
import { VENDOR_RULES } from './rules.ts';

/** Where a finding is in text: its kind and the line it starts on (1, 2, …), never the text. */
export interface TextFinding {
  kind: FindingKind;
  line: number;
}

const CHAR = 10;
const LINE = 100;

/** Kinds that are one word when typed. */
const ONE_WORD = new Set<FindingKind>([...VENDOR_RULES.map((rule) => rule.kind), 'jwt', 'random-token']);

export function findSecretsInText(text: string): TextFinding[] {
  const source = text.split(/\r?\n/);
  const lines: OcrLine[] = source.map((line, n) => {
    const y = n * LINE;
    const words = [...line.matchAll(/\S+/g)].map((word) => ({
      text: word[0],
      box: { x: word.index * CHAR, y, width: word[0].length * CHAR, height: 16 },
      chars: [],
    }));
    return { text: line, box: { x: 0, y, width: line.length * CHAR, height: 16 }, words };
  });
  const textOf = (box: { x: number; y: number; width: number }) =>
    source[Math.round(box.y / LINE)]?.slice(box.x / CHAR, (box.x + box.width) / CHAR) ?? '';
  return findSecrets({ lines })
    .filter((finding) => !ONE_WORD.has(finding.kind) || !finding.boxes.some((box) => /\s/.test(textOf(box))))
    .map((finding) => ({ kind: finding.kind, line: Math.round((finding.boxes[0]?.y ?? 0) / LINE) + 1 }));
}
