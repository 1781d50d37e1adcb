import {
  failures,
  goldenTree,
  goldenWithDefect,
  replaceOnce,
  runTreeCheck,
  withEdit,
} from '../__testUtils__/goldens';
import { terraformOrdering } from './terraformOrdering';

const IAM = 'infrastructure/terraform/iam.tf';
const SERVING = 'infrastructure/terraform/serving.tf';

describe('first-apply ordering', () => {
  it('passes the ml-project and seldon-serving goldens', async () => {
    for (const [template, fixture] of [
      ['ml-project', 'minimal'],
      ['ml-project', 'maximal'],
      ['seldon-serving', 'maximal'],
    ]) {
      const rows = await runTreeCheck(
        terraformOrdering,
        await goldenTree(template, fixture),
      );
      expect(failures(rows)).toEqual([]);
      expect(rows.map(r => r.file)).toContain(IAM);
    }
  });

  it('fails when a Workload Identity member does not wait for the cluster (issue 8, defect 1)', async () => {
    const tree = await goldenWithDefect(
      'ml-project',
      'maximal',
      IAM,
      /(svc\.id\.goog\[mlflow\/trainer\]"\n)\n {2}depends_on = \[google_container_cluster\.main\]\n/,
      '$1',
    );
    const failed = failures(await runTreeCheck(terraformOrdering, tree));
    expect(failed.map(f => f.file)).toEqual([IAM]);
    expect(failed[0].message).toContain(
      'google_service_account_iam_member.trainer_workload_identity names the Workload Identity pool',
    );
    expect(failed[0].message).toContain('Identity Pool does not exist');
    expect(failed[0].message).not.toContain('mlflow_workload_identity');
  });

  it('fails when a service account does not wait for iam.googleapis.com (issue 8, defect 1)', async () => {
    const tree = await goldenWithDefect(
      'ml-project',
      'minimal',
      IAM,
      /(display_name = "Training jobs of \$\{var\.name\}"\n)\n {2}depends_on = \[google_project_service\.services\]\n/,
      '$1',
    );
    const [failed] = failures(await runTreeCheck(terraformOrdering, tree));
    expect(failed.file).toBe(IAM);
    expect(failed.message).toMatch(
      /^google_service_account\.trainer calls iam\.googleapis\.com, which google_project_service\.services enables/,
    );
  });

  it("fails when seldon-serving's model identities do not wait for the cluster (issue 8, defect 1)", async () => {
    const tree = await goldenWithDefect(
      'seldon-serving',
      'maximal',
      SERVING,
      /\n {2}depends_on = \[google_container_cluster\.main\]/,
      '',
    );
    const failed = failures(await runTreeCheck(terraformOrdering, tree));
    expect(failed.map(f => f.file)).toEqual([SERVING]);
    expect(failed[0].message).toContain(
      'google_service_account_iam_member.serving_workload_identity names the Workload Identity pool',
    );
  });

  it('counts an implicit reference through a local as a dependency, as Terraform does', async () => {
    const tree = withEdit(await goldenTree('ml-project', 'maximal'), IAM, t =>
      replaceOnce(
        replaceOnce(
          t,
          /(svc\.id\.goog\[mlflow\/trainer\]"\n)\n {2}depends_on = \[google_container_cluster\.main\]\n/,
          '$1',
        ),
        'member             = "serviceAccount:${var.project_id}.svc.id.goog[mlflow/trainer]"',
        'member             = "serviceAccount:${local.workload_pool}[mlflow/trainer]"',
      ).concat(
        '\nlocals {\n  workload_pool = google_container_cluster.main.workload_identity_config[0].workload_pool\n}\n',
      ),
    );
    expect(failures(await runTreeCheck(terraformOrdering, tree))).toEqual([]);
  });
});
