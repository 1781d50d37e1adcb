export { MxProjectOverviewCard } from './MxProjectOverviewCard';
