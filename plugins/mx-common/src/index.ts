/**
 * Isomorphic core of MX for Backstage: the `.mx/state.yaml` schema and its pure merge logic,
 * catalog annotations and generator ids. No I/O.
 *
 * @packageDocumentation
 */
export * from './state';
export * from './annotations';
export * from './generators';
export * from './projectPage';
export * from './files';
export * from './repository';
export * from './gcp/gpuZones';
export * from './gcp/operatorServiceAccount';
export * from './pendingPlan';
export * from './permissions';
export * from './mlflowRuns';
export * from './answers';
export * from './compose';
export * from './upgrades';
