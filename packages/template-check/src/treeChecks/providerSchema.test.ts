import fs from 'node:fs';
import path from 'node:path';
import {
  failures,
  goldenTree,
  replaceOnce,
  runTreeCheck,
  withEdit,
} from '../__testUtils__/goldens';
import { findRepoRoot } from '../lib/paths';
import type { Tree } from '../lib/tree';
import { providerSchemaCheck } from './providerSchema';

// The first run in a fresh checkout derives the schema from the 100 MB .jsii (a few seconds).
jest.setTimeout(120_000);

const GKE = 'infrastructure/terraform/gke.tf';
const IAM = 'infrastructure/terraform/iam.tf';
const OUTPUTS = 'infrastructure/terraform/outputs.tf';
const STORAGE = 'infrastructure/terraform/storage.tf';

/** The failure messages of the check on a tree, one string per failing file. */
async function failureMessages(tree: Tree): Promise<string[]> {
  return failures(await runTreeCheck(providerSchemaCheck, tree)).map(
    r => `${r.file}: ${r.message}`,
  );
}

/** Every committed golden fixture of every template. */
function allGoldens(): [string, string][] {
  const templates = path.join(findRepoRoot(), 'templates');
  return fs
    .readdirSync(templates)
    .flatMap(template => {
      const dir = path.join(templates, template, 'fixtures', '__golden__');
      return fs.existsSync(dir)
        ? fs.readdirSync(dir).map(f => [template, f] as [string, string])
        : [];
    })
    .sort();
}

describe('providerSchemaCheck', () => {
  let mlProject: Tree;
  let cloudbuild: Tree;
  beforeAll(async () => {
    mlProject = await goldenTree('ml-project', 'maximal');
    cloudbuild = await goldenTree('cloudbuild', 'maximal');
  });

  it.each(allGoldens())(
    'passes on the untouched golden %s/%s',
    async (template, fixture) => {
      const rows = await runTreeCheck(
        providerSchemaCheck,
        await goldenTree(template, fixture),
      );
      expect(failures(rows)).toEqual([]);
    },
  );

  it('reads every .tf file of ml-project (and not the base copies under .mx/base)', async () => {
    const rows = await runTreeCheck(providerSchemaCheck, mlProject);
    const checked = rows.filter(r => r.status === 'pass').map(r => r.file);
    expect(checked).toEqual(
      expect.arrayContaining([GKE, IAM, OUTPUTS, STORAGE]),
    );
    expect(checked.some(f => f.startsWith('.mx/'))).toBe(false);
    expect(rows[0].validator).toMatch(/^google provider schema 6\.\d+\.\d+$/);
  });

  it('fails on an unknown resource type, naming the closest real one', async () => {
    const tree = withEdit(mlProject, GKE, t =>
      replaceOnce(
        t,
        'resource "google_container_node_pool" "default"',
        'resource "google_container_nodepool" "default"',
      ),
    );
    expect(await failureMessages(tree)).toEqual([
      expect.stringContaining(
        `${GKE}: google_container_nodepool.default: unknown resource type 'google_container_nodepool' in google provider 6.`,
      ),
    ]);
    expect((await failureMessages(tree))[0]).toMatch(
      /did you mean 'google_container_node_pool'/,
    );
  });

  it('fails on an unknown data source type', async () => {
    const tree = withEdit(
      cloudbuild,
      'infrastructure/terraform/cloudbuild_iam.tf',
      t =>
        replaceOnce(
          t,
          'data "google_project" "cloudbuild" {}',
          'data "google_projects_info" "cloudbuild" {}',
        ),
    );
    const messages = await failureMessages(tree);
    expect(messages.join('\n')).toMatch(
      /data\.google_projects_info\.cloudbuild: unknown data source type 'google_projects_info'/,
    );
  });

  it('fails on an unknown argument in a nested block, with a suggestion', async () => {
    const tree = withEdit(mlProject, GKE, t =>
      replaceOnce(t, 'max_node_count = 3', 'max_nodes = 3'),
    );
    expect(await failureMessages(tree)).toEqual([
      `${GKE}: google_container_node_pool.default › autoscaling: unknown argument 'max_nodes' (did you mean 'max_node_count'?)`,
    ]);
  });

  it('fails on an unknown top-level argument and an unknown nested block', async () => {
    const tree = withEdit(mlProject, GKE, t =>
      replaceOnce(
        replaceOnce(t, 'deletion_protection', 'deletion_protect'),
        'workload_identity_config {',
        'workload_identity {',
      ),
    );
    const [message] = await failureMessages(tree);
    expect(message).toContain(
      "google_container_cluster.main: unknown argument 'deletion_protect' (did you mean 'deletion_protection'?)",
    );
    expect(message).toContain(
      "google_container_cluster.main: unknown block 'workload_identity' (did you mean 'workload_identity_config'?)",
    );
  });

  it('fails on a missing required argument', async () => {
    const tree = withEdit(mlProject, IAM, t =>
      replaceOnce(
        t,
        '  role               = "roles/iam.workloadIdentityUser"\n  member             = "serviceAccount:${var.project_id}.svc.id.goog[mlflow/mlflow]"',
        '  member             = "serviceAccount:${var.project_id}.svc.id.goog[mlflow/mlflow]"',
      ),
    );
    expect(await failureMessages(tree)).toEqual([
      `${IAM}: google_service_account_iam_member.mlflow_workload_identity: missing required argument 'role'`,
    ]);
  });

  it('fails on a missing required nested block (storage lifecycle rule without its condition)', async () => {
    const tree = withEdit(mlProject, STORAGE, t =>
      replaceOnce(
        t,
        '  versioning {\n    enabled = true\n  }',
        '  versioning {\n    enabled = true\n  }\n\n  lifecycle_rule {\n    action {\n      type = "Delete"\n    }\n  }',
      ),
    );
    expect(await failureMessages(tree)).toEqual([
      `${STORAGE}: google_storage_bucket.data › lifecycle_rule: missing required block 'condition { ... }'`,
    ]);
  });

  it('fails on a block written as an argument', async () => {
    const tree = withEdit(mlProject, GKE, t =>
      replaceOnce(t, 'release_channel {', 'release_channel = {'),
    );
    expect(await failureMessages(tree)).toEqual([
      `${GKE}: google_container_cluster.main: 'release_channel' is a block: write \`release_channel { ... }\`, not \`release_channel = ...\``,
    ]);
  });

  it('fails on a block written as a list of objects (which hcl2json reads like a block)', async () => {
    const tree = withEdit(mlProject, GKE, t =>
      replaceOnce(
        t,
        '  workload_identity_config {\n    workload_pool = "${var.project_id}.svc.id.goog"\n  }',
        '  workload_identity_config = [{\n    workload_pool = "${var.project_id}.svc.id.goog"\n  }]',
      ),
    );
    expect(await failureMessages(tree)).toEqual([
      `${GKE}: google_container_cluster.main: 'workload_identity_config' is a block: write \`workload_identity_config { ... }\` (one block per item), not \`workload_identity_config = ...\``,
    ]);
  });

  it('fails on an argument written as a block, and on setting a read-only attribute', async () => {
    const tree = withEdit(mlProject, GKE, t =>
      replaceOnce(
        t,
        '  deletion_protection      = true\n',
        '  deletion_protection      = true\n  endpoint                 = "10.0.0.1"\n\n  resource_labels {\n    team = "ml"\n  }\n\n  node_locations {\n    zone = "a"\n  }\n',
      ),
    );
    const [message] = await failureMessages(tree);
    expect(message).toContain(
      "google_container_cluster.main: 'resource_labels' is an argument, not a block: write `resource_labels = ...`",
    );
    expect(message).toContain(
      "google_container_cluster.main: 'node_locations' is an argument, not a block: write `node_locations = ...`",
    );
    expect(message).toContain(
      "google_container_cluster.main: 'endpoint' is read-only (computed by the provider): it cannot be set",
    );
  });

  it('fails on a reference to an attribute that does not exist', async () => {
    const tree = withEdit(mlProject, OUTPUTS, t =>
      replaceOnce(
        replaceOnce(
          t,
          'google_container_cluster.main.name',
          'google_container_cluster.main.endpointt',
        ),
        'google_service_account.mlflow.email',
        'google_service_account.mlflow.emial',
      ),
    );
    const [message] = await failureMessages(tree);
    expect(message).toContain(
      "google_container_cluster.main.endpointt: google_container_cluster.main has no attribute 'endpointt' (did you mean 'endpoint'?)",
    );
    expect(message).toContain(
      "google_service_account.mlflow.emial: google_service_account.mlflow has no attribute 'emial' (did you mean 'email'?)",
    );
  });

  it('follows nested attribute paths: reads blocks by index, and knows their computed attributes', async () => {
    const output = (expr: string) =>
      withEdit(mlProject, OUTPUTS, t =>
        t.concat(`\noutput "extra" {\n  value = ${expr}\n}\n`),
      );
    expect(
      await failureMessages(
        output(
          'google_container_cluster.main.master_auth[0].cluster_ca_certificate',
        ),
      ),
    ).toEqual([]);
    expect(
      (
        await failureMessages(
          output('google_container_cluster.main.master_auth[0].ca_certificate'),
        )
      )[0],
    ).toContain(
      "google_container_cluster.main has no attribute 'master_auth[0].ca_certificate' (did you mean 'cluster_ca_certificate'",
    );
    expect(
      (
        await failureMessages(
          output(
            'google_container_cluster.main.master_auth.cluster_ca_certificate',
          ),
        )
      )[0],
    ).toContain(
      "'master_auth' is a list of blocks: read 'master_auth[0].cluster_ca_certificate'",
    );
  });

  it('fails on a reference to an undeclared resource and on a missing instance key', async () => {
    const tree = withEdit(mlProject, OUTPUTS, t =>
      t.concat(
        '\noutput "extra" {\n  value = [google_service_account.nodez.email, google_project_iam_member.nodes.etag]\n}\n',
      ),
    );
    const [message] = await failureMessages(tree);
    expect(message).toContain(
      "reference to undeclared resource 'google_service_account.nodez' (did you mean 'google_service_account.nodes'",
    );
    expect(message).toContain(
      "'google_project_iam_member.nodes' has count or for_each: read one instance ('google_project_iam_member.nodes[<key>].etag')",
    );
  });

  it('checks the blocks generated by dynamic blocks and the provider block', async () => {
    const tree = withEdit(mlProject, GKE, t =>
      replaceOnce(
        t,
        '    taint {\n      key    = "nvidia.com/gpu"\n      value  = "present"\n      effect = "NO_SCHEDULE"\n    }',
        '    dynamic "taint" {\n      for_each = ["nvidia.com/gpu"]\n      content {\n        key    = taint.value\n        value  = "present"\n        effects = "NO_SCHEDULE"\n      }\n    }',
      ),
    );
    const [message] = await failureMessages(tree);
    expect(message).toContain(
      "google_container_node_pool.gpu › node_config › taint: unknown argument 'effects' (did you mean 'effect'?)",
    );
    expect(message).toContain(
      "google_container_node_pool.gpu › node_config › taint: missing required argument 'effect'",
    );
    const provider = withEdit(
      mlProject,
      'infrastructure/terraform/versions.tf',
      t => replaceOnce(t, '  region  = var.region', '  regoin  = var.region'),
    );
    expect((await failureMessages(provider))[0]).toContain(
      `provider "google": unknown argument 'regoin' (did you mean 'region'?)`,
    );
  });

  it('says which resources of other providers it does not check', async () => {
    const tree = withEdit(mlProject, GKE, t =>
      t.concat(
        '\nresource "kubernetes_namespace" "ml" {\n  metadata {\n    name = "ml"\n  }\n}\n',
      ),
    );
    const rows = await runTreeCheck(providerSchemaCheck, tree);
    expect(failures(rows)).toEqual([]);
    expect(rows).toContainEqual(
      expect.objectContaining({
        file: GKE,
        status: 'n/a',
        message: expect.stringContaining('kubernetes_namespace.ml'),
      }),
    );
  });
});
