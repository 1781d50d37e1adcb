import { createContext, ReactNode, useContext } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry, { AsyncStateRetry } from 'react-use/esm/useAsyncRetry';
import { ProjectStateResponse, mxProjectApiRef } from '../api';
import { projectRefOf } from '../components/helpers';

/** The project's `.mx/state.yaml` as read by the backend: loading, error or value, and retry. */
export type ProjectStateResult = AsyncStateRetry<ProjectStateResponse>;

const ProjectStateContext = createContext<ProjectStateResult | undefined>(
  undefined,
);

/** Reads the state of the current entity's project; `enabled: false` skips the request. */
function useFetchProjectState(enabled: boolean): ProjectStateResult {
  const { entity } = useEntity();
  const api = useApi(mxProjectApiRef);
  return useAsyncRetry(
    async () =>
      enabled ? api.getState(projectRefOf(entity)) : (undefined as never),
    [api, entity, enabled],
  );
}

/**
 * Reads the project state once for every card inside it: the "MX project" tab wraps its cards
 * in it so that the page makes one state request per entity, however many cards show the state.
 */
export const ProjectStateProvider = (props: { children: ReactNode }) => {
  const state = useFetchProjectState(true);
  return (
    <ProjectStateContext.Provider value={state}>
      {props.children}
    </ProjectStateContext.Provider>
  );
};

/**
 * The current entity's project state: the one read by the enclosing `ProjectStateProvider`, or
 * (for a card used on its own, e.g. on the overview page) a request of its own.
 */
export function useProjectState(): ProjectStateResult {
  const shared = useContext(ProjectStateContext);
  const own = useFetchProjectState(shared === undefined);
  return shared ?? own;
}
