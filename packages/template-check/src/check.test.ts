import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ReportRow, runTemplateCheck } from './check';
import { formatReport } from './report';
import { findRepoRoot } from './lib/paths';

jest.setTimeout(300_000);

const repoRoot = findRepoRoot(__dirname);
const broken = path.join(__dirname, '__fixtures__', 'broken-template');

function failuresOf(rows: ReportRow[], fixture: string) {
  return rows.filter(
    r =>
      r.fixture === fixture &&
      (r.status === 'fail' || r.status === 'no validator'),
  );
}

describe('the template check kit', () => {
  it('passes on templates/ml-project: every rendered file validated, goldens equal, re-runs empty', async () => {
    const report = await runTemplateCheck({
      targets: [path.join(repoRoot, 'templates', 'ml-project')],
      compose: false,
    });
    const text = formatReport(report);
    // Goldens are compared too, but they follow the template (another team's work): a stale
    // golden is for `yarn templates:check --update`, not a failure of the kit.
    expect(report.failures.filter(r => r.validator !== 'golden')).toEqual([]);
    for (const fixture of ['minimal', 'maximal']) {
      const rows = report.rows.filter(r => r.fixture === fixture);
      const byFile = (f: string) => rows.find(r => r.file === f);
      expect(byFile('devspace.yaml')?.validator).toMatch(/devspace-v6/);
      expect(byFile('.mx/state.yaml')?.validator).toMatch(/parseState/);
      expect(byFile('infrastructure/terraform/gke.tf')?.validator).toMatch(
        /terraform fmt/,
      );
      expect(byFile('mlflow/kubernetes_job_template.yaml')?.validator).toMatch(
        /kubernetes-models/,
      );
      // the project's own tools, with its own settings (treeChecks/)
      const tool = (file: string, validator: RegExp) =>
        rows.find(r => r.file === file && validator.test(r.validator))?.status;
      expect(tool('trainer.py', /^ruff .*pyproject\.toml/)).toBe('pass');
      expect(tool('docs/', /^sphinx-build -W/)).toBe('pass');
      expect(tool('Makefile', /^make test \(pytest\)/)).toBe('pass');
      expect(rows.find(r => r.validator === 'golden')).toBeDefined();
      expect(rows.find(r => r.validator.startsWith('idempotent'))?.status).toBe(
        'pass',
      );
    }
    expect(text).toMatch(/checks passed, \d+ failed/);
    expect(text).toMatch(/Total run time: [\d.]+ s/);
  });

  it('reports every problem of a deliberately broken template', async () => {
    const report = await runTemplateCheck({
      targets: [broken],
      templatesDir: path.dirname(broken),
      compose: false,
    });
    const failures = failuresOf(report.rows, 'minimal');
    const message = (file: string) =>
      failures.find(r => r.file === file)?.message ?? '';

    expect(message('main.tf')).toMatch(/terraform fmt -check: not formatted/);
    expect(message('deployment.yaml')).toMatch(
      /\/spec\/replicas must be integer/,
    );
    expect(message('devspace.yaml')).toMatch(/version must be v2beta1.*"v1"/);
    expect(message('README.md')).toMatch(
      /unrendered template syntax '\$\{\{' at line 3/,
    );
    expect(message('gateway.yaml')).toMatch(
      /must NOT have additional properties \(unknownField\)/,
    );
    expect(failures.find(r => r.file === 'notes.xyz')?.status).toBe(
      'no validator',
    );
    expect(failures.find(r => r.file === 'widget.yaml')?.status).toBe(
      'no validator',
    );
    expect(message('widget.yaml')).toMatch(
      /no validator for example.com\/v1 Widget/,
    );
    // no golden committed for the broken template: reported, with the way to write one
    expect(message('fixtures/__golden__/minimal/')).toMatch(/--update/);
    // the generator-version annotation is fine, but mx:state:merge is absent: no convention error
    expect(
      report.rows.find(r => r.validator === 'MX conventions')?.status,
    ).toBe('pass');

    const text = formatReport(report);
    expect(text).toMatch(/Failures \(\d+\):/);
    expect(text).toContain('broken-template / minimal / deployment.yaml');
  });

  it('reports a template whose steps use actions the scaffolder does not have', async () => {
    const report = await runTemplateCheck({
      targets: [path.join(__dirname, '__fixtures__', 'unknown-action')],
      templatesDir: path.join(__dirname, '__fixtures__'),
      compose: false,
    });
    const row = report.rows.find(
      r => r.validator === 'steps: actions registered',
    );
    expect(row?.status).toBe('fail');
    expect(row?.message).toMatch(/no action mx:does:not-exist/);
    expect(
      report.rows.find(r => r.validator === 'parameters (ajv compile)')?.status,
    ).toBe('fail');
  });

  it('writes goldens with update, then shows a unified diff when the render changes', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-kit-golden-'));
    try {
      const copy = path.join(dir, 'broken-template');
      await fs.cp(broken, copy, { recursive: true });
      const run = (update: boolean) =>
        runTemplateCheck({
          targets: [copy],
          templatesDir: dir,
          compose: false,
          update,
        });

      const written = await run(true);
      const golden = written.rows.filter(r => r.validator === 'golden');
      expect(golden.map(r => [r.fixture, r.status])).toEqual([
        ['maximal', 'pass'],
        ['minimal', 'pass'],
      ]);
      expect(
        await fs.readFile(
          path.join(copy, 'fixtures/__golden__/minimal/devspace.yaml'),
          'utf8',
        ),
      ).toBe('version: v1\nname: broken\n');

      await fs.writeFile(
        path.join(copy, 'skeleton/devspace.yaml'),
        'version: v2beta1\nname: ${{ values.name }}\n',
      );
      await fs.mkdir(path.join(copy, 'fixtures/__golden__/removed-fixture'));
      const changed = await run(false);
      const row = changed.rows.find(
        r => r.validator === 'golden' && r.fixture === 'minimal',
      );
      expect(row?.status).toBe('fail');
      expect(row?.message).toMatch(/changed: devspace.yaml.*--update/);
      expect(row?.diff).toContain('--- golden/devspace.yaml');
      expect(row?.diff).toContain('-version: v1');
      expect(row?.diff).toContain('+version: v2beta1');
      expect(
        changed.rows.find(r => r.fixture === 'removed-fixture')?.message,
      ).toMatch(/without a rendering fixture/);
      // the fixed devspace.yaml now passes its validator
      expect(
        changed.rows.find(
          r => r.fixture === 'minimal' && r.file === 'devspace.yaml',
        )?.status,
      ).toBe('pass');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
