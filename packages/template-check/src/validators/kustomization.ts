const KUSTOMIZATION_FIELDS = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'resources',
  'components',
  'bases',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'patches',
  'patchesStrategicMerge',
  'patchesJson6902',
  'images',
  'replicas',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'crds',
  'openapi',
  'buildMetadata',
  'helmCharts',
  'helmGlobals',
  'replacements',
  'vars',
  'sortOptions',
  'transformers',
  'generators',
  'validators',
  'configurations',
]);

/** kustomize's own config file: known fields, list fields as lists. */
export function checkKustomization(doc: Record<string, any>): string[] {
  const errors: string[] = [];
  for (const key of Object.keys(doc)) {
    if (!KUSTOMIZATION_FIELDS.has(key))
      errors.push(`unknown Kustomization field ${key}`);
  }
  for (const key of [
    'resources',
    'components',
    'patches',
    'images',
    'labels',
    'replacements',
  ]) {
    if (doc[key] !== undefined && !Array.isArray(doc[key])) {
      errors.push(`${key} must be a list`);
    }
  }
  for (const r of doc.resources ?? []) {
    if (typeof r !== 'string') errors.push('resources entries must be strings');
  }
  return errors;
}
