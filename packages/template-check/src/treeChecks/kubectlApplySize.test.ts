import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { resolveSchemaDir } from '../lib/paths';
import {
  failures,
  goldenTree,
  goldenWithDefect,
  replaceOnce,
  runTreeCheck,
} from '../__testUtils__/goldens';
import { kubectlApplyMode, kubectlApplySize } from './kubectlApplySize';
import { KNOWN_REMOTE_MANIFESTS } from './k8s/known';
import { ANNOTATION_LIMIT, lastAppliedAnnotationBytes } from './k8s/manifests';

const SERVER_SIDE =
  '      applyArgs: ["--force=false", "--server-side", "--force-conflicts"]\n';
const KUSTOMIZATION =
  'infrastructure/kubernetes/training-operator/kustomization.yaml';

describe('kubectlApplySize', () => {
  it.each([
    ['distributed-training', 'maximal'],
    ['distributed-training', 'minimal'],
    ['seldon-serving', 'maximal'],
  ])('passes on the %s %s golden', async (template, fixture) => {
    const rows = await runTreeCheck(
      kubectlApplySize,
      await goldenTree(template, fixture),
    );
    expect(rows.map(r => [r.file, r.status])).toEqual([
      ['devspace.yaml', 'pass'],
    ]);
  });

  it('fails when the training operator is applied client-side again (defect 6 put back)', async () => {
    const tree = await goldenWithDefect(
      'distributed-training',
      'maximal',
      'devspace.yaml',
      SERVER_SIDE,
      '',
    );
    const [row] = failures(await runTreeCheck(kubectlApplySize, tree));
    expect(row.file).toBe('devspace.yaml');
    expect(row.message).toContain(
      'deployment training-operator applies CustomResourceDefinition pytorchjobs.kubeflow.org',
    );
    expect(row.message).toMatch(/over the API server's 262,144-byte limit/);
    expect(row.message).toContain('--server-side');
  });

  it('fails when --server-side meets the --force devspace always passes', async () => {
    const tree = await goldenWithDefect(
      'distributed-training',
      'maximal',
      'devspace.yaml',
      '"--force=false", ',
      '',
    );
    const [row] = failures(await runTreeCheck(kubectlApplySize, tree));
    expect(row.message).toContain(
      '"--force cannot be used with --server-side"',
    );
  });

  it('fails on a remote manifest nobody measured', async () => {
    const tree = await goldenWithDefect(
      'distributed-training',
      'maximal',
      KUSTOMIZATION,
      '?ref=v1.9.0',
      '?ref=v1.9.1',
    );
    const [row] = failures(await runTreeCheck(kubectlApplySize, tree));
    expect(row.message).toContain('?ref=v1.9.1');
    expect(row.message).toContain('KNOWN_REMOTE_MANIFESTS');
  });

  it('measures a local manifest the way kubectl annotates it: the PyTorchJob CRD is over the limit', async () => {
    const crdText = await fs.readFile(
      path.join(
        resolveSchemaDir(),
        'crds',
        'kubeflow.org',
        'pytorchjob_v1.crd.yaml',
      ),
    );
    const crd = YAML.parse(crdText.toString('utf8'));
    // The same CRD (release-1.9) as the measured v1.9.0 overlay's
    expect(lastAppliedAnnotationBytes(crd)).toBe(
      KNOWN_REMOTE_MANIFESTS[
        'github.com/kubeflow/training-operator.git/manifests/overlays/standalone?ref=v1.9.0'
      ].lastAppliedBytes,
    );
    expect(lastAppliedAnnotationBytes(crd)).toBeGreaterThan(ANNOTATION_LIMIT);

    const golden = await goldenTree('distributed-training', 'maximal');
    const tree = new Map(golden);
    tree.set('infrastructure/kubernetes/crds/pytorchjobs.yaml', crdText);
    tree.set(
      'devspace.yaml',
      Buffer.from(
        replaceOnce(
          golden.get('devspace.yaml')!.toString('utf8'),
          '\ndeployments:\n',
          '\ndeployments:\n  crds:\n    kubectl:\n      manifests:\n        - infrastructure/kubernetes/crds/\n',
        ),
      ),
    );
    const [row] = failures(await runTreeCheck(kubectlApplySize, tree));
    expect(row.message).toContain(
      'deployment crds applies CustomResourceDefinition pytorchjobs.kubeflow.org (infrastructure/kubernetes/crds/pytorchjobs.yaml) client-side',
    );
  });

  it('reads kubectl flags as kubectl does (last one wins)', () => {
    expect(
      kubectlApplyMode(['apply', '--force', '-f', '-', '--server-side']),
    ).toMatchObject({ refused: expect.stringContaining('--force') });
    expect(
      kubectlApplyMode([
        'apply',
        '--force',
        '-f',
        '-',
        '--force=false',
        '--server-side',
      ]),
    ).toEqual({ serverSide: true });
    expect(kubectlApplyMode(['apply', '--force-conflicts'])).toMatchObject({
      serverSide: false,
      refused: expect.stringContaining('--force-conflicts'),
    });
  });
});
