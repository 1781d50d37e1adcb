import { EmptyState, LinkButton } from '@backstage/core-components';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { generatorTemplateUrl } from '@mx-backstage/plugin-mx-common';

/** True when the backend says the project's in-cluster MLflow is not there yet. */
export function isMlflowNotDeployed(error: unknown): boolean {
  return (
    ResponseError.is(error) && error.body.error.name === 'MlflowNotDeployed'
  );
}

/** What to run when the project has no MLflow yet: deploy training-infrastructure. */
export const MlflowNotDeployed = (props: { entity: Entity; error: Error }) => {
  const reason = ResponseError.is(props.error)
    ? props.error.body.error.message
    : props.error.message;
  return (
    <EmptyState
      missing="content"
      title="Deploy training-infrastructure with the Deploy template"
      description={`MLflow runs and models appear here once the project's MLflow runs in its cluster. ${reason}.`}
      action={
        <LinkButton
          variant="contained"
          color="primary"
          to={generatorTemplateUrl('deploy', stringifyEntityRef(props.entity))}
        >
          Deploy
        </LinkButton>
      }
    />
  );
};
