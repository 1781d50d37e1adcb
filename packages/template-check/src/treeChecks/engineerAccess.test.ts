import {
  failures,
  goldenTree,
  goldenWithDefect,
  runTreeCheck,
  withEdit,
} from '../__testUtils__/goldens';
import { engineerAccess } from './engineerAccess';

const TFVARS = 'infrastructure/terraform/terraform.tfvars';
const IAM = 'infrastructure/terraform/iam.tf';

describe('engineer access', () => {
  it('passes the goldens: every engineer of the state is granted roles', async () => {
    for (const [template, fixture] of [
      ['ml-project', 'maximal'],
      ['apply-infrastructure', 'maximal'],
    ]) {
      const rows = await runTreeCheck(
        engineerAccess,
        await goldenTree(template, fixture),
      );
      expect(rows).toEqual([
        expect.objectContaining({ file: '.mx/state.yaml', status: 'pass' }),
      ]);
    }
  });

  it('has nothing to check without engineers', async () => {
    expect(
      await runTreeCheck(
        engineerAccess,
        await goldenTree('ml-project', 'minimal'),
      ),
    ).toEqual([]);
  });

  it('fails when the engineers the wizard asked for get no access (issue 8, defect 13)', async () => {
    // Before the fix: the tfvars never set engineers, so nobody was granted anything.
    const tree = await goldenWithDefect(
      'ml-project',
      'maximal',
      TFVARS,
      /engineers = \[[\s\S]*\]\n/,
      'engineers = []\n',
    );
    const [failed] = failures(await runTreeCheck(engineerAccess, tree));
    expect(failed.file).toBe('.mx/state.yaml');
    for (const user of ['ada.lovelace', 'alan.turing', 'grace.hopper']) {
      expect(failed.message).toContain(
        `terraform.tfvars does not list user:default/${user}`,
      );
    }
  });

  it('fails when an engineer has no email to grant roles to', async () => {
    const tree = await goldenWithDefect(
      'ml-project',
      'maximal',
      TFVARS,
      'email = "alan.turing@acme.example"',
      'email = ""',
    );
    const [failed] = failures(await runTreeCheck(engineerAccess, tree));
    expect(failed.message).toContain('gives user:default/alan.turing no email');
    expect(failed.message).not.toContain('ada.lovelace');
  });

  it('fails when no IAM grant uses the engineers', async () => {
    const tree = withEdit(await goldenTree('ml-project', 'maximal'), IAM, t =>
      t.replace(/var\.engineers/g, 'var.not_engineers'),
    );
    const [failed] = failures(await runTreeCheck(engineerAccess, tree));
    expect(failed.message).toContain(
      "no IAM grant of the project's Terraform names user:default/ada.lovelace",
    );
  });
});
