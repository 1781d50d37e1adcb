export { RegisteredModelsCard } from './RegisteredModelsCard';
