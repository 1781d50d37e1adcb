import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { outputsOf, projectStateText } from '../__testUtils__/growFixtures';
import { createFilesReconcileAction } from './filesReconcile';
import { examples } from './filesReconcile.examples';

describe('mx:files:reconcile examples', () => {
  const mockDir = createMockDirectory();

  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_d, example) => {
      const step = yaml.parse(example.example).steps[0];
      const ws = mockDir.resolve(`ws-${Math.random().toString(36).slice(2)}`);
      const repo = path.join(ws, step.input.targetPath ?? 'repo');
      await fs.mkdir(path.join(repo, '.mx'), { recursive: true });
      await fs.writeFile(path.join(repo, '.mx/state.yaml'), projectStateText());
      for (const p of step.input.remove ?? []) {
        await fs.mkdir(path.dirname(path.join(repo, p)), { recursive: true });
        await fs.writeFile(path.join(repo, p), 'kind: Legacy\n');
      }
      const rendered = path.join(ws, step.input.sourcePath);
      await fs.mkdir(path.join(rendered, 'infrastructure/terraform'), {
        recursive: true,
      });
      await fs.writeFile(
        path.join(rendered, 'devspace.yaml'),
        'version: v2beta1\n',
      );
      await fs.writeFile(
        path.join(rendered, 'infrastructure/terraform/main.tf'),
        '# tf\n',
      );
      await fs.writeFile(
        path.join(rendered, 'infrastructure/terraform/terraform.tfvars'),
        'a = 1\n',
      );

      const ctx = createMockActionContext({
        input: step.input,
        workspacePath: ws,
      });
      await createFilesReconcileAction().handler(ctx);
      const out = outputsOf(ctx);
      expect(out.created).toEqual([
        'devspace.yaml',
        'infrastructure/terraform/main.tf',
        'infrastructure/terraform/terraform.tfvars',
      ]);
      // Files listed in `remove` that MX never recorded are left alone.
      expect(out.skipped).toEqual(step.input.remove ?? []);
      const state = yaml.parse(
        await fs.readFile(path.join(repo, '.mx/state.yaml'), 'utf8'),
      );
      expect(state.files['infrastructure/terraform/main.tf'].mode).toBe(
        'managed',
      );
      expect(
        state.files['infrastructure/terraform/terraform.tfvars'].mode,
      ).toBe(step.input.seeded ? 'seeded' : 'managed');
    },
  );
});
