// Finds secrets and personal data in recognised text and says where they are in the image.
//
// Every detector (rules.ts) only says where a secret *starts* and what kind it is; one function here,
// `extent`, decides where it ends, the same way for all of them: to the end of its word, through the
// fragments OCR split off it (`ghp 7fKq…`, a JWT read as five words), and onto the lines it wraps onto
// (a terminal wraps `Bearer e|yJhb…` mid-token). That is the tolerance for OCR, applied once.
//
// Detectors run from the most specific to the most general; a later match that starts inside an earlier
// one is dropped, so a password in a URL is not also reported as a random-looking token.
import { paddedBox } from '../../../src-shared/cover.ts';
import type { Box, Finding, FindingKind } from '../../../src-shared/findings.ts';
import type { OcrLine, OcrResult } from './ocr.ts';
import {
  LABEL,
  LABEL_TAIL,
  LINE_RULES,
  PERSONAL_FIELD,
  PRIVATE_KEY_BEGIN,
  PRIVATE_KEY_END,
  URL_BROKEN_HEAD,
  URL_BROKEN_REST,
  URL_PASSWORD_ACCEPT,
  VENDOR_RULES,
  fold,
  headerLike,
  keyBodyLine,
  looksSecret,
  randomLooking,
  tokenCore,
} from './rules.ts';

interface Word {
  start: number;
  end: number;
  box: Box;
}

/** One line as a string, with each character's box (spaces between words get none). */
interface Line {
  text: string;
  folded: string;
  boxes: (Box | null)[];
  words: Word[];
  box: Box;
}

interface Span {
  line: number;
  start: number;
  end: number;
}

interface Candidate {
  kind: FindingKind;
  spans: Span[];
  mayRemain?: string;
  /** Where to cover when no text of the value was read (a form's field OCR left blank). */
  area?: Box;
}

function indexLine(line: OcrLine): Line {
  let text = '';
  const boxes: (Box | null)[] = [];
  const words: Word[] = [];
  for (const [i, word] of line.words.entries()) {
    if (i > 0) {
      text += ' ';
      boxes.push(null);
    }
    const start = text.length;
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
    if (text.length > start) words.push({ start, end: text.length, box: word.box });
  }
  return { text, folded: fold(text), boxes, words, box: line.box };
}

/**
 * The box covering characters [start, end) of a line, the gaps between its words included: a token OCR
 * split in pieces may have a piece it did not read at all between two it did.
 */
function spanBoxes(line: Line, start: number, end: number): Box[] {
  let current: Box | null = null;
  for (let i = start; i < end; i++) {
    const box = line.boxes[i];
    if (box) current = current ? union(current, box) : { ...box };
  }
  if (!current) return [];
  // No taller than the line: the recogniser's character boxes are estimates that can reach into the
  // lines above and below, while the line's own box is measured from its ink.
  const top = Math.max(current.y, line.box.y);
  const bottom = Math.min(current.y + current.height, line.box.y + line.box.height);
  return [bottom > top ? { ...current, y: top, height: bottom - top } : current];
}

/** A span without the borders and punctuation at either end: from its first letter or digit to its last. */
function inkOf(line: Line, span: { start: number; end: number }): { start: number; end: number } {
  let { start, end } = span;
  while (start < end && !/[A-Za-z0-9]/.test(line.text[start]!)) start++;
  while (end > start && !/[A-Za-z0-9]/.test(line.text[end - 1]!)) end--;
  return { start, end };
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

const lettersAndDigits = (text: string) => text.replace(/[^A-Za-z0-9]/g, '');

/** A piece a token could have been read in: eight letters and digits or more, a letter beside a digit. */
const tokenPiece = (text: string) => lettersAndDigits(text).length >= 8 && /[A-Za-z]\d|\d[A-Za-z]/.test(text);

/** A word without the quotes, brackets and commas around it. */
const tokenOf = (word: string): string => {
  const { start, end } = tokenCore(word);
  return word.slice(start, end);
};

/**
 * A word OCR split off a token: letters and digits in no word's order (a case change inside, letters
 * beside digits, a confusable such as `]` among letters), or a lone separator.
 */
export function fragment(word: string): boolean {
  const core = tokenOf(word);
  if (/^[._\-=/+]{1,2}$/.test(core)) return true;
  // A word in brackets (`[None]:`, `[INFO]`) is a tag or a default, not a piece of a token.
  if (/^\[[A-Za-z0-9 ._-]*\]:?$/.test(word)) return false;
  // OCR reads a token's letters as accented ones or as currency signs now and then (é, ¢, £), and an
  // f or a t as a brace. In a long piece it also makes up a character or two no token has (`?` or `€`
  // for a 9, an em dash for a hyphen): up to two of them inside, not at its ends, with at least eight
  // letters and digits around them.
  if (core.length < 2) return false;
  if (!/^[A-Za-z0-9_\-+/=.~®©@|!\][À-ÿ¢£§{}]+$/.test(core)) {
    const odd = core.replace(/[A-Za-z0-9_\-+/=.~®©@|!\][À-ÿ¢£§{}]/g, '');
    if (
      odd.length > 2 ||
      !/^[?€¥%&*\u2010-\u2015]+$/.test(odd) ||
      lettersAndDigits(core).length < 8 ||
      !/^[A-Za-z0-9].*[A-Za-z0-9]$/.test(core)
    )
      return false;
  }
  if (/^\d+$/.test(core)) return core.length >= 8;
  return (
    /[a-z][A-Z]/.test(core) ||
    /[A-Za-z]\d|\d[A-Za-z]/.test(core) ||
    /[A-Z]{2,}.*[a-z]|[a-z].*[A-Z]{2,}/.test(core) ||
    /[A-Za-z0-9][|\][®©]|[|\][®©][A-Za-z0-9]/.test(core)
  );
}

/**
 * A word that can only be the rest of a token: long, and in no word's order (or random outright), or a
 * multi-part token's numeric ids (Slack's `13931617469-7849070732770-`).
 */
const tokenRest = (word: string): boolean =>
  lettersAndDigits(word).length >= 6 &&
  (fragment(word) || randomLooking(word, true) || /^\d{6,}(?:-\d{6,})+-?$/.test(tokenOf(word)));

/** A value its closing quote ends (`"sk_test_…",`): it does not go on at the next line. */
const closed = (word: string): boolean => /[A-Za-z0-9]["'`’”][,;)]?$/.test(word);

/** English words that begin a line of prose far more often than a token's random rest is one of them. */
const FUNCTION_WORD =
  /^(?:the|an|and|or|but|to|of|in|on|at|for|is|are|was|it|its|be|by|as|with|from|this|that|you|your|we|our|if|not|no|so|then|when|all)$/i;

/**
 * A capitalised word (`Retrying`, `Token`), an English function word opening prose (`the monkey: …`), or
 * words joined into a name or a path (`node_modules/.bin/vite`): a line of its own, not the rest of a
 * random token. (Another lower-case piece, `abcdef`, may well be a token's rest.)
 */
const plainWord = (word: string): boolean => {
  const core = tokenOf(word);
  const parts = core.split(/[_\-=.:/@]+/).filter(Boolean);
  return (
    /^[A-Z][a-z]{4,}$/.test(core) ||
    FUNCTION_WORD.test(core) ||
    (parts.length >= 2 &&
      lettersAndDigits(core).length >= 5 &&
      parts.every((part) => /^(?:[a-z]+|[A-Z]+|[A-Z]?[a-z]+)$/.test(part)))
  );
};

const CELL_GOES_ON = 'its table cell may go on in the row below, which was left readable';

/** The word of a line at or after a character position. */
const wordAt = (line: Line, position: number) => line.words.findIndex((w) => w.end > position);

/**
 * What the rest of a wrapped token can look like at the start of the next line: token characters only
 * (OCR may add a quote), not a name or a prompt. Letters OCR misread as accented ones or currency signs
 * (é, £) are token characters too, as are the odd characters OCR makes up inside one (`?`, `€`, an em
 * dash), and what closes a value may follow: its quote, a bracket, a comma (`…Km",`, `…Od")`, `…Od");`).
 */
const CONTINUATION =
  /^[A-Za-z0-9+/_\-.~®©|!\][À-ÿ¢£§][A-Za-z0-9+/_\-.~®©|!\]['’`À-ÿ¢£§{}?€\u2010-\u2015]*=*["'`’”]?[)\]},;]{0,3}$/;

/**
 * A shell prompt opening a line (`$`, `#`, `>`, `%`, `❯`, `➜` alone): the line above ended there, it
 * did not wrap onto it, even when both happen to end at the same column.
 */
const PROMPT = /^[$#>%❯➜»]$/;

const firstWord = (line: Line): string => {
  const first = line.words[0];
  return first ? line.text.slice(first.start, first.end) : '';
};

/**
 * Whether a line starts with what can only be a wrapped token's rest, judged with the pieces OCR split
 * off its first word: large text read in pieces (`eS _TysXPJm-`, `PFC7m b4wPjUU…`) has a first word too
 * short to be judged alone, but one in no word's order (a case change, letters beside digits), and the
 * piece glued to it or right after it a token's piece too. A plain first word (`Run actions/…`) is not.
 */
const startsWithRest = (line: Line): boolean => {
  const [first, second] = line.words;
  if (!first) return false;
  const word = line.text.slice(first.start, first.end);
  // An assignment or a label (`REGION=eu-west-1`, `owner:ana`) starts a line of its own: a token's rest
  // has no `=` or `:` after a name (base64 pads with `=` only at its end).
  if (/^[A-Za-z_][A-Za-z0-9_.-]*[=:]./.test(word)) return false;
  if (tokenRest(tokenOf(word))) return true;
  if (!second || !fragment(word)) return false;
  const piece = line.text.slice(second.start, second.end);
  const height = Math.max(8, line.box.height);
  const close = second.box.x - (first.box.x + first.box.width) < 0.15 * height;
  return (close || fragment(piece)) && tokenRest(tokenOf(word + piece));
};

/**
 * Whether the start of a line may be a wrapped token's rest, for the report alone: its first word is
 * one, or the word after a short piece that is no word (OCR made up `Hw)` before `7veK6fSk…`; a line
 * starting `Run actions/checkout@v4` or `I pasted …` starts with a word).
 */
const mayStartWithRest = (line: Line): boolean => {
  if (startsWithRest(line)) return true;
  const [first, second] = line.words;
  if (!first || !second) return false;
  const word = line.text.slice(first.start, first.end);
  const piece = line.text.slice(second.start, second.end);
  return (
    word.length <= 3 &&
    !/^[A-Z]?[a-z]*[.,:;!?]?$/.test(word) &&
    !PROMPT.test(word) &&
    !plainWord(piece) &&
    tokenRest(tokenOf(piece))
  );
};

export function findSecrets(ocr: Pick<OcrResult, 'lines'> & { width?: number }): Finding[] {
  const lines = ocr.lines.map(indexLine);
  const rightMost = Math.max(0, ...lines.map((l) => l.box.x + l.box.width));
  const leftMost = Math.min(...lines.map((l) => l.box.x));
  const taken = lines.map(() => [] as [number, number][]);
  const candidates: Candidate[] = [];

  /**
   * Whether a line is followed by the next part of a wrapped value: full to the right, and close below.
   * `unreadStart`: the next line may start a few characters right of this one (OCR did not read the
   * first characters of a wrapped value's row); the caller checks that its first word is token-like.
   */
  const wrapsOnto = (i: number, unreadStart = false): boolean => {
    const line = lines[i]!;
    const next = lines[i + 1];
    if (!next || next.words.length === 0) return false;
    const height = Math.max(8, line.box.height);
    const right = line.box.x + line.box.width;
    return (
      right >= rightMost - 2.5 * height &&
      next.box.y - (line.box.y + line.box.height) <= 1.5 * height &&
      next.words[0]!.box.x <= line.words[0]!.box.x + (unreadStart ? 6 : 1) * height
    );
  };

  /**
   * Whether the next line starts where a value broken inside a narrower box (a chat's bubble, a
   * message column) goes on: close below, at this line's own left edge, not at the page's margin. Only
   * taken for a first word that is token-like itself (see `extent`).
   */
  const wrapsInBox = (i: number, broken = false): boolean => {
    const line = lines[i]!;
    const next = lines[i + 1];
    if (!next || next.words.length === 0 || line.words.length === 0) return false;
    const height = Math.max(8, line.box.height);
    // A line broken where its box ends is as wide as the box: at least as wide as the line below it
    // (unless it was `broken` at a hyphen or a slash the text itself offers, which can come earlier).
    return (
      next.box.y - (line.box.y + line.box.height) <= 1.2 * height &&
      Math.abs(next.words[0]!.box.x - line.words[0]!.box.x) <= 1.5 * height &&
      (broken || line.box.x + line.box.width >= next.box.x + next.box.width - 1.5 * height)
    );
  };

  /**
   * Whether the next line is set centred under this one, which fills the text's width from its left to
   * its right edge: centred text (a slide's) sets a wrapped token's last, shorter row in the middle, not
   * at the left. Only taken for a token that fills its row (see `extent`): a table's header row can
   * happen to be centred over a cell's value too.
   */
  const wrapsCentred = (i: number): boolean => {
    const line = lines[i]!;
    const next = lines[i + 1];
    if (!next || next.words.length === 0 || line.words.length === 0) return false;
    const height = Math.max(8, line.box.height);
    const centre = (box: Box) => box.x + box.width / 2;
    return (
      next.box.y - (line.box.y + line.box.height) <= 1.2 * height &&
      line.box.x <= leftMost + 1.5 * height &&
      line.box.x + line.box.width >= rightMost - 1.5 * height &&
      Math.abs(centre(next.box) - centre(line.box)) <= 1.5 * height &&
      next.box.width < line.box.width
    );
  };

  /**
   * Whether a line ends where its text offers a break (a hyphen or a slash, `sk-proj-pVL2RPMkK8-`): a
   * chat's bubble breaks a token there, before its right edge, so the line can be narrower than the next.
   */
  const brokenAtHyphen = (line: Line): boolean => /[A-Za-z0-9][-/\u2010-\u2015]$/.test(line.text);

  /** Whether the text the next line starts with may be where this line broke: at the page's margin or a box's. */
  const brokenOnto = (i: number): boolean => wrapsOnto(i, true) || wrapsInBox(i, true);

  /**
   * Whether a line runs to the right margin, as a line a terminal broke mid-word does (within a character
   * or so). There is a margin only where another line ends there too: the widest line of a page that
   * does not wrap runs to no margin.
   */
  const atMargin = lines.map((line) => {
    const charWidth = line.box.width / Math.max(1, line.text.length);
    return line.box.x + line.box.width >= rightMost - 1.5 * charWidth;
  });
  const wrapped = atMargin.filter(Boolean).length >= 2;
  const full = (i: number): boolean => wrapped && atMargin[i]!;

  /** Whether word b starts so close after word a that on screen they are one word, split by OCR alone. */
  const glued = (line: Line, a: Word, b: Word): boolean =>
    b.box.x - (a.box.x + a.box.width) < 0.15 * Math.max(8, line.box.height);

  /**
   * Where a secret starting at [start, end) on line i really ends: through its word, the fragments after
   * it, and the start of the next line while the line wraps.
   */
  const extent = (i: number, start: number, end: number): Span[] => {
    const spans: Span[] = [];
    let lineIndex = i;
    let from = start;
    let to = end;
    for (let hops = 0; hops < 8; hops++) {
      const line = lines[lineIndex]!;
      let w = wordAt(line, Math.max(from, to - 1));
      if (w >= 0) {
        to = Math.max(to, line.words[w]!.end);
        while (w + 1 < line.words.length) {
          const next = line.words[w + 1]!;
          if (fragment(line.text.slice(next.start, next.end)) || glued(line, line.words[w]!, next)) {
            to = next.end;
            w++;
            continue;
          }
          // One or two short pieces OCR cut off (`Jp`, a serif face's `kdjfh`, an I or l read as `|`)
          // between two fragments are part of the token too.
          const short = (k: number) => {
            const piece = line.words[k];
            return (
              piece !== undefined && /^[A-Za-z0-9|!\][]{1,6}$/.test(line.text.slice(piece.start, piece.end))
            );
          };
          const fragmentAt = (k: number) => {
            const piece = line.words[k];
            // A piece of the token itself, not a lone separator (`+` in `1204 prompt + 388`).
            const text = piece ? line.text.slice(piece.start, piece.end) : '';
            return lettersAndDigits(text).length >= 4 && fragment(text);
          };
          const skip =
            short(w + 1) && fragmentAt(w + 2) ? 2 : short(w + 1) && short(w + 2) && fragmentAt(w + 3) ? 3 : 0;
          if (skip > 0) {
            w += skip;
            to = line.words[w]!.end;
            continue;
          }
          break;
        }
      }
      spans.push({ line: lineIndex, start: from, end: to });
      const last = w === line.words.length - 1 || w < 0;
      const nextLine = lines[lineIndex + 1];
      const first = nextLine?.words[0];
      const word = nextLine ? firstWord(nextLine) : '';
      // A plain piece (`abc`) is the rest too when the line above runs to the margin: a terminal broke it.
      // A value closed by its quote (`…N19",`) ends there. A plain word of five letters or more
      // (`Retrying`, `node_modules/.bin/vite`) is a line of its own, not a token's rest, whatever the
      // margin. In a box narrower than the page (a chat's bubble), only a word that is plainly a token's rest.
      // In a box narrower than the page, or under a centred row the token fills, the next line's start is
      // judged with the pieces OCR split off its first word (`eS _TysXPJm-`).
      const wrapsHere =
        last &&
        nextLine !== undefined &&
        first !== undefined &&
        !closed(line.text.slice(line.words[line.words.length - 1]!.start)) &&
        CONTINUATION.test(word) &&
        ((wrapsOnto(lineIndex, true) &&
          (fragment(word) || randomLooking(word, true) || (full(lineIndex) && !plainWord(word)))) ||
          ((wrapsInBox(lineIndex, brokenAtHyphen(line)) ||
            (wrapsCentred(lineIndex) && from <= line.words[0]!.start)) &&
            startsWithRest(nextLine)));
      // Otherwise a value wrapped inside a table's cell: the next row of the cell starts below the
      // value's own start (not the line's), and the cell's last word is followed by the next column.
      const next = wrapsHere ? first : cellContinuation(spans[0]!, lineIndex, w, from);
      if (!next) break;
      lineIndex++;
      from = next.start;
      to = next.end;
    }
    return spans;
  };

  /** The word of line i + 1 that goes on a value wrapped in a cell whose value starts at `first`. */
  const cellContinuation = (first: Span, i: number, w: number, from: number): Word | undefined => {
    const line = lines[i]!;
    const next = lines[i + 1];
    if (!next || w < 0) return undefined;
    // Only a long token wraps in its cell: this row of it is one (a short value, `1204`, does not go on).
    const row = line.text.slice(from, line.words[w]!.end);
    const rowValue = tokenOf(row);
    if (lettersAndDigits(rowValue).length < 12 || !(fragment(rowValue) || randomLooking(rowValue, true)))
      return undefined;
    const height = Math.max(8, line.box.height);
    // A column's gap: more than the space between two words.
    const apart = (a: Word, b: Word) => b.box.x - (a.box.x + a.box.width) >= 0.8 * height;
    // The row ends the cell: the next column stands apart, or the row ends where the value's first row
    // does (OCR may have read the cell's border as a character or two after it).
    const after = line.words[w + 1];
    const own = line.words[wordAt(line, from)];
    const firstLine = lines[first.line]!;
    const firstEnd = firstLine.boxes[first.end - 1];
    // Not when the token itself goes on along the line: a piece of it right after what was read as the
    // border (`…Kkotc | BVtFI…`), which extent did not take.
    const beyond = line.words[w + 2];
    const goesOn =
      after !== undefined &&
      beyond !== undefined &&
      !apart(after, beyond) &&
      fragment(line.text.slice(beyond.start, beyond.end));
    const endsRow =
      !after ||
      apart(line.words[w]!, after) ||
      (own !== undefined &&
        !goesOn &&
        firstEnd != null &&
        Math.abs(own.box.x + own.box.width - (firstEnd.x + firstEnd.width)) <= 1.5 * height);
    if (!endsRow) return undefined;
    if (next.box.y - (line.box.y + line.box.height) > height) return undefined;
    const column = firstLine.boxes[first.start]?.x;
    if (column === undefined) return undefined;
    const k = next.words.findIndex((x) => x.box.x >= column - 0.5 * height && x.box.x <= column + 6 * height);
    const word = next.words[k];
    if (!word) return undefined;
    // The word before it, if any, stands apart (another column), and it is token-like itself.
    const before = next.words[k - 1];
    if (before && !apart(before, word)) return undefined;
    const text = next.text.slice(word.start, word.end);
    const value = tokenOf(text);
    // Its rest is letters and digits (a default in brackets, `[None]:`, is not), and no wider than the
    // row above it, which filled the cell (a longer token below is one of its own).
    if (/[[\]]/.test(text) || lettersAndDigits(value).length < 4) return undefined;
    const rowEnd = line.words[w]!.box.x + line.words[w]!.box.width;
    if (word.box.x + word.box.width > rowEnd + 1.5 * height) return undefined;
    return fragment(value) || randomLooking(value, true) ? word : undefined;
  };

  /** Records a finding unless its first span is taken already; returns it when recorded. */
  const add = (kind: FindingKind, spans: Span[], mayRemain?: string): Candidate | undefined => {
    const [first] = spans;
    if (!first) return undefined;
    if (taken[first.line]!.some(([s, e]) => first.start < e && s < first.end)) return undefined;
    for (const span of spans) taken[span.line]!.push([span.start, span.end]);
    const candidate: Candidate = { kind, spans, ...(mayRemain !== undefined && { mayRemain }) };
    candidates.push(candidate);
    return candidate;
  };

  // 1. Private keys: the BEGIN line and the body below it, down to END or to the first line that is not
  // key material (the END line may be off screen; ordinary lines below stay readable). The block is
  // covered as a block (keyBlocks, below): each line from the block's left margin to its right end.
  /** Whether line b shares line a's row (OCR split one row of text in two lines). */
  const sameRow = (a: Line, b: Line) => {
    const top = Math.max(a.box.y, b.box.y);
    const bottom = Math.min(a.box.y + a.box.height, b.box.y + b.box.height);
    return bottom - top >= 0.5 * Math.min(a.box.height, b.box.height);
  };
  const keyBlocks = new Map<Candidate, { reachesBottom: boolean }>();
  /** Values found under a column header or a field label: a table's cell may wrap them further down. */
  const inCell = new Set<Candidate>();
  for (let i = 0; i < lines.length; i++) {
    if (!PRIVATE_KEY_BEGIN.test(lines[i]!.text)) continue;
    const spans: Span[] = [{ line: i, start: 0, end: lines[i]!.text.length }];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const text = lines[j]!.text;
      if (PRIVATE_KEY_END.test(text)) {
        spans.push({ line: j, start: 0, end: text.length });
        break;
      }
      const previous = lines[spans[spans.length - 1]!.line]!;
      // A key line a terminal wrapped leaves a short rest below a line that runs to the margin, and OCR
      // splits a row in two lines now and then (its first characters alone): both are the key.
      const rest =
        /^[A-Za-z0-9+/=®©|!\][''`]{2,}$/.test(text.replace(/\s+/g, '')) &&
        text.trim().split(/\s+/).length <= 3;
      if (!keyBodyLine(text) && !((full(j - 1) || sameRow(previous, lines[j]!)) && rest)) break;
      spans.push({ line: j, start: 0, end: text.length });
    }
    const ended = j < lines.length && PRIVATE_KEY_END.test(lines[j]!.text);
    const block = add(
      'private-key',
      spans,
      ended || j < lines.length || spans.length > 1
        ? undefined
        : 'the key runs past the bottom of the image; what is on screen is covered',
    );
    if (block) keyBlocks.set(block, { reachesBottom: !ended && j >= lines.length });
    i = j;
  }

  // 2. Vendor tokens by their prefixes, anywhere a word or a value starts (one stray letter allowed).
  for (const [i, line] of lines.entries()) {
    for (let p = 0; p < line.text.length; p++) {
      const before = p === 0 ? ' ' : line.text[p - 1]!;
      const starts = /[\s=:"'`(,[/<>]/.test(before);
      const strayStart =
        p >= 1 && /[A-Za-z0-9®]/.test(before) && (p === 1 || /[\s=:"'`(]/.test(line.text[p - 2]!));
      if (!starts && !strayStart) continue;
      const rest = line.folded.slice(p);
      for (const rule of VENDOR_RULES) {
        const prefix = rule.prefix.exec(rest);
        if (!prefix) continue;
        const spans = extent(i, p, p + prefix[0].length);
        const text = spans.map((s) => lines[s.line]!.text.slice(s.start, s.end)).join('');
        const token = lettersAndDigits(text);
        if (token.length < rule.min) continue;
        if (rule.random && !randomLooking(text.slice(prefix[0].length), true)) continue;
        const tokenStart = strayStart && !starts ? p - 1 : p;
        add(
          rule.kind,
          [{ ...spans[0]!, start: tokenStart }, ...spans.slice(1)],
          token.length < rule.real
            ? 'it reads shorter than such a token is: part of it may not have been recognised'
            : undefined,
        );
        p = spans[0]!.end;
        break;
      }
    }
  }

  // 3. Shapes with their own separators: passwords in URLs, webhooks, emails, cards, phones, IPs.
  // First a URL broken between its user and its password (`git clone https://ci-` ⏎ `bot:pass@host`): the
  // password starts the next line.
  for (const [i, line] of lines.entries()) {
    const next = lines[i + 1];
    if (!next || !URL_BROKEN_HEAD.test(line.text) || !brokenOnto(i)) continue;
    const match = URL_BROKEN_REST.exec(next.text);
    if (!match || !URL_PASSWORD_ACCEPT(match)) continue;
    const start = match[0].length - match[1]!.length;
    add('url-password', [{ line: i + 1, start, end: match[0].length }]);
  }

  for (const rule of LINE_RULES) {
    for (const [i, line] of lines.entries()) {
      for (const match of line.text.matchAll(rule.pattern)) {
        if (rule.accept && !rule.accept(match as RegExpExecArray)) continue;
        const group = rule.cover ?? 0;
        const value = match[group]!;
        const start = match.index + (group === 0 ? 0 : match[0].indexOf(value));
        const end = start + value.length;
        const spans: Span[] =
          rule.kind === 'discord-token' ? extent(i, start, end) : [{ line: i, start, end }];
        // A URL's password the line broke (`postgres://deploy:Zk3p` ⏎ `Q9xW@db.internal`): its rest, to
        // the `@`, starts the next line.
        const rest = lines[i + 1] && /^[^\s@/:]{1,128}@/.exec(lines[i + 1]!.text);
        if (
          rule.kind === 'url-password' &&
          !value.endsWith('@') &&
          end === line.text.length &&
          rest &&
          brokenOnto(i)
        )
          spans.push({ line: i + 1, start: 0, end: rest[0].length });
        add(rule.kind, spans);
      }
    }
  }

  // 4. Values after a secret-like label, on the same line or, when the label ends the line, the next.
  for (const [i, line] of lines.entries()) {
    for (const match of line.text.matchAll(LABEL)) {
      const labelEnd = match.index + match[0].length;
      let valueLine = i;
      let start = -1;
      let end = -1;
      let separator = '';
      const inWord = line.words.find((word) => word.start < labelEnd && word.end > labelEnd);
      if (inWord) {
        // NAME=value, "key":"value", authToken=value: one word; "Key:" alone: the value follows.
        const sep = /^["'`]?\s?(?:[:=]{1,2}|=>)["'`]?/.exec(line.text.slice(labelEnd, inWord.end));
        if (!sep) continue;
        separator = sep[0];
        if (labelEnd + sep[0].length < inWord.end) {
          start = labelEnd + sep[0].length;
          end = inWord.end;
        }
      }
      if (start < 0) {
        const from = inWord ? inWord.end : labelEnd;
        let k = line.words.findIndex((word) => word.start >= from);
        // "Key [None]: value", "key = value" and "| key | value |": the bracket, the sign or the table's
        // rule are words of their own.
        while (k >= 0 && k < line.words.length - 1) {
          const piece = line.text.slice(line.words[k]!.start, line.words[k]!.end);
          if (!/^(?:\[[^\]]{0,12}\]:?|[:=]{1,2}|=>|[|]{1,2})$/.test(piece)) break;
          k++;
        }
        if (k >= 0) {
          separator += line.text.slice(from, line.words[k]!.start);
          if (!LABEL_TAIL.test(separator.replace(/\[[^\]]{0,12}\]/, ''))) continue;
          start = line.words[k]!.start;
          end = line.words[k]!.end;
        } else if (lines[i + 1] && (wrapsOnto(i) || (wrapsInBox(i, true) && startsWithRest(lines[i + 1]!)))) {
          // The label ends its line: the value is the first word of the next (at the margin, or, where
          // large text broke the line before the value, a token's start right below the label's line).
          valueLine = i + 1;
          start = lines[i + 1]!.words[0]!.start;
          end = lines[i + 1]!.words[0]!.end;
          separator += ' ';
        } else continue;
      }
      const text = lines[valueLine]!.text;
      const core = tokenCore(text.slice(start, end));
      // Judged whole: a value wrapped onto the next line (`Bearer e` ⏎ `yJhb…`) is one value.
      const spans = extent(valueLine, start + core.start, start + core.end);
      const value = tokenCore(spans.map((s) => lines[s.line]!.text.slice(s.start, s.end)).join(''));
      const joined = spans.map((s) => lines[s.line]!.text.slice(s.start, s.end)).join('');
      // The separator as written, with the quote that opens the value (`= "…"`).
      const written = separator + text.slice(start, start + core.start);
      if (!looksSecret(match[0], joined.slice(value.start, value.end), written)) continue;
      const bearer = /^(?:bearer|token)$/i.test(match[0]) && /authorization/i.test(line.text);
      add(bearer ? 'bearer-token' : 'labelled-secret', spans);
    }
  }

  /** A line of one word, or of cells: two of its words a column's gap apart, or a table's rule. */
  const rowLike = (row: Line) =>
    row.words.length === 1 ||
    row.words.some((w, k) => {
      const next = row.words[k + 1];
      const height = Math.max(8, row.box.height);
      return (
        /^[|]{1,2}$/.test(row.text.slice(w.start, w.end)) ||
        (next !== undefined && next.box.x - (w.box.x + w.box.width) >= 1.2 * height)
      );
    });

  // 5. A column header or a field label naming a secret, with the value below it.
  for (const [i, line] of lines.entries()) {
    // A line with a finding of its own is a label and its value (`AWS Access Key ID [None]: AKIA…`),
    // not a row of headers.
    if (line.words.length > 8 || taken[i]!.length > 0) continue;
    // A header is a cell of its own: far from the words beside it (a table's columns), or alone.
    // The header's words [first, last] stand apart from the words beside them.
    const apart = (first: number, last: number) => {
      const height = line.words[last]!.box.height;
      const gap = (a?: Word, b?: Word) => !a || !b || b.box.x - (a.box.x + a.box.width) >= 1.2 * height;
      const text = (w?: Word) => (w ? line.text.slice(w.start, w.end) : '');
      return (
        (gap(line.words[first - 1], line.words[first]) || text(line.words[first - 1]) === '|') &&
        (gap(line.words[last], line.words[last + 1]) || text(line.words[last + 1]) === '|')
      );
    };
    const headers = line.words.flatMap((w, k): Word[] => {
      const one = line.text.slice(w.start, w.end).replace(/[|:]/g, '');
      if (headerLike(one) && apart(k, k)) return [w];
      const before = line.words[k - 1];
      if (!before) return [];
      // Two words (`API key`): one header, as wide as both.
      const two = line.text.slice(before.start, w.end).replace(/[|:]/g, '');
      return headerLike(two) && apart(k - 1, k)
        ? [{ start: before.start, end: w.end, box: union(before.box, w.box) }]
        : [];
    });
    for (const header of headers) {
      const height = Math.max(8, header.box.height);
      const left = header.box.x - 3 * height;
      for (let j = i + 1; j <= Math.min(lines.length - 1, i + 8); j++) {
        const below = lines[j]!;
        // A plain word running through the header's left edge is prose after the table: the column ends.
        const through = (w: Word) =>
          w.box.x < header.box.x - height &&
          w.box.x + w.box.width > header.box.x + height &&
          !randomLooking(tokenOf(below.text.slice(w.start, w.end)), true);
        if (below.words.some(through)) break;
        // Past the first line below, only a table's rows go on in the column: a line of words a space
        // apart (`Image: ghcr.io/…`, `commit 4f2a9c1 Fix …`) is prose after the table or the form.
        if (j > i + 1 && !rowLike(below)) break;
        for (const word of below.words) {
          if (word.box.x < left || word.box.x > header.box.x + header.box.width + height) continue;
          const core = tokenCore(below.text.slice(word.start, word.end));
          // Judged whole, with the pieces OCR split it into.
          const spans = extent(j, word.start + core.start, word.start + core.end);
          const joined = spans.map((s) => lines[s.line]!.text.slice(s.start, s.end)).join('');
          if (randomLooking(tokenOf(joined), true)) {
            const value = add('labelled-secret', spans);
            if (value) inCell.add(value);
          }
        }
      }
    }
  }

  // 5b. A form's field label naming a secret or personal data, alone on its line, with room below it for
  // a row OCR did not read at all (text in a bordered field on a dark page can come back as nothing):
  // the row is covered, from the label's left to the image's right edge (a field can be wider than any
  // text read; without the image's width, to 40 line heights past the label), short of the next line
  // read, and the report says the value was not read, so a person looks.
  for (const [i, line] of lines.entries()) {
    const next = lines[i + 1];
    if (!next || line.words.length === 0 || line.words.length > 2) continue;
    const label = line.text.replace(/[:*]+$/, '').trim();
    const personal = PERSONAL_FIELD.find(([pattern]) => pattern.test(label))?.[1];
    if (!personal && !headerLike(label)) continue;
    const height = Math.max(8, line.box.height);
    const top = line.box.y + line.box.height;
    if (next.box.y - top < 1.5 * height) continue;
    candidates.push({
      kind: personal ?? 'labelled-secret',
      spans: [],
      area: {
        x: line.box.x,
        y: top,
        width: (ocr.width ?? Math.max(rightMost, line.box.x + 40 * height)) - line.box.x,
        height: next.box.y - top,
      },
      mayRemain:
        'its field was read as empty: the space under its label is covered, but the value may lie elsewhere',
    });
  }

  // 6. Defence in depth: any long random-looking word, whatever OCR made of its prefix or label.
  for (const [i, line] of lines.entries()) {
    for (const word of line.words) {
      const text = line.text.slice(word.start, word.end);
      // A value glued to its label (NAME=value) is judged without the label.
      const eq = /^[A-Za-z_.-]{1,40}[:=]["']?/.exec(text);
      const offset = eq ? eq[0].length : 0;
      const core = tokenCore(text.slice(offset));
      const value = text.slice(offset + core.start, offset + core.end);
      if (randomLooking(value, false))
        add('random-token', extent(i, word.start + offset + core.start, word.start + offset + core.end));
    }
  }

  /**
   * Where a finding that starts a word really starts: through the words before it that are one word on
   * screen with it (glued, or a piece of a dotted token such as `SG.xxx` before `.yyy`).
   */
  const startOf = (span: Span): Span => {
    const line = lines[span.line]!;
    let w = line.words.findIndex((word) => word.start === span.start);
    let start = span.start;
    while (w > 0) {
      const previous = line.words[w - 1]!;
      const word = line.words[w]!;
      const text = line.text.slice(previous.start, previous.end);
      const gap = word.box.x - (previous.box.x + previous.box.width);
      const dotted = /[._-]$/.test(text) || /^[._-]/.test(line.text.slice(word.start, word.end));
      const height = Math.max(8, line.box.height);
      if (!glued(line, previous, word) && !(fragment(text) && (dotted ? gap < height : gap < 0.5 * height)))
        break;
      start = previous.start;
      w--;
    }
    return { ...span, start };
  };

  /**
   * The head of a token a terminal wrapped, when what was found is only its rest: the finding starts its
   * line, the line above runs to the margin, and ends in pieces of a token nothing else took
   * (`client.login ("MTkfXmQ4Puxo5hot f6ISOTbW.W6ZZut .LY_Ydgl7bQ` ⏎ `OxZAInpoOQ…")`). Those pieces,
   * back to the first word that is not one, are the token too: without them "covered" would be a lie.
   * Returns the span, after its head when it has one.
   */
  const withHeadAbove = (span: Span): Span[] => {
    const line = lines[span.line]!;
    const above = lines[span.line - 1];
    if (
      !above ||
      span.start > (line.words[0]?.start ?? 0) ||
      !wrapsOnto(span.line - 1) ||
      !full(span.line - 1)
    )
      return [span];
    let w = above.words.length - 1;
    const end = above.words[w]?.end ?? 0;
    while (w >= 0) {
      const word = above.words[w]!;
      const text = above.text.slice(word.start, word.end);
      if (lettersAndDigits(text).length < 4 || !fragment(text)) break;
      w--;
    }
    const start = above.words[w + 1]?.start;
    if (start === undefined || start >= end) return [span];
    if (taken[span.line - 1]!.some(([s, e]) => s < end && start < e)) return [span];
    // The opening quote or bracket before the head stays: the head is the token's own characters.
    const head = above.text.slice(start, end);
    return [{ line: span.line - 1, start: start + tokenCore(head).start, end }, span];
  };

  /**
   * A box no taller than leaves the lines above and below it whole once the cover is padded
   * (paddedBox): where lines are set tight, a box over one line's descenders would otherwise take the
   * tops of the next line's letters, and a reader loses that line. A quarter of its height at most is
   * given up on either side, never the middle of the value's letters.
   */
  const clear = (box: Box, own: Set<number>): Box => {
    const padded = paddedBox(box, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) ?? box;
    const padTop = box.y - padded.y;
    const padBottom = padded.y + padded.height - (box.y + box.height);
    let top = box.y;
    let bottom = box.y + box.height;
    const middle = top + box.height / 2;
    for (const [k, other] of lines.entries()) {
      if (own.has(k) || other.words.length === 0) continue;
      const o = other.box;
      if (o.x >= box.x + box.width + padTop || o.x + o.width <= box.x - padTop) continue;
      if (o.y >= middle && o.y < bottom + padBottom) bottom = Math.min(bottom, o.y - padBottom);
      if (o.y + o.height <= middle && o.y + o.height > top - padTop)
        top = Math.max(top, o.y + o.height + padTop);
    }
    top = Math.min(top, box.y + box.height / 4);
    bottom = Math.max(bottom, box.y + (box.height * 3) / 4);
    return { ...box, y: top, height: bottom - top };
  };

  const edge = ocr.width;
  const findings = candidates.flatMap((candidate): Finding[] => {
    if (candidate.area) {
      const { kind, area, mayRemain } = candidate;
      return [{ kind, boxes: [clear(area, new Set())], ...(mayRemain !== undefined && { mayRemain }) }];
    }
    const block = keyBlocks.get(candidate);
    const spans =
      block ||
      candidate.kind === 'email' ||
      candidate.kind === 'card-number' ||
      candidate.kind === 'phone-number'
        ? candidate.spans
        : [...withHeadAbove(startOf(candidate.spans[0]!)), ...candidate.spans.slice(1)];
    const perSpan = spans.map((s) => spanBoxes(lines[s.line]!, s.start, s.end)[0]);
    let boxes = perSpan.filter((b): b is Box => b !== undefined);
    if (boxes.length === 0) return [];
    if (block) {
      // A key block: every line from the block's left margin (OCR may not have read a line's first
      // characters) to its right end, and, when the block runs to the last line read, the row below it
      // too (a line the image's bottom edge cuts through).
      const left = Math.min(...spans.map((s) => lines[s.line]!.box.x));
      boxes = spans.map((s) => {
        const line = lines[s.line]!;
        const right = line.box.x + line.box.width;
        return { x: left, y: line.box.y, width: right - left, height: line.box.height };
      });
      if (block.reachesBottom) {
        const last = boxes[boxes.length - 1]!;
        const pitch = boxes.length > 1 ? last.y - boxes[boxes.length - 2]!.y : 1.5 * last.height;
        const width = Math.max(...boxes.map((b) => b.x + b.width)) - left;
        boxes.push({ x: left, y: last.y + last.height, width, height: Math.max(last.height, pitch) * 1.5 });
      }
    } else if (spans.length > 1) {
      // A value wrapped over lines (a terminal's width, a table's cell): every line after the first from
      // the value's left margin, and every line before the last to its right margin, so the start of a
      // line OCR did not read is under the cover too.
      const present = perSpan.filter((b): b is Box => b !== undefined);
      const left = Math.min(...present.map((b) => b.x));
      const right = Math.max(...present.map((b) => b.x + b.width));
      boxes = perSpan.flatMap((b, k) => {
        if (!b) return [];
        const x = k > 0 ? left : b.x;
        const end = k < perSpan.length - 1 ? right : b.x + b.width;
        return [{ ...b, x, width: end - x }];
      });
    }
    boxes = boxes.map((box) => clear(box, new Set(spans.map((s) => s.line))));
    const offEdge =
      edge !== undefined && candidate.kind !== 'private-key' && boxes.some((b) => b.x + b.width >= edge - 2);
    // It ends its line, the line runs to the margin and the next line's start was not taken with it: the
    // value may go on there (a wrap the next line's first word did not look like the rest of).
    const last = spans[spans.length - 1]!;
    const lastLine = lines[last.line]!;
    // Or the next line, below this one's own left edge (a bubble's), starts with what can only be a
    // token's rest.
    const lastWord = lastLine.words[lastLine.words.length - 1]!;
    const endsLine =
      candidate.kind !== 'private-key' &&
      last.end >= lastWord.end &&
      !closed(lastLine.text.slice(lastWord.start, lastWord.end));
    // Or, without a terminal's margin (a slide's text box: large text wraps where each row fills up), it
    // runs to the right of the text and the next line starts with a token's piece, or one after a short
    // piece OCR made up.
    const nextLine = lines[last.line + 1];
    const wrapsOn =
      endsLine &&
      nextLine !== undefined &&
      ((wrapsOnto(last.line) && full(last.line) && !PROMPT.test(firstWord(nextLine))) ||
        ((wrapsOnto(last.line) ||
          wrapsInBox(last.line, brokenAtHyphen(lastLine)) ||
          wrapsCentred(last.line)) &&
          mayStartWithRest(nextLine)));
    // Or the word right after it on its line, a space away, has letters beside digits like a token's
    // piece but was not taken (OCR made up more in it than a piece may have): it may be the rest.
    const afterWord = lastLine.words.find((w) => w.start >= last.end);
    const endWord = lastLine.words.findLast((w) => w.end <= last.end);
    const piece = afterWord ? tokenOf(lastLine.text.slice(afterWord.start, afterWord.end)) : '';
    const leftAfter =
      candidate.kind !== 'private-key' &&
      afterWord !== undefined &&
      endWord !== undefined &&
      afterWord.box.x - (endWord.box.x + endWord.box.width) < Math.max(8, lastLine.box.height) &&
      tokenPiece(piece);
    // Or a value in a table's cell (or wrapped over rows already, and ending its row) with a word right
    // under it, close below, that nothing took: the cell may have wrapped it onto rows OCR read apart
    // (`| ghp_COWVWEYT |` ⏎ `ci-deploy ality 19 Nov`).
    const lastBox = perSpan[perSpan.length - 1];
    const below = lines[last.line + 1];
    // A cell's row of its own: nothing but OCR's specks left of the value on its line, while the line
    // below has the other columns' text (set level with the middle of the wrapped cell).
    const leftOf = (line: Line, box: Box) =>
      line.words
        .filter((w) => w.box.x + w.box.width <= box.x + 2)
        .map((w) => line.text.slice(w.start, w.end));
    /** Whether another column's text stands left of `box` on its line (more than OCR's specks). */
    const besideColumns = (line: Line, box: Box) =>
      leftOf(line, box).some((text) => lettersAndDigits(text).length >= 3);
    /** Whether the value, at `box` and ending its cell, has a word of the row below under it. */
    const cellGoesOnFrom = (box: Box | undefined) =>
      box !== undefined &&
      below !== undefined &&
      !besideColumns(lastLine, box) &&
      besideColumns(below, box) &&
      below.box.y - (box.y + box.height) <= 0.6 * Math.max(8, box.height) &&
      below.words.some(
        (w) =>
          w.box.x < box.x + box.width &&
          w.box.x + w.box.width > box.x &&
          lettersAndDigits(below.text.slice(w.start, w.end)).length >= 3 &&
          !taken[last.line + 1]!.some(([s, e]) => s < w.end && w.start < e),
      );
    // Between a table's borders, `| value |`, a value is in a cell whatever rule found it; measured from
    // its letters and digits, as a span that took the row's `| |` in with it is still in its own column.
    const ink = inkOf(lastLine, last);
    const bordered =
      /\|\s*$/.test(lastLine.text.slice(0, ink.start)) && /^\s*\|/.test(lastLine.text.slice(ink.end));
    const cellGoesOn =
      ((inCell.has(candidate) || (spans.length > 1 && last.end >= lastWord.end)) &&
        cellGoesOnFrom(lastBox)) ||
      (bordered && cellGoesOnFrom(spanBoxes(lastLine, ink.start, ink.end)[0]));
    // Or a value on a table's row beside the other columns' text, with a piece nothing took in the row
    // touching it above or below, over or under it: the middle row of a cell wrapped over three rows or
    // more (`| AKIADELL |` ⏎ `local dev XA4ZJ720 8 Nov` ⏎ `6EYB`: a row of the cell's own, nothing but
    // specks left of the piece), or a token's rest in the row below after the first column's wrapped label
    // (`back xapp-1-…668 4 Nov` ⏎ `ACKUP | 671268d7…`: a token's piece, whatever is left of it).
    const firstSpan = spans[0]!;
    const firstBox = perSpan[0];
    /**
     * Whether the row touching `box` above (or below) holds what nothing took: for a column header's value
     * (`inCell`), a row of the cell's own, every piece of it over (or under) the value; for any value, a
     * token's piece right under it, starting where it starts, as a wrapped cell's next row does.
     */
    const pieceAround = (index: number, box: Box, upward: boolean): boolean => {
      const line = lines[index];
      if (!line) return false;
      const height = Math.max(8, box.height);
      const gap = upward ? box.y - (line.box.y + line.box.height) : line.box.y - (box.y + box.height);
      if (gap > 0.6 * height) return false;
      const pieces = line.words.filter((w) => lettersAndDigits(line.text.slice(w.start, w.end)).length >= 3);
      const free = pieces.filter((w) => !taken[index]!.some(([s, e]) => s < w.end && w.start < e));
      const within = (w: Word) =>
        w.box.x >= box.x - height && w.box.x + w.box.width <= box.x + box.width + height;
      const ownRow =
        inCell.has(candidate) && free.length > 0 && pieces.every(within) && free.length === pieces.length;
      const tokenUnder =
        !upward &&
        free.some(
          (w) =>
            tokenPiece(lettersAndDigits(line.text.slice(w.start, w.end))) &&
            Math.abs(w.box.x - box.x) <= height,
        );
      return ownRow || tokenUnder;
    };
    const cellAroundGoesOn =
      candidate.kind !== 'private-key' &&
      firstBox !== undefined &&
      lastBox !== undefined &&
      besideColumns(lines[firstSpan.line]!, firstBox) &&
      (pieceAround(firstSpan.line - 1, firstBox, true) || pieceAround(last.line + 1, lastBox, false));
    const mayRemain =
      candidate.mayRemain ??
      (offEdge
        ? 'it reaches the edge of the image; the rest of it may be cut off or unread'
        : wrapsOn
          ? 'it runs to the end of its line and may go on at the start of the next, which was left readable'
          : leftAfter
            ? 'the word right after it may be the rest of it, misread, and was left readable'
            : cellGoesOn || cellAroundGoesOn
              ? CELL_GOES_ON
              : undefined);
    return [{ kind: candidate.kind, boxes, ...(mayRemain !== undefined && { mayRemain }) }];
  });

  // A value whose rest, right below it, was found as a finding of its own whose cell may go on (a token a
  // table's cell wrapped over rows OCR read apart) may not be covered whole either; nor may that rest,
  // when the value above it is such a cell.
  const touching = (upper: Box, lower: Box) =>
    lower.y > upper.y &&
    lower.y - (upper.y + upper.height) <= 0.6 * Math.max(8, upper.height) &&
    lower.x < upper.x + upper.width &&
    lower.x + lower.width > upper.x;
  return findings.map((finding) => {
    if (finding.mayRemain !== undefined) return finding;
    const head = finding.boxes[0]!;
    const end = finding.boxes[finding.boxes.length - 1]!;
    const apart = findings.some(
      (other) =>
        other !== finding &&
        other.mayRemain === CELL_GOES_ON &&
        (touching(end, other.boxes[0]!) || touching(other.boxes[other.boxes.length - 1]!, head)),
    );
    return apart
      ? {
          ...finding,
          mayRemain: 'it joins a part found apart, above or below it, that may still be partly readable',
        }
      : finding;
  });
}
