import { ProjectState } from '../state/schema';

/**
 * What the managed manifests are composed from: the project state after this generator's
 * answers were merged into it (`mx:state:merge`).
 */
export type ComposeState = Pick<ProjectState, 'project'> &
  Partial<Pick<ProjectState, 'generators' | 'deployments'>>;

/** The state's deployment names, sorted: the file is the same whatever order generators ran in. */
export function deploymentNames(state: ComposeState): string[] {
  return Object.keys(state.deployments ?? {}).sort();
}

/** `<name>.<baseDomain>`, or '' while the project has no domain. */
export function projectDomain(state: ComposeState): string {
  const { name, baseDomain } = state.project;
  return baseDomain ? `${name}.${baseDomain}` : '';
}
