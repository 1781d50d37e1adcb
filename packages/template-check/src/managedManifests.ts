import {
  CATALOG_INFO_FILE,
  CLOUDBUILD_FILE,
  DEVSPACE_FILE,
  matchesAnyGlob,
} from '@mx-backstage/plugin-mx-common';
import type { TemplateStep } from './templates';

const COMPOSE = 'mx:manifests:compose';
const RECONCILE = 'mx:files:reconcile';

/**
 * The manifests an `mx:manifests:compose` step can write. `devspace.yaml` and `catalog-info.yaml`
 * always; `cloudbuild.yaml` whenever the project's state records the `cloudbuild` generator
 * (`composeCloudbuild` in `@mx-backstage/plugin-mx-common`): on any existing project (the
 * template has an `mx:repo:checkout` step, even one under `if:`) or when the template is the
 * Cloud Build generator itself. A template that only ever creates a fresh project composes from
 * the state its own `mx:state:merge` wrote, which records no other generator.
 */
export function composedManifests(template: {
  generatorId: string;
  steps: TemplateStep[];
}): string[] {
  const existingProject = template.steps.some(
    s => s.action === 'mx:repo:checkout',
  );
  const isCloudbuild =
    template.generatorId === 'cloudbuild' ||
    template.steps.some(
      s =>
        s.action === 'mx:state:merge' && s.input?.generatorId === 'cloudbuild',
    );
  return existingProject || isCloudbuild
    ? [DEVSPACE_FILE, CATALOG_INFO_FILE, CLOUDBUILD_FILE]
    : [DEVSPACE_FILE, CATALOG_INFO_FILE];
}

const stepName = (s: TemplateStep) => (s.id ? `step ${s.id}` : 'a step');

function literalGlobs(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  return Array.isArray(value) && value.every(v => typeof v === 'string')
    ? value
    : undefined;
}

/**
 * A template that runs `mx:manifests:compose` must hand the manifests it writes to a later
 * `mx:files:reconcile` step (whose `sourcePath` is the compose step's `targetPath`) as MANAGED
 * files: a file that matches a `managed` glob and no `seeded` glob (the reconcile action's own
 * rule). Anything else is seeded: created once, never updated on re-runs or upgrades, with no
 * recorded hash and no base copy for a three-way merge. Returns one message per problem, each
 * naming the template, the file and the fix; none for a template without the compose step.
 */
export function managedManifestProblems(template: {
  name: string;
  generatorId: string;
  steps: TemplateStep[];
}): string[] {
  const problems: string[] = [];
  const files = composedManifests(template);
  const managedList = `managed: [${files.join(', ')}]`;
  template.steps.forEach((compose, index) => {
    if (compose.action !== COMPOSE) return;
    const target = compose.input?.targetPath;
    const reconcile = template.steps
      .slice(index + 1)
      .find(s => s.action === RECONCILE && s.input?.sourcePath === target);
    const where = `${template.name}: ${stepName(compose)} (${COMPOSE})`;
    if (!reconcile) {
      problems.push(
        `${where} writes ${files.join(
          ', ',
        )} into '${target}', but no later ${RECONCILE} step has sourcePath '${target}': they would never reach the repository; add one with ${managedList}`,
      );
      return;
    }
    const managed = literalGlobs(reconcile.input?.managed);
    const seeded = literalGlobs(reconcile.input?.seeded);
    if (!managed || !seeded) {
      problems.push(
        `${template.name}: ${stepName(reconcile)} (${RECONCILE}) gives ${
          managed ? 'seeded' : 'managed'
        } as an expression, so the kit cannot tell whether ${files.join(
          ', ',
        )} are managed; write it as a literal list (e.g. ${managedList})`,
      );
      return;
    }
    for (const file of files) {
      if (!matchesAnyGlob(file, managed)) {
        problems.push(
          `${template.name}: ${file} is written by ${stepName(
            compose,
          )} (${COMPOSE}) but is not managed by ${stepName(
            reconcile,
          )} (${RECONCILE}), so it would be seeded: created once, never updated on re-runs or upgrades; add '${file}' to that step's managed list`,
        );
      } else if (matchesAnyGlob(file, seeded)) {
        const glob = seeded.find(g => matchesAnyGlob(file, [g]));
        problems.push(
          `${template.name}: ${file} is written by ${stepName(
            compose,
          )} (${COMPOSE}) but ${stepName(
            reconcile,
          )} (${RECONCILE}) seeds it (seeded '${glob}' wins over managed), so it would be created once and never updated on re-runs or upgrades; narrow or drop that seeded glob`,
        );
      }
    }
  });
  return problems;
}
