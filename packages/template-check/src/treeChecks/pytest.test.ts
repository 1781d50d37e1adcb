import {
  failures,
  goldenTree,
  goldenWithDefect,
  replaceOnce,
  runTreeCheck,
  withEdit,
} from '../__testUtils__/goldens';
import { makeTargetRecipe, pytestCheck } from './pytest';

jest.setTimeout(120_000);

const PYTHONPATH_FIX =
  /\n# The project root on sys\.path[^\n]*\n[^\n]*\npythonpath = \["\."\]/;

describe('pytest as `make test` runs it', () => {
  it.each([
    ['ml-project', 'maximal'],
    ['distributed-training', 'maximal'],
  ])("passes the %s/%s golden's tests", async (t, fx) => {
    const rows = await runTreeCheck(pytestCheck, await goldenTree(t, fx));
    expect(rows.map(r => [r.file, r.status, r.message])).toEqual([
      ['Makefile', 'pass', undefined],
    ]);
    expect(rows[0].validator).toContain('make test (pytest)');
  });

  it('fails defect 9 put back: bare `pytest` without the project root on sys.path', async () => {
    const tree = await goldenWithDefect(
      'ml-project',
      'maximal',
      'pyproject.toml',
      PYTHONPATH_FIX,
      '',
    );
    const failed = failures(await runTreeCheck(pytestCheck, tree));
    expect(failed).toHaveLength(1);
    expect(failed[0].message).toMatch(/No module named 'trainer'/);
  });

  it("runs the Makefile's own command: `python -m pytest` puts the project root on sys.path", async () => {
    const golden = await goldenTree('ml-project', 'maximal');
    const withoutFix = withEdit(golden, 'pyproject.toml', t =>
      replaceOnce(t, PYTHONPATH_FIX, ''),
    );
    const tree = withEdit(withoutFix, 'Makefile', t =>
      replaceOnce(t, '\tpytest\n', '\tpython -m pytest\n'),
    );
    const rows = await runTreeCheck(pytestCheck, tree);
    expect(rows[0].validator).toContain('python -m pytest');
    expect(failures(rows)).toEqual([]);
  });

  it('fails a failing test with its assertion', async () => {
    const tree = await goldenWithDefect(
      'ml-project',
      'maximal',
      'tests/test_trainer.py',
      'assert train(cfg) < 1.0',
      'assert train(cfg) < 0.0',
    );
    const failed = failures(await runTreeCheck(pytestCheck, tree));
    expect(failed).toHaveLength(1);
    expect(failed[0].message).toMatch(/assert .* < 0\.0/);
    expect(failed[0].message).toMatch(/1 failed, 1 passed/);
  });

  it('says which Debian package to install when pytest is missing', async () => {
    const saved = process.env.MX_CHECK_PYTHON;
    process.env.MX_CHECK_PYTHON = '/nonexistent/python3';
    try {
      const rows = await runTreeCheck(
        pytestCheck,
        await goldenTree('ml-project', 'minimal'),
      );
      expect(rows.map(r => r.status)).toEqual(['n/a']);
      expect(rows[0].message).toMatch(/apt-get install -y python3-pytest/);
    } finally {
      if (saved === undefined) delete process.env.MX_CHECK_PYTHON;
      else process.env.MX_CHECK_PYTHON = saved;
    }
  });

  it('reads the recipe of a Makefile target', () => {
    const makefile =
      'X := 1\ntest: ## run\n\tpytest -q\n\t@echo done\n\nlint:\n\truff check .\n';
    expect(makeTargetRecipe(makefile, 'test')).toEqual([
      'pytest -q',
      '@echo done',
    ]);
    expect(makeTargetRecipe(makefile, 'docs')).toBeUndefined();
  });
});
