import { InputError } from '@backstage/errors';
import yaml from 'yaml';

/** What the action needs from a devspace.yaml, checked before devspace runs. */
export interface DevspaceConfigSummary {
  deployments: string[];
  /** True when the deploy pipeline declares a `deployments` flag to select deployments. */
  selectable: boolean;
}

/**
 * Structural check of a devspace v6 config: `version: v2beta1`, a `deployments` mapping, and
 * (to deploy a subset) a deploy pipeline with a `deployments` flag. Throws InputError.
 */
export function checkDevspaceConfig(
  text: string,
  file: string,
): DevspaceConfigSummary {
  let doc: any;
  try {
    doc = yaml.parse(text);
  } catch (e) {
    throw new InputError(`${file} is not valid YAML: ${(e as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new InputError(`${file} must be a mapping (a devspace v6 config)`);
  }
  if (doc.version !== 'v2beta1') {
    throw new InputError(
      `${file} has version ${JSON.stringify(
        doc.version,
      )}; devspace v6 needs 'version: v2beta1'`,
    );
  }
  const deployments = doc.deployments;
  if (
    !deployments ||
    typeof deployments !== 'object' ||
    Array.isArray(deployments)
  ) {
    throw new InputError(`${file} defines no deployments`);
  }
  const deployPipeline = doc.pipelines?.deploy;
  const flags =
    deployPipeline && typeof deployPipeline === 'object'
      ? deployPipeline.flags
      : undefined;
  const selectable =
    Array.isArray(flags) &&
    flags.some(
      (f: any) =>
        f?.name === 'deployments' &&
        ['stringArray', 'strings'].includes(f?.type),
    );
  return { deployments: Object.keys(deployments), selectable };
}
