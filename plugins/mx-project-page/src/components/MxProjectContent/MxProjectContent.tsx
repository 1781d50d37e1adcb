import Grid from '@material-ui/core/Grid';
import { EndpointsCard } from '../EndpointsCard';
import { GeneratorsCard } from '../GeneratorsCard';
import { InfrastructureCard } from '../InfrastructureCard';
import { MlflowCard } from '../MlflowCard';

/** The "MX project" tab: infrastructure, capabilities, endpoints and MLflow runs. */
export const MxProjectContent = () => (
  <Grid container spacing={3} alignItems="stretch">
    <Grid item xs={12} md={6}>
      <InfrastructureCard />
    </Grid>
    <Grid item xs={12} md={6}>
      <GeneratorsCard />
    </Grid>
    <Grid item xs={12}>
      <EndpointsCard />
    </Grid>
    <Grid item xs={12}>
      <MlflowCard />
    </Grid>
  </Grid>
);
