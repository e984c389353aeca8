// Names for images that arrive without one (a clipboard image, a region capture).

/** clipboard-2026-05-01-142233.png: readable, sortable, and unique enough for history. */
export function timestampedName(prefix: string, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${prefix}-${date}-${time}.png`;
}
