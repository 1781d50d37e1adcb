export { StateProblem } from './StateProblem';
