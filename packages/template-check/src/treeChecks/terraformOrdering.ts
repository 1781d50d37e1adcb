import type { FileCheck } from '../validators';
import type { TreeCheck } from './types';
import { resultRow } from './treeFiles';
import {
  TerraformModule,
  blocksOfType,
  dependenciesOf,
  evaluate,
  evaluatedStrings,
  localsUsedBy,
  nested,
  readTerraformModules,
  stringsOf,
} from '../terraform/graph';
import { apiOfResourceType } from '../terraform/gcpApis';

const VALIDATOR = 'first-apply ordering';

/**
 * First `terraform apply` ordering on GCP, read on each rendered module with Terraform's
 * dependency semantics (references and `depends_on`, transitively):
 *
 * 1. Anything whose arguments mention the cluster's Workload Identity pool
 *    (`<project>.svc.id.goog`) depends on the `google_container_cluster` that creates it
 *    (`workload_identity_config`): the pool exists only once the cluster does, and IAM refuses
 *    a member of a missing pool ("Identity Pool does not exist").
 * 2. Any google_* resource whose API (`gcpApis.ts`) is enabled by a `google_project_service`
 *    of the same module depends on that enablement: otherwise Terraform calls the API while it
 *    is still being enabled ("... API has not been used in project ... or it is disabled").
 */
export const terraformOrdering: TreeCheck = {
  name: VALIDATOR,
  async run(tree) {
    const rows: FileCheck[] = [];
    for (const m of await readTerraformModules(tree)) {
      rows.push(...checkModule(m));
    }
    return rows;
  },
};

/** The services each `google_project_service` of the module enables, by its address. */
export function enabledServices(m: TerraformModule): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const b of blocksOfType(m, 'google_project_service')) {
    const services = new Set<string>();
    const service = evaluate(m, b.body.service);
    if (typeof service === 'string') services.add(service);
    else {
      // for_each = toset(local.services) / toset([...]): every service name it lists.
      const forEach = b.body.for_each;
      const texts = [
        ...stringsOf(forEach),
        ...[...localsUsedBy(m, forEach)].flatMap(l =>
          stringsOf(m.locals.get(l)),
        ),
      ];
      for (const t of texts) {
        for (const [name] of t.matchAll(/[a-z0-9-]+\.googleapis\.com/g)) {
          services.add(name);
        }
      }
    }
    out.set(b.address, services);
  }
  return out;
}

function checkModule(m: TerraformModule): FileCheck[] {
  const findings = new Map<string, string[]>();
  const add = (file: string, message: string) =>
    findings.set(file, [...(findings.get(file) ?? []), message]);

  const poolCreators = blocksOfType(m, 'google_container_cluster').filter(
    c =>
      typeof nested(c.body, 'workload_identity_config')?.workload_pool ===
      'string',
  );
  const enabled = enabledServices(m);

  for (const block of m.blocks.values()) {
    if (block.mode !== 'managed') continue;
    const deps = dependenciesOf(m, block.address);

    // 1. Workload Identity pool members wait for the cluster.
    if (
      poolCreators.length > 0 &&
      !poolCreators.some(c => c.address === block.address) &&
      evaluatedStrings(m, block).some(s => s.includes('.svc.id.goog'))
    ) {
      if (!poolCreators.some(c => deps.has(c.address))) {
        add(
          block.file,
          `${
            block.address
          } names the Workload Identity pool (.svc.id.goog) that ${poolCreators
            .map(c => c.address)
            .join(
              ', ',
            )} creates, but does not depend on it: on the first apply IAM answers "Identity Pool does not exist". Add depends_on = [${
            poolCreators[0].address
          }]`,
        );
      }
    }

    // 2. Resources wait for the enablement of their API.
    const api = apiOfResourceType(block.type);
    if (!api || block.type === 'google_project_service') continue;
    const enablers = [...enabled].filter(([, s]) => s.has(api));
    if (enablers.length === 0) continue;
    if (!enablers.some(([address]) => deps.has(address))) {
      add(
        block.file,
        `${block.address} calls ${api}, which ${enablers
          .map(([a]) => a)
          .join(
            ', ',
          )} enables in the same module, but does not depend on it: on the first apply it may run before the API is on. Add depends_on = [${
          enablers[0][0]
        }] (or reference a resource that does)`,
      );
    }
  }

  const files = [...new Set([...m.blocks.values()].map(b => b.file))].sort();
  return files.map(file =>
    resultRow(file, VALIDATOR, findings.get(file) ?? []),
  );
}
