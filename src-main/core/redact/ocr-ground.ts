// The ground behind the text, and making it even where it is not. Tesseract parts text from ground with
// one threshold for the whole image (Otsu's); where the ground runs from light to dark behind the text (a
// slide's gradient), no single threshold is right at both ends, and whole lines are lost, so a key on
// such a slide was covered in part. Here the ground's level is estimated on a coarse grid; where it
// varies strongly and smoothly across the image (a gradient, not a page of flat panels), each pixel is
// replaced by how far it stands from the ground around it, as dark text on white, which one threshold
// parts everywhere. Every other image is handed back as it came: its pixels, and so what Tesseract reads
// in it, are the same as before.

/** Side of a cell of the grid the ground is estimated on, in pixels: larger than a line of large text. */
export const CELL = 64;
/**
 * The ground's levels (grey, 0–255) across the image differ by at least this much between the 2nd and
 * 98th percentile of its cells for it to be uneven. A slide's gentle gradient (white to a pale blue: about
 * 30) is read whole with one threshold; light text on a ground from mid-grey to black is not (over 90).
 */
export const UNEVEN_RANGE = 64;
/**
 * Neighbouring cells' grounds differ by at most this much (beyond what the range spreads over the grid)
 * on a gradient; flat panels (a dark sidebar beside a light page) step by more at their edge, and
 * evening such a page would draw the edge as ink, so those pages are left as they are.
 */
const SMOOTH_STEP = 24;
/** How strongly the distance from the ground is stretched: 85 grey levels from it (a third of black on white) is black. */
const GAIN = 3;
/** Pixels sampled in each cell: every SAMPLE-th of every SAMPLE-th row, which is plenty for a histogram. */
const SAMPLE = 2;

export interface Ground {
  columns: number;
  rows: number;
  /** Width and height of the cells (the last row and column may be smaller). */
  cell: number;
  /** Each cell's ground level, row after row. */
  levels: Float32Array;
}

/**
 * The ground's level in each cell: the mean of the larger of the two groups Otsu's threshold parts the
 * cell's greys into. Text seldom covers half of a cell, so the larger group is the ground whichever way
 * round text and ground are; a cell without text is split within its own ground, a few levels apart.
 */
export function groundOf(grey: Uint8Array, width: number, height: number, cell = CELL): Ground {
  const columns = Math.max(1, Math.ceil(width / cell));
  const rows = Math.max(1, Math.ceil(height / cell));
  const levels = new Float32Array(columns * rows);
  const histogram = new Uint32Array(256);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      histogram.fill(0);
      const x0 = column * cell;
      const x1 = Math.min(width, x0 + cell);
      const y1 = Math.min(height, (row + 1) * cell);
      let count = 0;
      for (let y = row * cell; y < y1; y += SAMPLE) {
        const start = y * width;
        for (let x = x0; x < x1; x += SAMPLE) {
          histogram[grey[start + x]!]!++;
          count++;
        }
      }
      levels[row * columns + column] = largerGroupMean(histogram, count);
    }
  }
  return { columns, rows, cell, levels: medianOfNeighbours(levels, columns, rows) };
}

/**
 * A cell whose level stands apart from the median of its own and its neighbours' (3×3) by more than a
 * smooth ground steps takes that median: thick strokes of large text that fill more than half of a cell
 * give it the text's level, which would look like a step in the ground. Other cells keep their own level
 * (a median alone would pull a gradient's edge cells towards their neighbours); a flat panel's edge, a
 * whole row or column of cells, is kept too.
 */
function medianOfNeighbours(levels: Float32Array, columns: number, rows: number): Float32Array {
  const out = new Float32Array(levels.length);
  const around: number[] = [];
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      around.length = 0;
      for (let y = Math.max(0, row - 1); y <= Math.min(rows - 1, row + 1); y++)
        for (let x = Math.max(0, column - 1); x <= Math.min(columns - 1, column + 1); x++)
          around.push(levels[y * columns + x]!);
      around.sort((a, b) => a - b);
      const own = levels[row * columns + column]!;
      const median = around[around.length >> 1]!;
      out[row * columns + column] = Math.abs(own - median) > SMOOTH_STEP ? median : own;
    }
  }
  return out;
}

/** Otsu's split of a histogram of `count` values; the mean of the group holding more of them. */
function largerGroupMean(histogram: Uint32Array, count: number): number {
  let total = 0;
  for (let v = 0; v < 256; v++) total += v * histogram[v]!;
  let below = 0;
  let belowSum = 0;
  let best = -1;
  let split = { low: total / Math.max(1, count), high: total / Math.max(1, count), lowCount: count };
  for (let v = 0; v < 255; v++) {
    below += histogram[v]!;
    belowSum += v * histogram[v]!;
    const above = count - below;
    if (below === 0 || above === 0) continue;
    const low = belowSum / below;
    const high = (total - belowSum) / above;
    const between = below * above * (low - high) ** 2;
    if (between > best) {
      best = between;
      split = { low, high, lowCount: below };
    }
  }
  return split.lowCount * 2 >= count ? split.low : split.high;
}

/** Whether the ground varies strongly across the image, and smoothly (a gradient, not flat panels). */
export function isUneven(ground: Ground): boolean {
  const { columns, rows, levels } = ground;
  if (levels.length < 4) return false;
  const sorted = Float32Array.from(levels).sort();
  const range =
    sorted[Math.floor((sorted.length - 1) * 0.98)]! - sorted[Math.floor((sorted.length - 1) * 0.02)]!;
  if (range < UNEVEN_RANGE) return false;
  // The steepest step a smooth ground of this range can take between neighbouring cells, plus noise.
  const step = SMOOTH_STEP + range / Math.min(columns, rows);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const level = levels[row * columns + column]!;
      if (column + 1 < columns && Math.abs(level - levels[row * columns + column + 1]!) > step) return false;
      if (row + 1 < rows && Math.abs(level - levels[(row + 1) * columns + column]!) > step) return false;
    }
  }
  return true;
}

/**
 * Each pixel's distance from the ground around it (the cells' levels, interpolated between the cells'
 * centres), stretched by GAIN, as dark on white: text of either shade, on any part of the gradient,
 * becomes dark text on an even white ground.
 */
export function flattened(grey: Uint8Array, width: number, height: number, ground: Ground): Buffer {
  const { columns, rows, cell, levels } = ground;
  const out = Buffer.allocUnsafe(width * height);
  // A distance from the ground (0–255), stretched, as a shade: dark for far, white for on the ground.
  const shade = Uint8Array.from({ length: 256 }, (_, d) => Math.max(0, 255 - d * GAIN));
  // Where each column of pixels falls between the cells' centres: the cell on its left and the weight
  // of the one on its right (the edges keep their cell's level).
  const left = new Int32Array(width);
  const weight = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const at = Math.min(columns - 1, Math.max(0, (x + 0.5) / cell - 0.5));
    left[x] = Math.min(Math.max(0, columns - 2), Math.floor(at));
    weight[x] = columns === 1 ? 0 : at - left[x]!;
  }
  // The ground along one row at each cell's centre column (one more, so the right neighbour always exists).
  const along = new Float32Array(columns + 1);
  for (let y = 0; y < height; y++) {
    const at = Math.min(rows - 1, Math.max(0, (y + 0.5) / cell - 0.5));
    const top = Math.min(Math.max(0, rows - 2), Math.floor(at));
    const down = rows === 1 ? 0 : at - top;
    const bottom = Math.min(rows - 1, top + 1);
    for (let c = 0; c < columns; c++)
      along[c] = levels[top * columns + c]! * (1 - down) + levels[bottom * columns + c]! * down;
    along[columns] = along[columns - 1]!;
    const start = y * width;
    for (let x = 0; x < width; x++) {
      const l = left[x]!;
      const level = along[l]! + (along[l + 1]! - along[l]!) * weight[x]!;
      const distance = Math.abs(grey[start + x]! - level);
      out[start + x] = shade[distance > 255 ? 255 : distance | 0]!;
    }
  }
  return out;
}

/**
 * The grey pixels as Tesseract should read them: the same buffer when the ground is even (nothing
 * changes), its ground evened out (dark text on white) when it runs from light to dark behind the text.
 */
export function evenGround(grey: Buffer, width: number, height: number): Buffer {
  const ground = groundOf(grey, width, height);
  return isUneven(ground) ? flattened(grey, width, height, ground) : grey;
}
