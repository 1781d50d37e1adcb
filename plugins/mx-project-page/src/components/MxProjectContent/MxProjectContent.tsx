import Grid from '@material-ui/core/Grid';
import { useEntity } from '@backstage/plugin-catalog-react';
import { projectRepository } from '@mx-backstage/plugin-mx-common';
import { EndpointsCard } from '../EndpointsCard';
import { GeneratorsCard } from '../GeneratorsCard';
import { InfrastructureCard } from '../InfrastructureCard';
import { ProjectStateProvider } from '../../hooks';
import { MlflowCard } from '../MlflowCard';
import { PendingPlanCard } from '../PendingPlanCard';
import { RegisteredModelsCard } from '../RegisteredModelsCard';
import { RepositoryCard } from '../RepositoryCard';

/**
 * The "MX project" tab: infrastructure, capabilities, endpoints, MLflow runs and models. The
 * cards that show the project state share one read of it (`ProjectStateProvider`).
 */
export const MxProjectContent = () => {
  const { entity } = useEntity();
  return (
    <ProjectStateProvider>
      <Grid container spacing={3} alignItems="stretch">
        <Grid item xs={12} md={6}>
          <InfrastructureCard />
        </Grid>
        <Grid item xs={12} md={6}>
          <GeneratorsCard />
        </Grid>
        <Grid item xs={12}>
          <PendingPlanCard />
        </Grid>
        <Grid item xs={12}>
          <EndpointsCard />
        </Grid>
        {projectRepository(entity.metadata.annotations) && (
          <Grid item xs={12}>
            <RepositoryCard />
          </Grid>
        )}
        <Grid item xs={12}>
          <MlflowCard />
        </Grid>
        <Grid item xs={12}>
          <RegisteredModelsCard />
        </Grid>
      </Grid>
    </ProjectStateProvider>
  );
};
