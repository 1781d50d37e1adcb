export { MlflowCard } from './MlflowCard';
