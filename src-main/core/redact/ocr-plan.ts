// How an image is read: at which scale, and in which bands. Reading at twice the size hands Tesseract's
// layout analysis four times the pixels, but small text is read much worse at its own size; so the scale
// follows the height of the text, estimated from the grey pixels, rather than the image's width. Tall
// images are shared between the workers, a band each, cut where the content is the same at either scale.

/**
 * Text whose lines are at least this many pixels high (the median run of rows crossed by glyph edges) is
 * read at its own size; smaller text at twice it. That is a 2× screen's text (lines of 21–32 px on the
 * tuning pages), not a 1× screen's (12–16 px): on rendered tokens, 1× read fewer tokens exactly than 2× at
 * every size from 11 to 28 px, so the bar is where the tuning pages read at 1× lost nothing
 * (docs/benchmarks.md).
 */
export const LARGE_TEXT_HEIGHT = 20;

/** Vertical strips in which rows are looked at: narrow enough that two columns' lines seldom merge. */
const STRIP_WIDTH = 160;
/** A step in grey this large between neighbouring pixels is an edge of a glyph (anti-aliasing is less). */
const EDGE = 48;
/** A row of a strip crossed by this many edges has text in it (a border or a rule has two at most). */
const EDGES_OF_TEXT = 4;
/** Runs of text rows outside these heights are not lines of text (specks; pictures, blocks of colour). */
const SHORTEST_LINE = 5;
const TALLEST_LINE = 200;

/**
 * How high the image's lines of text are, in its own pixels: the median height of the runs of rows that
 * glyph edges cross, found strip by strip. The median errs low (a strip of a line may hold only digits or
 * small letters), which errs towards reading at 2×; a higher quantile was tried and read a table's
 * wrapped cells, whose lines merge into one run, as large text (docs/benchmarks.md). Reading the bytes
 * once costs about 5 ms for a 1080p screenshot. 0 when nothing looks like a line of text.
 */
export function textHeight(grey: Uint8Array, width: number, height: number): number {
  const runs: number[] = [];
  for (let left = 0; left < width; left += STRIP_WIDTH) {
    const right = Math.min(width, left + STRIP_WIDTH);
    let run = 0;
    for (let y = 0; y <= height; y++) {
      let edges = 0;
      if (y < height) {
        const row = y * width;
        for (let x = row + left + 1; x < row + right && edges < EDGES_OF_TEXT; x++) {
          if (Math.abs(grey[x]! - grey[x - 1]!) >= EDGE) edges++;
        }
      }
      if (edges >= EDGES_OF_TEXT) {
        run++;
      } else {
        if (run >= SHORTEST_LINE && run <= TALLEST_LINE) runs.push(run);
        run = 0;
      }
    }
  }
  if (runs.length === 0) return 0;
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)]!;
}

/** Wider screenshots are read at their own size whatever their text (their text is usually 2× already). */
const WIDEST_ENLARGED = 2000;

/**
 * The scale the image is read at: its own size when its text is large enough (or the screenshot is wider
 * than WIDEST_ENLARGED), twice it when the text is small or was not found, as long as the enlarged image
 * stays within `maxPixels`.
 */
export function ocrScale(text: number, width: number, height: number, maxPixels = Infinity): number {
  if (text >= LARGE_TEXT_HEIGHT || width > WIDEST_ENLARGED) return 1;
  return width * height * 4 <= maxPixels ? 2 : 1;
}

export interface Band {
  /** The rows read: [top, top + height), in the pixels read. */
  top: number;
  height: number;
  /** The lines this band keeps: those whose middle lies in [from, to). */
  from: number;
  to: number;
}

/** Images taller than this (in their own pixels) are shared between the workers, a band each. */
const SPLIT_HEIGHT = 700;
/** How far neighbouring bands overlap, in the pixels read: more than a line, so every line is whole in one. */
const BAND_OVERLAP = 160;

/**
 * The horizontal bands an image `height` rows high (its own pixels) is recognised in, one per worker
 * (`count`), in the pixels read at `scale`. Each reaches BAND_OVERLAP rows into its neighbours, and keeps
 * the lines whose middle lies in its own part, so a line cut by one band's edge is whole in the band that
 * keeps it. Where the image is cut depends on its content's size, not on the scale it is read at: the
 * same rows go to the same band at 1× and at 2×. (Cutting in a gap between lines instead, with no
 * overlap, and sharing shorter images too, changed what Tesseract read in bordered form fields and lost
 * findings on the tuning pages: docs/benchmarks.md.)
 */
export function bandsOf(height: number, count: number, scale = 1): Band[] {
  const n = height > SPLIT_HEIGHT ? Math.max(1, count) : 1;
  const cuts = Array.from({ length: n + 1 }, (_, i) => Math.round((i * height) / n));
  const rows = height * scale;
  return cuts.slice(0, n).map((cut, i) => {
    const from = cut * scale;
    const to = cuts[i + 1]! * scale;
    const top = Math.max(0, from - BAND_OVERLAP);
    return { top, height: Math.min(rows, to + BAND_OVERLAP) - top, from, to };
  });
}
