import { parse as parseToml } from 'smol-toml';
import { Tree } from '../lib/tree';
import { TemplateUnderCheck } from '../templates';
import { ParameterSchema, parameterExtremes } from './extremes';

// The cases of the wizard-names property test (wizardNames.test.ts): each template's free-form
// parameters, their extremes, and what the test asserts on a rendered project besides names.

/** The wizard's free-form parameters: strings with a pattern or length, enums, integers. */
export function wizardParameters(t: TemplateUnderCheck) {
  const pages = [t.entity.spec.parameters ?? []].flat();
  const out: Array<{
    key: string;
    schema: ParameterSchema;
    extremes: unknown[];
  }> = [];
  for (const page of pages) {
    for (const [key, schema] of Object.entries<any>(page.properties ?? {})) {
      if (schema['ui:field']) continue; // pickers (the project, owner) and secrets
      const extremes = parameterExtremes(schema);
      if (extremes.length > 0) out.push({ key, schema, extremes });
    }
  }
  return out;
}

export function maximalFixture(t: TemplateUnderCheck) {
  const fx = t.fixtures.find(f => f.name === 'maximal');
  if (!fx) throw new Error(`${t.name} has no maximal fixture`);
  return fx;
}

export type Seed = 'longest' | 'shortest';

export function extremeValues(t: TemplateUnderCheck, which: Seed) {
  return Object.fromEntries(
    wizardParameters(t).map(p => [
      p.key,
      which === 'longest' ? p.extremes[0] : p.extremes[p.extremes.length - 1],
    ]),
  );
}

/** Every case of a template: all longest, then each other extreme of each parameter. */
export function cases(
  t: TemplateUnderCheck,
  base: Record<string, unknown> = extremeValues(t, 'longest'),
) {
  const out: Array<{ label: string; values: Record<string, unknown> }> = [
    {
      label: 'every parameter at its longest (that the task accepts)',
      values: base,
    },
  ];
  for (const p of wizardParameters(t)) {
    for (const v of p.extremes.slice(1)) {
      out.push({
        label: `${p.key}=${JSON.stringify(v)}`,
        values: { ...base, [p.key]: v },
      });
    }
  }
  return out;
}

/** Python lines over the rendered project's ruff line-length (pyproject.toml [tool.ruff]). */
export function longPythonLines(tree: Tree): string[] {
  const pyproject = tree.get('pyproject.toml');
  const limit = pyproject
    ? Number(
        (parseToml(pyproject.toString('utf8')) as any).tool?.ruff?.[
          'line-length'
        ] ?? 88,
      )
    : 88;
  const out: string[] = [];
  for (const [file, content] of tree) {
    if (!file.endsWith('.py') || file.startsWith('.mx/')) continue;
    content
      .toString('utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.length > limit) {
          out.push(
            `${file}:${i + 1}: ${
              line.length
            } characters, over ruff's line-length ${limit}: ${line}`,
          );
        }
      });
  }
  return out;
}
