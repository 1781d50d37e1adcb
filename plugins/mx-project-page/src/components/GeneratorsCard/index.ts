export { GeneratorsCard } from './GeneratorsCard';
