import type { TemplateStep } from './templates';

/**
 * The conventions of a generator that keeps its recorded answers (`mx:answers:resolve`; see
 * docs/authoring-generators.md "Re-runs keep the project's answers"): its `defaults` are the
 * parameters' own defaults, none of those answers is `required` in the form (a re-run over the
 * API may leave it out), and no later step reads `parameters.<answer>` (it would bypass the
 * recorded value). Returns one message per problem.
 */
export function answersConventionProblems(template: {
  generatorId: string;
  entity: any;
  steps: TemplateStep[];
}): string[] {
  const index = template.steps.findIndex(
    s => s.action === 'mx:answers:resolve',
  );
  if (index < 0) return [];
  const step = template.steps[index];
  const problems: string[] = [];
  const input = step.input ?? {};
  if (input.generatorId !== template.generatorId) {
    problems.push(
      `mx:answers:resolve generatorId ${input.generatorId} differs from the mx.backstage.io/generator label ${template.generatorId}`,
    );
  }
  const defaults: Record<string, unknown> =
    input.defaults && typeof input.defaults === 'object' ? input.defaults : {};
  const pages: any[] = [template.entity?.spec?.parameters ?? []].flat();
  const property = (key: string) =>
    pages.map(p => p?.properties?.[key]).find(Boolean);
  for (const [key, value] of Object.entries(defaults)) {
    const prop = property(key);
    if (!prop) {
      problems.push(
        `mx:answers:resolve defaults.${key}: no parameter ${key} in the form`,
      );
      continue;
    }
    const formDefault = prop.default ?? null;
    if (JSON.stringify(formDefault) !== JSON.stringify(value ?? null)) {
      problems.push(
        `mx:answers:resolve defaults.${key} is ${JSON.stringify(
          value,
        )} but the parameter's default is ${JSON.stringify(
          formDefault,
        )}: make them equal`,
      );
    }
    const requiredOn = pages.find(p => (p?.required ?? []).includes(key));
    if (requiredOn) {
      problems.push(
        `${key} is required on the page "${
          requiredOn.title ?? ''
        }": a re-run over the API could not leave it out to keep the recorded value; list it in mx:answers:resolve's required instead`,
      );
    }
  }
  const later = JSON.stringify([
    template.steps.slice(index + 1),
    template.entity?.spec?.output ?? {},
  ]);
  for (const key of Object.keys(defaults)) {
    if (new RegExp(`parameters\\.${key}\\b`).test(later)) {
      problems.push(
        `a step after mx:answers:resolve reads parameters.${key}: use steps.${step.id}.output.values.${key} so a re-run keeps the recorded answer`,
      );
    }
  }
  return problems;
}
