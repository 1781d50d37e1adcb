/** Edit distance between two short names (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        prev[j] + 1,
        row[j - 1] + 1,
        prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length];
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The known names closest to a misspelt one (a typo, a name that contains or is contained in it,
 * or one that starts the same way), best first, at most `max`.
 */
export function closestNames(
  name: string,
  known: Iterable<string>,
  max = 3,
): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const scored: [string, number][] = [];
  for (const k of known) {
    const d = distance(name, k);
    if (d <= limit) scored.push([k, d]);
    else if (
      name.length >= 4 &&
      (k.includes(name) ||
        (k.length >= 4 && name.includes(k)) ||
        commonPrefix(name, k) >= Math.max(4, Math.ceil(name.length * 0.6)))
    )
      scored.push([k, limit + d]);
  }
  return scored
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([k]) => k);
}

/** ` (did you mean 'a' or 'b'?)`, or nothing when no name is close. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const names = closestNames(name, known).map(n => `'${n}'`);
  if (names.length === 0) return '';
  const last = names.pop();
  return ` (did you mean ${
    names.length ? `${names.join(', ')} or ` : ''
  }${last}?)`;
}
