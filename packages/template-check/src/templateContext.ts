import type { TemplateStep } from './templates';

/**
 * Names that are not in the `${{ }}` context of Backstage's scaffolder. Its workflow runner
 * (`NunjucksWorkflowRunner` in @backstage/plugin-scaffolder-backend) renders step inputs, `if:`
 * and the output with `parameters`, `steps`, `user`, `secrets`, `environment`, `context` and
 * `each` (for `each:` steps) only. The template entity (`templateInfo`) reaches actions as
 * `ctx.templateInfo`, never the expressions: `${{ templateInfo... }}` renders empty, silently.
 */
const NOT_IN_CONTEXT: Record<string, string> = {
  templateInfo:
    'the scaffolder gives templateInfo to actions (ctx.templateInfo), not to ${{ }} expressions, so it renders empty; read the template annotation in the action instead',
};

function expressions(value: unknown, at: string, out: Array<[string, string]>) {
  if (typeof value === 'string') {
    for (const m of value.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) out.push([at, m[1]]);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => expressions(v, `${at}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      expressions(v, at ? `${at}.${k}` : k, out);
    }
  }
}

/**
 * Expressions of a template that use a name the scaffolder does not provide (see
 * {@link NOT_IN_CONTEXT}): one message per use, naming the step, the input and the fix.
 */
export function templateContextProblems(template: {
  name: string;
  steps: TemplateStep[];
  entity?: { spec?: { output?: unknown } };
}): string[] {
  const found: Array<[string, string]> = [];
  for (const step of template.steps) {
    const { id, action, ...rest } = step;
    expressions(rest, `step ${id ?? action}`, found);
  }
  expressions(template.entity?.spec?.output, 'output', found);
  const problems: string[] = [];
  for (const [at, expression] of found) {
    for (const [name, why] of Object.entries(NOT_IN_CONTEXT)) {
      if (new RegExp(`(^|[^\\w.])${name}\\b`).test(expression)) {
        problems.push(`${template.name}: ${at} uses ${name}: ${why}`);
      }
    }
  }
  return problems;
}
