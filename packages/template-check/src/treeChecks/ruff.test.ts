import {
  failures,
  goldenTree,
  replaceOnce,
  runTreeCheck,
  withEdit,
} from '../__testUtils__/goldens';
import { ruffCheck } from './ruff';

jest.setTimeout(60_000);

describe('ruff (WASM) with the project settings', () => {
  it.each([
    ['ml-project', 'maximal'],
    ['ml-project', 'long-name'],
    ['distributed-training', 'maximal'],
    ['seldon-serving', 'maximal'],
    ['streamlit-app', 'maximal'],
  ])('passes every Python file of the %s/%s golden', async (t, fx) => {
    const tree = await goldenTree(t, fx);
    const rows = await runTreeCheck(ruffCheck, tree);
    const pyFiles = [...tree.keys()].filter(
      f => f.endsWith('.py') && !f.startsWith('.mx/'),
    );
    expect(rows.map(r => r.file).sort()).toEqual(pyFiles.sort());
    expect(failures(rows)).toEqual([]);
  });

  it("fails a line over the project's line length (100), not ruff's default (88)", async () => {
    const tree = await goldenTree('ml-project', 'maximal');
    const comment = (n: number) => `# ${'x'.repeat(n - 2)}\n`;
    const at95 = withEdit(tree, 'trainer.py', t =>
      replaceOnce(t, 'log = logging', `${comment(95)}log = logging`),
    );
    expect(failures(await runTreeCheck(ruffCheck, at95))).toEqual([]);

    const at101 = withEdit(tree, 'trainer.py', t =>
      replaceOnce(t, 'log = logging', `${comment(101)}log = logging`),
    );
    const failed = failures(await runTreeCheck(ruffCheck, at101));
    expect(failed).toHaveLength(1);
    expect(failed[0].file).toBe('trainer.py');
    expect(failed[0].validator).toContain('pyproject.toml');
    expect(failed[0].message).toMatch(/E501 Line too long \(101 > 100\)/);
  });

  it("applies the project's per-file-ignores: docstrings are required outside tests/", async () => {
    const tree = await goldenTree('ml-project', 'maximal');
    const undocumented = withEdit(tree, 'trainer.py', t =>
      replaceOnce(
        t,
        '    """Return a synthetic linear-regression dataset; replace with the client\'s data."""\n',
        '',
      ),
    );
    const failed = failures(await runTreeCheck(ruffCheck, undocumented));
    expect(failed.map(r => r.file)).toEqual(['trainer.py']);
    expect(failed[0].message).toMatch(/D103/);
    // tests/ has no docstrings at all and passes: "tests/*" = ["D"]
    expect(tree.get('tests/test_trainer.py')!.toString()).not.toContain('"""');
  });

  it('sorts imports with the project root as first-party (trainer.py is a local module)', async () => {
    const tree = await goldenTree('ml-project', 'maximal');
    const oneBlock = withEdit(tree, 'tests/test_trainer.py', t =>
      replaceOnce(
        t,
        'from omegaconf import OmegaConf\n\nfrom trainer',
        'from omegaconf import OmegaConf\nfrom trainer',
      ),
    );
    const failed = failures(await runTreeCheck(ruffCheck, oneBlock));
    expect(failed.map(r => r.file)).toEqual(['tests/test_trainer.py']);
    expect(failed[0].message).toMatch(/I001/);
  });

  it('fails a file ruff format would change', async () => {
    const tree = await goldenTree('ml-project', 'maximal');
    const singleQuotes = withEdit(tree, 'trainer.py', t =>
      replaceOnce(t, 'float("inf")', "float('inf')"),
    );
    const failed = failures(await runTreeCheck(ruffCheck, singleQuotes));
    expect(failed).toHaveLength(1);
    expect(failed[0].message).toMatch(
      /ruff format --check: would reformat \(first difference at line \d+/,
    );
  });

  it('fails with ruff’s own error when the settings are invalid', async () => {
    const tree = await goldenTree('ml-project', 'maximal');
    const bad = withEdit(tree, 'pyproject.toml', t =>
      replaceOnce(t, 'line-length = 100', 'line-length = "long"'),
    );
    const rows = await runTreeCheck(ruffCheck, bad);
    expect(failures(rows).length).toBe(rows.length);
    expect(rows[0].message).toMatch(
      /ruff rejects the settings in pyproject.toml/,
    );
  });
});
