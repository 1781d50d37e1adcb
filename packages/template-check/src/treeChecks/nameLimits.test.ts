import { nameLimits } from './nameLimits';
import {
  failures,
  goldenTree,
  replaceOnce,
  runTreeCheck,
  withEdit,
} from '../__testUtils__/goldens';

/** The long-name fixture's name before the wizard limited names to 40 characters (62). */
const OLD_LONG_NAME =
  'globex-fraud-detection-for-card-payments-in-real-time-eu-v2-x1';

describe('nameLimits', () => {
  it.each([
    ['ml-project', 'minimal'],
    ['ml-project', 'maximal'],
    ['ml-project', 'long-name'],
    ['seldon-serving', 'maximal'],
    ['distributed-training', 'maximal'],
    ['streamlit-app', 'maximal'],
    ['cvat-labeling', 'maximal'],
    ['sphinx-docs', 'maximal'],
    ['debug-pod', 'maximal'],
  ])('finds every name of %s/%s within its limits', async (t, fx) => {
    const rows = await runTreeCheck(nameLimits, await goldenTree(t, fx));
    expect(failures(rows)).toEqual([]);
    // It did read the Terraform names and the manifests
    expect(rows.find(r => r.file.endsWith('gke.tf'))?.status).toBe('pass');
    expect(
      rows.some(r => r.file.startsWith('infrastructure/kubernetes/')),
    ).toBe(true);
  });

  it('fails the long-name defect put back: a 62-character project name in the Terraform', async () => {
    expect(OLD_LONG_NAME).toHaveLength(62);
    const golden = await goldenTree('ml-project', 'long-name');
    const tree = withEdit(
      golden,
      'infrastructure/terraform/terraform.tfvars',
      text => replaceOnce(text, /name\s*=\s*"[^"]*"/, `name       = "${OLD_LONG_NAME}"`),
    );
    const messages = failures(await runTreeCheck(nameLimits, tree)).map(
      r => `${r.file}: ${r.message}`,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `infrastructure/terraform/gke.tf: google_container_cluster.main.name: GKE cluster name "${OLD_LONG_NAME}" (62 characters; allowed 1-40`,
        ),
        expect.stringContaining(
          `infrastructure/terraform/artifact_registry.tf: google_artifact_registry_repository.python.repository_id: Artifact Registry repository id "${OLD_LONG_NAME}-python" (69 characters; allowed 1-63`,
        ),
      ]),
    );
    expect(messages.join('\n')).toContain('over the limit of 40');
  });
});
