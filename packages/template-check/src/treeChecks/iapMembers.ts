import YAML from 'yaml';
import type { TreeCheck } from './types';
import { resultRow } from './treeFiles';
import {
  TerraformBlock,
  TerraformModule,
  evaluatedStrings,
  readTerraformModules,
} from '../terraform/graph';

const VALIDATOR = 'IAP sign-in members';
const STATE_FILE = '.mx/state.yaml';
const IAP_ROLE = 'roles/iap.httpsResourceAccessor';
const IAM_TYPE = /^google_.*_iam_(member|binding|policy)$/;
const MEMBER = /^(user|group|serviceAccount|domain):\S+$/;

interface State {
  project?: { engineers?: unknown };
  generators?: Record<string, { values?: Record<string, unknown> }>;
}

/** `user:<email>` of each engineer, by the emails the project's tfvars give them (`engineers`). */
function engineerEmails(
  modules: TerraformModule[],
  refs: string[],
): Map<string, string> {
  const emails = new Map<string, string>();
  for (const m of modules) {
    const list = m.tfvars.engineers;
    if (!Array.isArray(list)) continue;
    for (const e of list as Array<{ ref?: unknown; email?: unknown }>) {
      if (
        typeof e?.ref === 'string' &&
        refs.includes(e.ref) &&
        typeof e.email === 'string' &&
        e.email
      ) {
        emails.set(e.ref, e.email);
      }
    }
  }
  return emails;
}

/**
 * Who may sign in through Identity-Aware Proxy is the project's people: when a rendered project
 * grants `roles/iap.httpsResourceAccessor` (its public routes are behind IAP), every engineer the
 * state records (`project.engineers`, with the email the tfvars give them) is among the members,
 * and the members are exactly the ones a generator recorded in the state (`values.iapMembers`,
 * derived by mx:people:resolve from the owner group and engineers). An engineer left out cannot
 * reach the model API, the app or CVAT; a list that differs from the state was not derived.
 */
export const iapMembers: TreeCheck = {
  name: VALIDATOR,
  async run(tree) {
    const modules = await readTerraformModules(tree);
    const grants: Array<{ m: TerraformModule; b: TerraformBlock }> = [];
    for (const m of modules) {
      for (const b of m.blocks.values()) {
        if (b.mode !== 'managed' || !IAM_TYPE.test(b.type)) continue;
        if (evaluatedStrings(m, b).includes(IAP_ROLE)) grants.push({ m, b });
      }
    }
    if (grants.length === 0) return [];

    let state: State = {};
    try {
      state = (YAML.parse(tree.get(STATE_FILE)?.toString('utf8') ?? '') ??
        {}) as State;
    } catch {
      return []; // the state schema validator reports it
    }
    const members = new Set(
      grants.flatMap(({ m, b }) =>
        evaluatedStrings(m, b).filter(s => MEMBER.test(s)),
      ),
    );
    const file = grants[0].b.file;
    const granted = [...members].sort();
    const problems: string[] = [];

    const engineers = Array.isArray(state.project?.engineers)
      ? (state.project!.engineers as unknown[]).filter(
          (e): e is string => typeof e === 'string',
        )
      : [];
    const emails = engineerEmails(modules, engineers);
    for (const ref of engineers) {
      const email = emails.get(ref);
      if (!email) continue; // engineer access reports an engineer without an email
      if (!members.has(`user:${email}`)) {
        problems.push(
          `engineer ${ref} (user:${email}) may not sign in to the project's endpoints: ${file} grants ${IAP_ROLE} to ${
            granted.join(', ') || 'nobody'
          } — derive the members from the project's owners and engineers (mx:people:resolve accessMembers)`,
        );
      }
    }

    for (const [id, g] of Object.entries(state.generators ?? {})) {
      const recorded = g?.values?.iapMembers;
      if (!Array.isArray(recorded)) continue;
      const want = [...new Set(recorded.map(String))].sort();
      if (want.join('\n') !== granted.join('\n')) {
        problems.push(
          `${file} grants ${IAP_ROLE} to [${granted.join(
            ', ',
          )}] but ${STATE_FILE} records [${want.join(
            ', ',
          )}] for ${id} (values.iapMembers): render the binding from the recorded members`,
        );
      }
    }
    return [resultRow(file, VALIDATOR, problems)];
  },
};
