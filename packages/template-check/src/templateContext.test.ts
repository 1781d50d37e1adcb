import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { checkEntity } from './checks/entity';
import { findRepoRoot } from './lib/paths';
import { templateContextProblems } from './templateContext';
import { findTemplateDirs, loadTemplate, TemplateStep } from './templates';
import { replaceOnce } from './__testUtils__/goldens';

const templatesDir = path.join(findRepoRoot(), 'templates');

describe('templateContextProblems', () => {
  it('passes on every committed template', async () => {
    const dirs = await findTemplateDirs(templatesDir);
    expect(dirs).toHaveLength(11);
    const problems = [];
    for (const dir of dirs) {
      problems.push(...templateContextProblems(await loadTemplate(dir)));
    }
    expect(problems).toEqual([]);
  });

  it('fails a step input that reads templateInfo, the way the templates once passed their destructive answers', async () => {
    const t = await loadTemplate(
      path.join(templatesDir, 'distributed-training'),
    );
    const text = await fs.readFile(path.join(t.dir, 'template.yaml'), 'utf8');
    const entity = YAML.parse(
      replaceOnce(
        text,
        /^(\s+)generatorId: distributed-training\n/m,
        "$1generatorId: distributed-training\n$1destructive: ${{ templateInfo.entity.metadata.annotations['mx.backstage.io/destructive-answers'] }}\n",
      ),
    );
    const broken = { ...t, entity, steps: entity.spec.steps };
    expect(templateContextProblems(broken)).toEqual([
      expect.stringMatching(
        /^distributed-training: step answers\.input\.destructive uses templateInfo: the scaffolder gives templateInfo to actions \(ctx\.templateInfo\), not to \$\{\{ \}\} expressions, so it renders empty/,
      ),
    ]);
    const rows = await checkEntity(
      broken,
      new Set(broken.steps.map((s: TemplateStep) => s.action)),
    );
    expect(
      rows.find(r => r.validator === 'expressions: scaffolder context'),
    ).toMatchObject({ status: 'fail' });
  });

  it('reads if: and the output too, and leaves names that only contain the word alone', () => {
    const problems = templateContextProblems({
      name: 'x',
      steps: [
        { id: 'a', action: 'debug:log', if: '${{ templateInfo.entityRef }}' },
        {
          id: 'b',
          action: 'debug:log',
          input: { message: '${{ parameters.templateInfoText }}' },
        },
      ],
      entity: { spec: { output: { text: ['${{ templateInfo.baseUrl }}'] } } },
    });
    expect(problems).toEqual([
      expect.stringMatching(/^x: step a\.if uses templateInfo/),
      expect.stringMatching(/^x: output\.text\[0\] uses templateInfo/),
    ]);
  });
});
