import type { FileCheck } from '../validators';
import type { TreeCheck } from './types';
import { projectFiles, resultRow, YAML_FILE, yamlDocuments } from './treeFiles';
import {
  TerraformModule,
  blocksOfType,
  nested,
  readTerraformModules,
} from '../terraform/graph';
import { enabledServices } from './terraformOrdering';

const VALIDATOR = 'storage class provisioner';

/**
 * GKE's built-in storage classes and what provisions them
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/filestore-csi-driver,
 * https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/gce-pd-csi-driver):
 * the Filestore classes need the cluster's `gcp_filestore_csi_driver_config` addon and the
 * Filestore API (file.googleapis.com); the persistent-disk classes need the Compute Engine PD
 * CSI driver, which GKE enables by default.
 */
const FILESTORE_CLASSES = new Set([
  'standard-rwx',
  'premium-rwx',
  'enterprise-rwx',
  'enterprise-multishare-rwx',
  'zonal-rwx',
]);
const PD_CLASSES = new Set(['standard-rwo', 'premium-rwo', 'standard']);

interface ClassUse {
  file: string;
  storageClass: string;
}

/** Every `storageClassName` in the tree's YAML (PVCs, volume claim templates, Helm values). */
function storageClassUses(files: Array<[string, string]>): {
  uses: ClassUse[];
  defined: Set<string>;
} {
  const uses: ClassUse[] = [];
  const defined = new Set<string>();
  for (const [file, text] of files) {
    const docs = yamlDocuments(text);
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o.kind === 'StorageClass') {
          const name = (o.metadata as { name?: unknown } | undefined)?.name;
          if (typeof name === 'string') defined.add(name);
        }
        for (const [k, child] of Object.entries(o)) {
          if (k === 'storageClassName' && typeof child === 'string' && child) {
            uses.push({ file, storageClass: child });
          } else walk(child);
        }
      }
    };
    docs.forEach(walk);
  }
  return { uses, defined };
}

/** What a storage class needs that the project's Terraform does not give it (empty: nothing). */
function missing(storageClass: string, modules: TerraformModule[]): string[] {
  const clusters = modules.flatMap(m =>
    blocksOfType(m, 'google_container_cluster').map(c => ({ m, c })),
  );
  if (FILESTORE_CLASSES.has(storageClass)) {
    const problems: string[] = [];
    const withAddon = clusters.filter(
      ({ c }) =>
        nested(c.body, 'addons_config', 'gcp_filestore_csi_driver_config')
          ?.enabled === true,
    );
    if (withAddon.length === 0) {
      problems.push(
        `storage class ${storageClass} is provisioned by the Filestore CSI driver, which no google_container_cluster of the project enables: add addons_config { gcp_filestore_csi_driver_config { enabled = true } } to the cluster`,
      );
    }
    const apiOn = modules.some(m =>
      [...enabledServices(m).values()].some(s => s.has('file.googleapis.com')),
    );
    if (!apiOn) {
      problems.push(
        `storage class ${storageClass} creates Filestore instances, but no google_project_service of the project enables file.googleapis.com`,
      );
    }
    return problems;
  }
  if (PD_CLASSES.has(storageClass)) {
    const disabled = clusters.filter(
      ({ c }) =>
        nested(c.body, 'addons_config', 'gce_persistent_disk_csi_driver_config')
          ?.enabled === false,
    );
    return disabled.length
      ? [
          `storage class ${storageClass} is provisioned by the Compute Engine persistent disk CSI driver, which ${disabled
            .map(({ c }) => c.address)
            .join(', ')} disables`,
        ]
      : [];
  }
  return [
    `storage class ${storageClass} is neither one of GKE's built-in classes (${[
      ...PD_CLASSES,
      ...FILESTORE_CLASSES,
    ].join(', ')}) nor defined by a StorageClass manifest of the project`,
  ];
}

/**
 * Every storage class a volume asks for has its provisioner on the cluster: the addon in the
 * cluster's Terraform and, for Filestore, the API its module enables. A PVC whose class has
 * no provisioner stays Pending and its pods never start.
 */
export const storageClasses: TreeCheck = {
  name: VALIDATOR,
  async run(tree) {
    const { uses, defined } = storageClassUses(projectFiles(tree, YAML_FILE));
    if (uses.length === 0) return [];
    const modules = await readTerraformModules(tree);
    const hasCluster = modules.some(
      m => blocksOfType(m, 'google_container_cluster').length > 0,
    );
    const byFile = new Map<string, string[]>();
    for (const u of uses) {
      const problems =
        defined.has(u.storageClass) || !hasCluster
          ? []
          : missing(u.storageClass, modules);
      byFile.set(u.file, [...(byFile.get(u.file) ?? []), ...problems]);
    }
    return [...byFile].map(([file, problems]): FileCheck => {
      if (!hasCluster) {
        return {
          file,
          validator: VALIDATOR,
          status: 'n/a',
          message:
            'no google_container_cluster in the project: nothing to check the storage classes against',
        };
      }
      return resultRow(file, VALIDATOR, [...new Set(problems)]);
    });
  },
};
