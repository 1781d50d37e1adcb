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

  it('fails a project name with a digit first: the cluster and the registry need a letter first', async () => {
    const golden = await goldenTree('ml-project', 'minimal');
    const tree = withEdit(
      golden,
      'infrastructure/terraform/terraform.tfvars',
      text => replaceOnce(text, /name\s*=\s*"[^"]*"/, 'name = "42-fraud-detection"'),
    );
    const failed = failures(await runTreeCheck(nameLimits, tree));
    expect(failed.map(r => `${r.file}: ${r.message}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^infrastructure\/terraform\/gke.tf: google_container_cluster.main.name: GKE cluster name "42-fraud-detection" .*: not lowercase letters, digits and hyphens, a letter first/,
        ),
        expect.stringMatching(
          /^infrastructure\/terraform\/artifact_registry.tf: google_artifact_registry_repository.images.repository_id: Artifact Registry repository id "42-fraud-detection"/,
        ),
        expect.stringMatching(
          /^infrastructure\/terraform\/iam.tf: google_service_account.nodes.account_id: service account id \(account_id\) "42-fraud-detection-nodes"/,
        ),
      ]),
    );
  });

  it('fails a Kubernetes label value over 63 characters and names the object and the field', async () => {
    const golden = await goldenTree('ml-project', 'long-name');
    const long = `${'x'.repeat(60)}-eu2`;
    const tree = withEdit(
      golden,
      'infrastructure/kubernetes/mlflow/namespace.yaml',
      text =>
        replaceOnce(
          text,
          /app.kubernetes.io\/part-of: .*/,
          `app.kubernetes.io/part-of: ${long}`,
        ),
    );
    const failed = failures(await runTreeCheck(nameLimits, tree));
    expect(failed).toEqual([
      expect.objectContaining({
        file: 'infrastructure/kubernetes/mlflow/namespace.yaml',
        message: expect.stringContaining(
          `Namespace/mlflow metadata.labels["app.kubernetes.io/part-of"]: Kubernetes label value "${long}" (64 characters; allowed 0-63`,
        ),
      }),
    ]);
  });

  it('fails a managed certificate domain over 63 characters', async () => {
    const golden = await goldenTree('deployment-infrastructure', 'maximal');
    const file = 'infrastructure/kubernetes/ingress/ingress.yaml';
    const host = `labeling.fraud-detection.${'a'.repeat(30)}.example.co.uk`;
    const tree = withEdit(golden, file, text =>
      replaceOnce(text, /- labeling\..*/, `- ${host}`),
    );
    const failed = failures(await runTreeCheck(nameLimits, tree));
    expect(failed.map(r => r.message)).toEqual([
      expect.stringContaining(
        `ManagedCertificate/ingress spec.domains[2]: GKE ManagedCertificate domain "${host}" (${host.length} characters; allowed 1-63`,
      ),
    ]);
  });
});
