import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { failures, runTreeCheck } from '../__testUtils__/goldens';
import { findRepoRoot } from '../lib/paths';
import { Tree } from '../lib/tree';
import {
  ScaffolderUnderTest,
  startScaffolderUnderTest,
  toolStandIns,
} from '../scaffolder/testScaffolder';
import {
  findTemplateDirs,
  loadTemplate,
  TemplateUnderCheck,
} from '../templates';
import { nameLimits } from '../treeChecks/nameLimits';
import { gpuZones } from '@mx-backstage/plugin-mx-common';
import { extremeStrings } from './extremes';
import {
  cases,
  longPythonLines,
  maximalFixture,
  wizardParameters,
} from './wizardCases';
import { createWizardRenders, GPU_REFUSAL } from './wizardRenders';

/**
 * Property: every input the wizards accept renders names within every GCP and Kubernetes limit
 * (the nameLimits check finds nothing) and Python lines within the project's ruff line length.
 * The inputs are the extremes of each parameter's JSON schema (extremes.ts: longest, shortest,
 * digits, letters, hyphens, enum and integer bounds), rendered through the real scaffolder.
 * Each template runs once with every parameter at its longest ("base"), then once per other
 * extreme of each parameter. Grow generators run against the ml-project rendered with its
 * longest values (and their base also against its shortest).
 */
jest.setTimeout(900_000);

const repoRoot = findRepoRoot(__dirname);
let scaffolder: ScaffolderUnderTest;
let scratch: string;
const templates = new Map<string, TemplateUnderCheck>();
let renders: ReturnType<typeof createWizardRenders>;

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-wizard-names-'));
  const standIns = await toolStandIns();
  scaffolder = await startScaffolderUnderTest({
    workingDirectory: scratch,
    tools: standIns.paths,
  });
  for (const dir of await findTemplateDirs(path.join(repoRoot, 'templates'))) {
    const t = await loadTemplate(dir);
    templates.set(t.name, t);
  }
  renders = createWizardRenders(scaffolder, templates);
});

afterAll(async () => {
  process.stdout.write(
    `wizard names: ${renders?.counts.dryRuns ?? 0} dry runs\n`,
  );
  await scaffolder?.stop();
  if (scratch) await fs.rm(scratch, { recursive: true, force: true });
});

async function findings(tree: Tree, label: string): Promise<string[]> {
  const rows = await runTreeCheck(nameLimits, tree, label);
  return [
    ...failures(rows).map(r => `${label}: ${r.file}: ${r.message}`),
    ...longPythonLines(tree).map(l => `${label}: ${l}`),
  ];
}

const GROW = [
  'apply-infrastructure',
  'cloudbuild',
  'cvat-labeling',
  'debug-pod',
  'deploy',
  'deployment-infrastructure',
  'distributed-training',
  'seldon-serving',
  'sphinx-docs',
  'streamlit-app',
];

describe('every input the wizards accept renders names within their limits', () => {
  it('generates the extremes from the schemas: the project name reaches its maxLength', () => {
    const t = templates.get('ml-project')!;
    const name = wizardParameters(t).find(p => p.key === 'name')!;
    expect(String(name.extremes[0])).toHaveLength(name.schema.maxLength!);
  });

  it('ml-project', async () => {
    const t = templates.get('ml-project')!;
    const fixture = maximalFixture(t).values;
    const problems: string[] = [];
    const all = cases(t);
    for (const c of all) {
      const tree = await renders.render(
        t,
        { ...fixture, ...c.values },
        undefined,
      );
      problems.push(...(await findings(tree, `ml-project ${c.label}`)));
    }
    expect(all.length).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it.each(GROW)('%s', async name => {
    const t = templates.get(name)!;
    const problems: string[] = [];
    const refused: string[] = [];
    const longestSeed = await renders.seedOf(t, 'longest');
    const base = await renders.acceptedLongest(t, 'longest', longestSeed);
    const { name: projectName } = await renders.project('longest');
    const all = cases(t, base.values);
    const domainParam = wizardParameters(t).find(p => p.key === 'baseDomain');
    if (domainParam) {
      // The boundary: the longest base domains whose certificate hosts have exactly 63 characters
      const room = 63 - `labeling.${projectName}.`.length;
      for (const v of extremeStrings({
        ...domainParam.schema,
        maxLength: room,
      })) {
        all.push({
          label: `baseDomain=${JSON.stringify(v)} (at the certificate limit)`,
          values: { ...base.values, baseDomain: v },
        });
      }
      if (!all.some(c => String(c.values.baseDomain).length === room)) {
        problems.push(
          `no generated base domain of ${room} characters (the limit)`,
        );
      }
    }
    for (const c of all) {
      const values = await renders.growValues(t, 'longest', c.values);
      const r = await renders.tryRender(t, values, longestSeed);
      if (r.refused !== undefined && r.by === 'form') continue; // not an accepted input
      if (r.refused !== undefined) {
        refused.push(c.label);
        const gpu = GPU_REFUSAL.exec(r.refused);
        if (gpu) {
          // Refused only for the answer's GPU type, when the table has no zone of it in the region
          if (
            gpu[2] !== values.gpuType ||
            gpuZones(gpu[1], gpu[2]).length > 0
          ) {
            problems.push(
              `${name} ${c.label}: refused although ${gpu[2]} is offered: ${r.refused}`,
            );
          }
          continue;
        }
        // Refused only when a certificate host really is over 63 characters
        const host = `labeling.${projectName}.${String(
          values.baseDomain ?? '',
        )}`;
        if (host.length <= 63) {
          problems.push(
            `${name} ${c.label}: refused although ${host} fits: ${r.refused}`,
          );
        }
        continue;
      }
      problems.push(...(await findings(r.tree, `${name} ${c.label}`)));
    }
    const shortestSeed = await renders.seedOf(t, 'shortest');
    const shortest = await renders.acceptedLongest(t, 'shortest', shortestSeed);
    problems.push(
      ...(await findings(shortest.tree, `${name} on the shortest project`)),
    );
    expect(problems).toEqual([]);
    if (refused.length > 0) {
      process.stdout.write(
        `${name}: refused by the task (certificate hosts over 63 characters, GPU types not offered in the region): ${refused.join(
          '; ',
        )}\n`,
      );
    }
  });
});
