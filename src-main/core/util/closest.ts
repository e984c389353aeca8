// "Did you mean …?" for names people type: the closest of the known names, when one is close enough
// to be what was meant. Case is forgiven first (`linkformat` is `linkFormat`), then a name cut short,
// then a few typos (optimal string alignment distance: a swap of two letters counts as one).

/** The known name `typed` most likely meant, or undefined when none is close. */
export function closestName(typed: string, known: readonly string[]): string | undefined {
  const lower = typed.toLowerCase();
  const sameLetters = known.find((name) => name.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  // The start of exactly one name (`payments.dailycap`): that one.
  const starting = known.filter((name) => name.toLowerCase().startsWith(lower));
  if (starting.length === 1 && lower.length >= 4) return starting[0];
  // Up to a third of the word may be wrong, at most 3 letters: "tier" never suggests "tags".
  const allowed = Math.min(3, Math.floor(typed.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance <= allowed && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = value;
    }
  }
  return rows[a.length]![b.length]!;
}
