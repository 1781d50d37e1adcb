import { EmptyState, ResponseErrorPanel } from '@backstage/core-components';
import { STATE_FILE_PATH } from '@mx-backstage/plugin-mx-common';
import { isNotFound, reasonOf } from '../helpers';

/**
 * Why a project's state could not be shown, and what to do about it: a missing state file is
 * an empty state with the next step; anything else is the backend's error.
 */
export const StateProblem = ({ error }: { error: Error }) => {
  if (isNotFound(error)) {
    return (
      <EmptyState
        missing="data"
        title={`No ${STATE_FILE_PATH} for this project`}
        description={`${reasonOf(
          error,
        )}. Create ML projects with the "ML project" template, or commit the ${STATE_FILE_PATH} the generators wrote.`}
      />
    );
  }
  return (
    <ResponseErrorPanel
      error={error}
      title="Could not read the project state"
    />
  );
};
