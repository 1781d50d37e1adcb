/** Unrendered template syntax left in a rendered file, as `line N: ...` */
export function findTemplateLeftovers(text: string): string | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /\$\{\{|\{%/.exec(lines[i]);
    if (m) {
      return `unrendered template syntax '${m[0]}' at line ${i + 1}: ${lines[i]
        .trim()
        .slice(0, 120)}`;
    }
  }
  return undefined;
}
