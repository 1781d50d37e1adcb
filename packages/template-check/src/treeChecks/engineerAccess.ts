import YAML from 'yaml';
import type { TreeCheck } from './types';
import { resultRow } from './treeFiles';
import {
  TerraformModule,
  evaluatedStrings,
  readTerraformModules,
} from '../terraform/graph';

const VALIDATOR = 'engineer access';
const STATE_FILE = '.mx/state.yaml';

/** IAM grants of the google provider: `*_iam_member`, `*_iam_binding`, `*_iam_policy`. */
const IAM_TYPE = /^google_.*_iam_(member|binding|policy)$/;

/** The email the module's tfvars give an engineer (`engineers`: list of {ref, email} or map). */
function emailOf(m: TerraformModule, ref: string): string | undefined {
  const engineers = m.tfvars.engineers;
  if (Array.isArray(engineers)) {
    for (const e of engineers) {
      if (e && typeof e === 'object' && (e as any).ref === ref) {
        return String((e as any).email ?? '');
      }
    }
  } else if (engineers && typeof engineers === 'object') {
    const v = (engineers as Record<string, unknown>)[ref];
    if (v !== undefined) return String(v);
  }
  return undefined;
}

const EMAIL = /^[^@\s]+@[^@\s]+$/;

/**
 * Every engineer the project's state records (`project.engineers`, catalog user refs) is a member
 * of an IAM grant of the project's Terraform: a `google_*_iam_member/binding/policy` that names
 * the engineer's `user:<email>`, or that is built from `var.engineers` while the tfvars give that
 * engineer an email. An engineer nobody grants anything has no access to the cluster or project.
 */
export const engineerAccess: TreeCheck = {
  name: VALIDATOR,
  async run(tree) {
    const stateText = tree.get(STATE_FILE)?.toString('utf8');
    if (!stateText) return [];
    let engineers: string[] = [];
    try {
      const state = YAML.parse(stateText);
      engineers = (state?.project?.engineers ?? []).filter(
        (e: unknown): e is string => typeof e === 'string',
      );
    } catch {
      return []; // the state schema validator reports it
    }
    if (engineers.length === 0) return [];

    const modules = await readTerraformModules(tree);
    const problems: string[] = [];
    for (const ref of engineers) {
      let granted = false;
      let reason = `no IAM grant of the project's Terraform names ${ref}`;
      for (const m of modules) {
        const email = emailOf(m, ref);
        for (const b of m.blocks.values()) {
          if (b.mode !== 'managed' || !IAM_TYPE.test(b.type)) continue;
          const text = evaluatedStrings(m, b);
          if (
            (email && text.some(s => s.includes(`user:${email}`))) ||
            text.some(s => s.includes(ref))
          ) {
            granted = true;
          } else if (text.some(s => /\bvar\.engineers\b/.test(s))) {
            if (email !== undefined && EMAIL.test(email)) granted = true;
            else
              reason =
                email === undefined
                  ? `${b.address} grants var.engineers, but ${m.dir}/terraform.tfvars does not list ${ref}`
                  : `${b.address} grants var.engineers, but ${m.dir}/terraform.tfvars gives ${ref} no email ("${email}")`;
          }
        }
      }
      if (!granted) problems.push(reason);
    }
    return [
      resultRow(
        STATE_FILE,
        VALIDATOR,
        problems.length
          ? [
              "engineers without access (the wizard's Engineers must get IAM roles):",
              ...problems,
            ]
          : [],
      ),
    ];
  },
};
