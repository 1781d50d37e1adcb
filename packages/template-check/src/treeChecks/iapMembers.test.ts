import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import {
  failures,
  goldenTree,
  replaceOnce,
  runTreeCheck,
  withEdit,
} from '../__testUtils__/goldens';
import { findRepoRoot } from '../lib/paths';
import { iapMembers } from './iapMembers';

const IAP_TF = 'infrastructure/terraform/iap.tf';
/** The iap_members local of the rendered iap.tf (one member a line, or `[]`). */
const MEMBERS_LOCAL = /iap_members = \[[^\]]*\]/;

/** The profile emails of a fixture's catalog entities, by kind. */
async function fixtureEmails(template: string, fixture: string) {
  const file = path.join(
    findRepoRoot(),
    'templates',
    template,
    'fixtures',
    `${fixture}.yaml`,
  );
  const doc = YAML.parse(await fs.readFile(file, 'utf8'));
  const emails = (kind: string) =>
    (doc.catalog ?? [])
      .filter((e: any) => e.kind === kind && e.spec?.profile?.email)
      .map((e: any) => e.spec.profile.email as string);
  return { users: emails('User'), groups: emails('Group') };
}

describe('IAP sign-in members', () => {
  it.each([
    ['deployment-infrastructure', 'maximal'],
    ['deployment-infrastructure', 'minimal'],
    ['seldon-serving', 'maximal'],
    ['cvat-labeling', 'minimal'],
    ['streamlit-app', 'maximal'],
  ])('passes on the %s %s golden', async (template, fixture) => {
    const rows = await runTreeCheck(
      iapMembers,
      await goldenTree(template, fixture),
    );
    expect(rows.map(r => [r.file, r.status])).toEqual([[IAP_TF, 'pass']]);
  });

  it('does not apply to a project without Identity-Aware Proxy', async () => {
    expect(
      await runTreeCheck(iapMembers, await goldenTree('ml-project', 'maximal')),
    ).toEqual([]);
  });

  it("renders an IAP binding that lists the engineers' and the owner group's emails", async () => {
    const tree = await goldenTree('deployment-infrastructure', 'maximal');
    const iapTf = tree.get(IAP_TF)!.toString('utf8');
    const { users, groups } = await fixtureEmails(
      'deployment-infrastructure',
      'maximal',
    );
    expect(users.length).toBeGreaterThan(0);
    expect(groups.length).toBe(1);
    for (const email of users) expect(iapTf).toContain(`"user:${email}",`);
    expect(iapTf).toContain(`"group:${groups[0]}",`);
  });

  it('fails when the members are typed by hand and leave the engineers out (before the derivation)', async () => {
    // What the form used to take: a hand-typed list that named none of the engineers
    const tree = withEdit(
      await goldenTree('deployment-infrastructure', 'maximal'),
      IAP_TF,
      text =>
        replaceOnce(
          text,
          MEMBERS_LOCAL,
          'iap_members = ["group:fraud-ml@clients.example.co.uk", "user:lead@clients.example.co.uk"]',
        ),
    );
    const [failed] = failures(await runTreeCheck(iapMembers, tree));
    expect(failed.file).toBe(IAP_TF);
    for (const user of ['ada.lovelace', 'alan.turing', 'grace.hopper']) {
      expect(failed.message).toContain(
        `engineer user:default/${user} (user:${user}@acme.example) may not sign in to the project's endpoints`,
      );
    }
    expect(failed.message).toContain(
      'but .mx/state.yaml records [group:fraud-ml@acme.example, user:ada.lovelace@acme.example, user:alan.turing@acme.example, user:grace.hopper@acme.example, user:lead@clients.example.co.uk] for deployment-infrastructure',
    );
  });

  it('fails when the binding allows someone the state does not record', async () => {
    const tree = withEdit(
      await goldenTree('deployment-infrastructure', 'minimal'),
      IAP_TF,
      text =>
        replaceOnce(
          text,
          MEMBERS_LOCAL,
          'iap_members = ["user:lin@acme.example", "domain:example.com"]',
        ),
    );
    const [failed] = failures(await runTreeCheck(iapMembers, tree));
    expect(failed.message).toContain(
      'grants roles/iap.httpsResourceAccessor to [domain:example.com, user:lin@acme.example] but .mx/state.yaml records [user:lin@acme.example]',
    );
  });
});
