import type { Tree } from '../lib/tree';
import { terraformFolders } from '../terraform/load';
import type { FileCheck } from '../validators';
import { kubernetesNames } from './names/kubernetesNames';
import * as rules from './names/rules';
import { describe, NameRule } from './names/rules';
import { EvaluatedName, evaluateTerraformNames } from './names/terraformNames';
import { projectFiles, YAML_FILE } from './treeFiles';
import type { TreeCheck } from './types';

const VALIDATOR = 'name limits (GCP, Kubernetes)';

/** The (rule, value, where) triples of one evaluated Terraform name argument. */
function terraformFindings(n: EvaluatedName): string[] {
  const where = `${n.address}.${n.argument}`;
  const check = (rule: NameRule, value: unknown, at: string) =>
    typeof value === 'string'
      ? describe(rule, value, at)
      : `${at}: evaluates to ${JSON.stringify(value)}, not a string`;
  const out: Array<string | undefined> = [];
  if (n.labels) {
    const keyRule = n.labels === 'gcp' ? rules.gcpLabelKey : rules.k8sLabelKey;
    if (n.value && typeof n.value === 'object' && !Array.isArray(n.value)) {
      for (const [k, v] of Object.entries(n.value)) {
        out.push(describe(keyRule, k, `${where} key`));
        out.push(check(n.rule, v, `${where}["${k}"]`));
      }
    }
  } else if (Array.isArray(n.value)) {
    n.value.forEach((v, i) => out.push(check(n.rule, v, `${where}[${i}]`)));
  } else if (n.value !== null) {
    out.push(check(n.rule, n.value, where));
  }
  return out.filter((m): m is string => !!m);
}

async function checkTerraform(tree: Tree): Promise<FileCheck[]> {
  const rows: FileCheck[] = [];
  for (const folder of await terraformFolders(tree)) {
    const { dir } = folder;
    const { names, error } = await evaluateTerraformNames(tree, folder);
    if (error) {
      rows.push({
        file: `${dir}/`,
        validator: VALIDATOR,
        status: 'fail',
        message: error,
      });
      continue;
    }
    const byFile = new Map<string, EvaluatedName[]>();
    for (const n of names)
      byFile.set(n.file, [...(byFile.get(n.file) ?? []), n]);
    for (const [file, fileNames] of byFile) {
      const findings = fileNames.flatMap(terraformFindings);
      for (const message of findings) {
        rows.push({ file, validator: VALIDATOR, status: 'fail', message });
      }
      if (findings.length === 0) {
        const skipped = fileNames.filter(n => n.notEvaluated);
        rows.push({
          file,
          validator: VALIDATOR,
          status: 'pass',
          message: `${
            fileNames.length - skipped.length
          } name(s) evaluated with terraform console${
            skipped.length
              ? `; not evaluable offline: ${skipped
                  .map(s => `${s.address}.${s.argument} (${s.notEvaluated})`)
                  .join(', ')}`
              : ''
          }`,
        });
      }
    }
  }
  return rows;
}

function checkKubernetes(tree: Tree): FileCheck[] {
  const rows: FileCheck[] = [];
  for (const [file, text] of projectFiles(tree, YAML_FILE)) {
    const names = kubernetesNames(text);
    if (names.length === 0) continue;
    const findings = names
      .map(n => describe(n.rule, n.value, n.where))
      .filter((m): m is string => !!m);
    for (const message of findings) {
      rows.push({ file, validator: VALIDATOR, status: 'fail', message });
    }
    if (findings.length === 0) {
      rows.push({
        file,
        validator: VALIDATOR,
        status: 'pass',
        message: `${names.length} Kubernetes name(s) and label(s)`,
      });
    }
  }
  return rows;
}

/**
 * Name length and alphabet per resource type, with the tree's ACTUAL values: every GCP name a
 * Terraform module passes to the API (evaluated by the real terraform, see
 * names/terraformNames.ts) and every Kubernetes object name, namespace, label, container, port
 * and volume name of the rendered manifests (names/kubernetesNames.ts). Rules: names/rules.ts.
 */
export const nameLimits: TreeCheck = {
  name: VALIDATOR,
  async run(tree) {
    return [...(await checkTerraform(tree)), ...checkKubernetes(tree)];
  },
};
