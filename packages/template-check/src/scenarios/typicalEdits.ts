/*
 * The "typical edits" scenario: a user makes everyday edits to the files MX manages
 * (catalog-info.yaml, devspace.yaml, cloudbuild.yaml, a Kubernetes manifest) and then every grow
 * generator runs. Counts the conflicts the line merge (diff3, what MX did before) and the
 * structural merge (what mx:files:reconcile does now) leave. None of these edits contradicts a
 * generator, so every conflict is needless.
 *
 * The renders come from the real generator chain (each template dry-run through the kit's
 * scaffolder: ml-project, then every grow generator in prerequisite order). A render depends on
 * the project state only, never on the user's edits of managed files, so each merge track replays
 * the same renders against its own copy of the user's files, exactly as mx:files:reconcile
 * would: base = the render last merged cleanly, ours = the new render, theirs = the user's file.
 */
import {
  mergeThreeWay,
  reconcileFile,
  sha256Hex,
} from '@mx-backstage/plugin-mx-common';
import YAML from 'yaml';
import { KIT_CLOCK } from '../lib/clock';
import { Tree } from '../lib/tree';
import { ScaffolderUnderTest } from '../scaffolder/testScaffolder';
import {
  TemplateUnderCheck,
  findTemplateDirs,
  isGrowGenerator,
  loadTemplate,
} from '../templates';
import { orderGenerators } from '../checks/composition';
import { renderTemplate } from '../render/renderTemplate';
import { TYPICAL_EDITS, TypicalEdit } from './everydayEdits';

export { TYPICAL_EDITS } from './everydayEdits';
export type { TypicalEdit } from './everydayEdits';

export interface ChainStep {
  generator: string;
  tree: Tree;
}

/** The real generator chain: ml-project, then every grow generator (minimal fixtures). */
export async function renderGeneratorChain(
  scaffolder: ScaffolderUnderTest,
  templatesDir: string,
): Promise<ChainStep[]> {
  const templates = await Promise.all(
    (await findTemplateDirs(templatesDir)).map(loadTemplate),
  );
  const ml = templates.find(t => t.generatorId === 'ml-project');
  if (!ml) throw new Error(`no ml-project template in ${templatesDir}`);
  const grows = templates.filter(isGrowGenerator);
  const byId = new Map(grows.map(g => [g.generatorId, g]));
  const { order } = orderGenerators(
    [...byId.keys()],
    id => byId.get(id)?.requires ?? [],
    (a, b) => a.localeCompare(b),
  );
  const minimal = (t: TemplateUnderCheck) =>
    t.fixtures.find(f => f.name === 'minimal' && !f.expectError) ??
    t.fixtures.find(f => !f.expectError)!;
  const steps: ChainStep[] = [];
  let r = await renderTemplate(
    scaffolder,
    ml,
    minimal(ml),
    undefined,
    KIT_CLOCK,
  );
  if (r.error) throw new Error(`ml-project: ${r.error}`);
  steps.push({ generator: 'ml-project', tree: r.tree });
  for (const id of order) {
    const g = byId.get(id)!;
    r = await renderTemplate(scaffolder, g, minimal(g), r.tree, KIT_CLOCK);
    if (r.error) throw new Error(`${id}: ${r.error}`);
    steps.push({ generator: id, tree: r.tree });
  }
  return steps;
}

export interface TrackResult {
  /** Conflicts left for the user, one per file and generator run. */
  conflicts: { generator: string; file: string }[];
  /** The user's managed files at the end. */
  files: Map<string, string>;
}

export interface TypicalEditsResult {
  chain: string[];
  edits: { file: string; title: string; afterGenerator: string }[];
  /** Managed files some generator after the first changed. */
  filesChangedByGenerators: string[];
  line: TrackResult;
  structural: TrackResult;
  /** The last generator's render of every managed file (what an unedited project has). */
  lastRender: Map<string, string>;
}

/** Managed files of the final tree (from its state; cloudbuild.yaml is recorded like the rest). */
function managedFiles(tree: Tree): string[] {
  const state = YAML.parse(
    tree.get('.mx/state.yaml')?.toString('utf8') ?? '{}',
  );
  const files = Object.entries(
    (state?.files ?? {}) as Record<string, { mode: string }>,
  )
    .filter(([, r]) => r.mode === 'managed')
    .map(([p]) => p);
  return files.sort();
}

type Merge = (args: {
  file: string;
  base: string;
  render: string;
  edited: string;
}) => { conflict: boolean; text: string };

const lineMerge: Merge = ({ base, render, edited }) => {
  const r = mergeThreeWay({ base, render, edited });
  return { conflict: !r.clean, text: r.clean ? r.text : edited };
};

const structuralMerge: Merge = ({ file, base, render, edited }) => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const d = reconcileFile({
    path: file,
    generator: 'scenario',
    mode: 'managed',
    rendered: enc(render),
    current: enc(edited),
    record: { mode: 'managed', sha256: sha256Hex(enc(base)) },
    base: enc(base),
  });
  return {
    conflict: d.action === 'conflict',
    text: d.write ? new TextDecoder().decode(d.write) : edited,
  };
};

function replay(
  steps: ChainStep[],
  files: string[],
  merge: Merge,
  onEdit?: (e: TypicalEdit, generator: string) => void,
): TrackResult {
  const user = new Map<string, string>();
  const base = new Map<string, string>();
  const pending = [...TYPICAL_EDITS];
  const conflicts: TrackResult['conflicts'] = [];
  for (const step of steps) {
    for (const file of files) {
      const render = step.tree.get(file)?.toString('utf8');
      if (render === undefined) continue;
      const mine = user.get(file);
      if (mine === undefined) {
        user.set(file, render);
        base.set(file, render);
        continue;
      }
      if (render === base.get(file)) continue;
      const r = merge({ file, base: base.get(file)!, render, edited: mine });
      user.set(file, r.text);
      if (r.conflict) conflicts.push({ generator: step.generator, file });
      else base.set(file, render);
    }
    // The user edits each file as soon as it exists, then the next generator runs.
    for (const e of [...pending]) {
      const text = user.get(e.file);
      if (text === undefined) continue;
      user.set(e.file, e.edit(text));
      pending.splice(pending.indexOf(e), 1);
      onEdit?.(e, step.generator);
    }
  }
  if (pending.length) {
    throw new Error(
      `typical edits never applied (no such file): ${pending
        .map(e => e.file)
        .join(', ')}`,
    );
  }
  return { conflicts, files: user };
}

/** Replays the typical edits against the chain with both merges. Pure. */
export function runTypicalEdits(steps: ChainStep[]): TypicalEditsResult {
  const files = managedFiles(steps[steps.length - 1].tree);
  const edits: TypicalEditsResult['edits'] = [];
  const line = replay(steps, files, lineMerge);
  const structural = replay(steps, files, structuralMerge, (e, g) =>
    edits.push({ file: e.file, title: e.title, afterGenerator: g }),
  );
  const changed = files.filter(f => {
    const versions = new Set(
      steps
        .slice(1)
        .map(s => s.tree.get(f)?.toString('utf8'))
        .filter(Boolean),
    );
    const first = steps
      .find(s => s.tree.has(f))
      ?.tree.get(f)
      ?.toString('utf8');
    return [...versions].some(v => v !== first);
  });
  return {
    chain: steps.map(s => s.generator),
    edits,
    filesChangedByGenerators: changed,
    line,
    structural,
    lastRender: new Map(
      files.map(f => [
        f,
        steps[steps.length - 1].tree.get(f)!.toString('utf8'),
      ]),
    ),
  };
}

/** One paragraph for a test log or a benchmark. */
export function formatTypicalEdits(r: TypicalEditsResult): string {
  const list = (c: TrackResult['conflicts']) =>
    c.map(x => `${x.file} (${x.generator})`).join(', ') || 'none';
  return [
    `typical edits: ${r.edits.length} edits in ${
      new Set(r.edits.map(e => e.file)).size
    } files, then ${r.chain.slice(1).join(', ')}`,
    `  line merge (diff3):  ${r.line.conflicts.length} conflict(s): ${list(
      r.line.conflicts,
    )}`,
    `  structural merge:    ${
      r.structural.conflicts.length
    } conflict(s): ${list(r.structural.conflicts)}`,
    `  managed files changed by generators: ${r.filesChangedByGenerators.join(
      ', ',
    )}`,
  ].join('\n');
}
