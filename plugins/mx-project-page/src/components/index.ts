export { InfrastructureCard } from './InfrastructureCard';
export { GeneratorsCard } from './GeneratorsCard';
export { EndpointsCard } from './EndpointsCard';
export { MlflowCard } from './MlflowCard';
export { MxProjectContent } from './MxProjectContent';
export { MxProjectOverviewCard } from './MxProjectOverviewCard';
export { RegisteredModelsCard } from './RegisteredModelsCard';
export { PendingPlanCard } from './PendingPlanCard';
