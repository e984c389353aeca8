// How `shotlink history` fits its table into a width, over generated histories: random file names and
// links (short host links, long presigned ones, with and without a query) and terminal widths.
import { describe, expect, it } from 'vitest';
import { alignColumns, fitColumns, shortenLink, shortenMiddle } from '../../src-main/cli/commands/history.ts';

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function history(next: () => number): string[][] {
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
  const text = (n: number) =>
    Array.from({ length: n }, () => pick([...'abcdefghijk0123456789-_ .'])).join('');
  return Array.from({ length: 1 + Math.floor(next() * 8) }, () => {
    const name = `${text(3 + Math.floor(next() * 60)).trim() || 'x'}.png`;
    const link = pick([
      () => `https://i.img402.dev/${text(10).replace(/\W/g, 'a')}.webp`,
      () => `https://cdn.img.pro/${text(8).replace(/\W/g, 'b')}.png`,
      () =>
        `https://bucket-${text(12).replace(/\W/g, 'c')}.s3.eu-west-1.amazonaws.com/shots/${text(20).replace(/\W/g, 'd')}.png` +
        `?X-Amz-Signature=${'ab'.repeat(32 + Math.floor(next() * 100))}`,
      () => `http://192.168.1.20:8402/i/${text(30 + Math.floor(next() * 200)).replace(/\W/g, 'e')}.png`,
    ])();
    return [
      '2026-01-02 03:04 UTC',
      pick(['img402/free', 's3/presigned', 'imgpro/key']),
      name,
      link,
      pick(['permanent', 'expires in 3 days', 'expired']),
    ];
  });
}

describe('fitting the history table into the terminal', () => {
  it('keeps every row within the width, and short links whole when there is room', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const rows = history(next);
      const width = 90 + Math.floor(next() * 150);
      const lines = alignColumns(fitColumns(rows, width));
      for (const line of lines)
        expect(line.length, `seed ${seed}, width ${width}`).toBeLessThanOrEqual(width);
      rows.forEach((row, i) => {
        const shown = lines[i]!;
        // A cut cell says so; one left whole is there as it was.
        if (!shown.includes(row[3]!)) expect(shown, `seed ${seed}`).toContain('…');
        if (width >= 140 && row[3]!.length <= 32)
          expect(shown, `seed ${seed}, width ${width}`).toContain(row[3]);
      });
    }
  });

  it('changes nothing without a width (a pipe or a file)', () => {
    const rows = history(random(7));
    expect(fitColumns(rows, null)).toBe(rows);
  });

  it('cuts a presigned link at its query first, then its middle', () => {
    const link = 'https://b.s3.amazonaws.com/shots/a1.png?X-Amz-Signature=' + 'f'.repeat(64);
    expect(shortenLink(link, 200)).toBe(link);
    expect(shortenLink(link, 41)).toBe('https://b.s3.amazonaws.com/shots/a1.png?…');
    expect(shortenLink(link, 24)).toBe('https://b.s…ots/a1.png?…');
    expect(shortenLink(link, 24)).toHaveLength(24);
    expect(shortenMiddle('Screenshot 2026-01-02 at 03.04.05.png', 16)).toBe('Screensh….05.png');
  });
});
