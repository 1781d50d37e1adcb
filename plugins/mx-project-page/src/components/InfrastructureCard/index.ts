export { InfrastructureCard } from './InfrastructureCard';
