import Ajv from 'ajv';
import { answersConventionProblems } from '../answersConventions';
import { managedManifestProblems } from '../managedManifests';
import { templateContextProblems } from '../templateContext';
import { TemplateStep, TemplateUnderCheck } from '../templates';
import { CheckStatus } from '../validators';
import { validateCatalogEntity } from '../validators/entities';
import { ReportRow } from './types';

const SEMVER = /^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/;

/** The template entity, its parameter schemas, its actions and the MX conventions. */
export async function checkEntity(
  t: TemplateUnderCheck,
  actions: Set<string>,
): Promise<ReportRow[]> {
  const row = (
    validator: string,
    errors: string[],
    status?: CheckStatus,
  ): ReportRow => ({
    template: t.name,
    fixture: '-',
    file: 'template.yaml',
    validator,
    status: status ?? (errors.length ? 'fail' : 'pass'),
    message: errors.length ? errors.join(' | ') : undefined,
  });
  if (t.parseError || !t.entity) {
    return [row('yaml', [t.parseError ?? 'empty template.yaml'])];
  }
  const rows: ReportRow[] = [];
  const entityError = await validateCatalogEntity(t.entity);
  rows.push(
    row(
      'catalog-model + TemplateEntityV1beta3',
      entityError ? [entityError] : [],
    ),
  );

  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  const paramErrors: string[] = [];
  const pages = t.entity.spec?.parameters;
  const pageList: any[] = Array.isArray(pages)
    ? pages
    : [pages].filter(Boolean);
  for (const [i, page] of pageList.entries()) {
    try {
      ajv.compile(page);
      for (const req of page.required ?? []) {
        if (!page.properties?.[req]) {
          paramErrors.push(`page ${i + 1}: required ${req} is not a property`);
        }
      }
    } catch (e) {
      paramErrors.push(
        `page ${i + 1} (${page?.title ?? ''}): ${(e as Error).message}`,
      );
    }
  }
  rows.push(row('parameters (ajv compile)', paramErrors));

  const missing = t.steps
    .filter(s => !actions.has(s.action))
    .map(s => `step ${s.id ?? '?'}: no action ${s.action} in the scaffolder`);
  const badIds = t.steps
    .filter(s => s.id && !/^[A-Za-z][A-Za-z0-9_]*$/.test(s.id))
    .map(
      s =>
        `step id ${s.id}: use camelCase (dashes break \${{ steps.x }} expressions)`,
    );
  rows.push(row('steps: actions registered', [...missing, ...badIds]));

  const conv: string[] = [];
  if (!t.generatorVersion || !SEMVER.test(String(t.generatorVersion))) {
    conv.push(
      `metadata.annotations['mx.backstage.io/generator-version'] must be a semantic version (found ${JSON.stringify(
        t.generatorVersion,
      )})`,
    );
  }
  const merge = t.steps.find(
    (s: TemplateStep) => s.action === 'mx:state:merge',
  );
  if (merge) {
    const v = merge.input?.generatorVersion;
    if (
      t.generatorVersion &&
      v !== undefined &&
      String(v) !== String(t.generatorVersion)
    ) {
      conv.push(
        `mx:state:merge generatorVersion ${v} differs from the generator-version annotation ${t.generatorVersion}`,
      );
    }
    if (merge.input?.generatorId && merge.input.generatorId !== t.generatorId) {
      conv.push(
        `mx:state:merge generatorId ${merge.input.generatorId} differs from the mx.backstage.io/generator label ${t.generatorId}`,
      );
    }
  }
  conv.push(...answersConventionProblems(t));
  if (
    t.fixtures.length > 0 &&
    t.fixtures.filter(f => f.expectError === undefined).length < 2
  ) {
    conv.push('at least two rendering fixtures (a minimal and a maximal case)');
  }
  rows.push(row('MX conventions', conv));
  rows.push(row('expressions: scaffolder context', templateContextProblems(t)));
  rows.push(
    row(
      'composed manifests managed',
      managedManifestProblems(t),
      t.steps.some(s => s.action === 'mx:manifests:compose')
        ? undefined
        : 'n/a',
    ),
  );
  return rows;
}
