export { PendingPlanCard } from './PendingPlanCard';
