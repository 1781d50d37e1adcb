import { diff3Merge } from 'node-diff3';

/** Splits text into lines that join back to exactly the same text (line endings kept). */
function lines(text: string): string[] {
  const out = text.split('\n');
  return out
    .map((l, i) => (i < out.length - 1 ? `${l}\n` : l))
    .filter((l, i, all) => !(i === all.length - 1 && l === ''));
}

export interface ThreeWayMergeResult {
  /** True when every change of both sides could be combined. */
  clean: boolean;
  /** The merged text; with conflict markers (`<<<<<<<`, `=======`, `>>>>>>>`) when not clean. */
  text: string;
  /** Number of conflicting regions. */
  conflicts: number;
}

/**
 * Line-based three-way merge (diff3): `base` is what MX rendered last time, `render` what it renders
 * now, `edited` the file as the user left it. Changes to different lines are combined; the same
 * change made on both sides is not a conflict.
 */
export function mergeThreeWay(options: {
  base: string;
  render: string;
  edited: string;
}): ThreeWayMergeResult {
  const regions = diff3Merge(
    lines(options.edited),
    lines(options.base),
    lines(options.render),
    { excludeFalseConflicts: true },
  );
  let text = '';
  let conflicts = 0;
  const ensureNewline = (s: string) =>
    s === '' || s.endsWith('\n') ? s : `${s}\n`;
  for (const region of regions) {
    if (region.ok) {
      text += region.ok.join('');
    } else if (region.conflict) {
      conflicts++;
      text = ensureNewline(text);
      text += '<<<<<<< yours (the file in the repository)\n';
      text += ensureNewline(region.conflict.a.join(''));
      text += '=======\n';
      text += ensureNewline(region.conflict.b.join(''));
      text += '>>>>>>> MX (the new render)\n';
    }
  }
  return { clean: conflicts === 0, text, conflicts };
}
