/**
 * The managed manifests (devspace.yaml, catalog-info.yaml, cloudbuild.yaml) composed from the
 * project state, and the names every generator derives from a project's answers. Pure: the
 * `mx:manifests:compose` action writes them into the rendered tree, where `mx:files:reconcile`
 * hashes and three-way merges them like every managed file.
 */
export * from './names';
export * from './types';
export * from './devspace';
export * from './catalogInfo';
export * from './cloudbuild';
