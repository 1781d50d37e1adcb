import {
  failures,
  goldenTree,
  goldenWithDefect,
  runTreeCheck,
  withEdit,
} from '../__testUtils__/goldens';
import {
  REPLAY_BUILDS,
  cloudBuildReplay,
  emptyTag,
  substitute,
} from './cloudBuildReplay';

const FILE = 'cloudbuild.yaml';

describe('cloudBuildReplay', () => {
  it.each([
    ['cloudbuild', 'maximal'],
    ['cloudbuild', 'minimal'],
    ['sphinx-docs', 'maximal'],
  ])('passes on the %s %s golden', async (template, fixture) => {
    const rows = await runTreeCheck(
      cloudBuildReplay,
      await goldenTree(template, fixture),
    );
    expect(rows.map(r => r.file)).toEqual([FILE]);
    expect(failures(rows)).toEqual([]);
  });

  it('fails when images are tagged with $COMMIT_SHA (defect 10 put back: manual builds)', async () => {
    const tree = withEdit(await goldenTree('cloudbuild', 'maximal'), FILE, t =>
      t.replaceAll(':$BUILD_ID', ':$COMMIT_SHA'),
    );
    const [row] = failures(await runTreeCheck(cloudBuildReplay, tree));
    expect(row.message).toContain(
      'manual build (gcloud builds submit): step mx-image-build uses the image "us-central1-docker.pkg.dev/acme-fraud-42/fraud-detection/fraud-detection:" with an empty tag',
    );
    // a trigger build has a commit: only the manual build breaks
    expect(row.message).not.toContain('trigger build (push to main): step');
  });

  it('fails when every build uploads the same package version (defect 10 put back: the second build)', async () => {
    const tree = await goldenWithDefect(
      'cloudbuild',
      'maximal',
      FILE,
      /pip install -q build && .* && python -m build/,
      'pip install -q build && python -m build',
    );
    const [row] = failures(await runTreeCheck(cloudBuildReplay, tree));
    expect(row.message).toContain(
      'both upload fraud_detection-0.1.0-py3-none-any.whl, fraud_detection-0.1.0.tar.gz',
    );
    expect(row.message).toContain('Artifact Registry refuses');
  });

  it('fails on a shell variable Cloud Build would read as a substitution', async () => {
    const tree = await goldenWithDefect(
      'cloudbuild',
      'maximal',
      FILE,
      'ruff check .',
      'ruff check $HOME',
    );
    const [row] = failures(await runTreeCheck(cloudBuildReplay, tree));
    expect(row.message).toContain('"$HOME" is not a built-in substitution');
  });

  it('substitutes as Cloud Build does', () => {
    const [trigger, manual] = REPLAY_BUILDS;
    expect(
      substitute('img:${SHORT_SHA}-$BUILD_ID $$HOME $$(date) $x', {
        ...manual.substitutions,
      }).text,
    ).toBe(`img:-${manual.substitutions.BUILD_ID} $HOME $(date) $x`);
    expect(substitute('$SHORT_SHA', trigger.substitutions).text).toBe(
      '9fceb02',
    );
    expect(substitute('$_MINE', {}).unknown).toEqual(['_MINE']);
    expect(emptyTag('eu-docker.pkg.dev/p/r/i:')).toBe(true);
    expect(emptyTag('localhost:5000/i')).toBe(false);
    expect(emptyTag('eu-docker.pkg.dev/p/r/i:abc')).toBe(false);
  });
});
