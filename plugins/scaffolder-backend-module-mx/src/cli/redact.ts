/** Replaces every secret value (and its base64 form) by `***`. Short values are left alone. */
export function createRedactor(secrets: Iterable<string | undefined>) {
  const needles = new Set<string>();
  for (const s of secrets) {
    if (typeof s !== 'string' || s.length < 4) continue;
    needles.add(s);
    needles.add(Buffer.from(s, 'utf8').toString('base64'));
    for (const line of s.split('\n')) {
      if (line.trim().length >= 8) needles.add(line.trim());
    }
  }
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  return (text: string): string => {
    let out = text;
    for (const n of ordered) out = out.split(n).join('***');
    return out;
  };
}
