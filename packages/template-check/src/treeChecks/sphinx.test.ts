import {
  failures,
  goldenTree,
  goldenWithDefect,
  runTreeCheck,
} from '../__testUtils__/goldens';
import { sphinxCheck } from './sphinx';

jest.setTimeout(120_000);

describe('sphinx-build -W on the rendered docs', () => {
  it.each([
    ['ml-project', 'maximal'],
    ['sphinx-docs', 'maximal'],
    ['cloudbuild', 'minimal'],
  ])('builds the docs of the %s/%s golden without a warning', async (t, fx) => {
    const rows = await runTreeCheck(sphinxCheck, await goldenTree(t, fx));
    expect(rows.map(r => [r.file, r.status, r.message])).toEqual([
      ['docs/', 'pass', undefined],
    ]);
  });

  it('fails a toctree entry that names no document', async () => {
    const tree = await goldenWithDefect(
      'ml-project',
      'maximal',
      'docs/index.rst',
      '   training\n',
      '   trainng\n',
    );
    const failed = failures(await runTreeCheck(sphinxCheck, tree));
    expect(failed).toHaveLength(1);
    expect(failed[0].message).toMatch(
      /index.rst:\d+: WARNING: toctree contains reference to nonexisting document 'trainng'/,
    );
  });

  it('fails an API page whose module autodoc cannot import', async () => {
    const tree = await goldenWithDefect(
      'sphinx-docs',
      'maximal',
      'docs/api.rst',
      '.. automodule:: fraud_detection',
      '.. automodule:: fraud_detection_renamed',
    );
    const failed = failures(await runTreeCheck(sphinxCheck, tree));
    expect(failed).toHaveLength(1);
    expect(failed[0].message).toMatch(
      /failed to import module 'fraud_detection_renamed'/,
    );
  });

  it('says which Debian package to install when Sphinx is missing', async () => {
    const saved = process.env.MX_CHECK_PYTHON;
    process.env.MX_CHECK_PYTHON = '/nonexistent/python3';
    try {
      const rows = await runTreeCheck(
        sphinxCheck,
        await goldenTree('ml-project', 'minimal'),
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].status).toBe('n/a');
      expect(rows[0].message).toMatch(/apt-get install -y python3-sphinx/);
    } finally {
      if (saved === undefined) delete process.env.MX_CHECK_PYTHON;
      else process.env.MX_CHECK_PYTHON = saved;
    }
  });
});
