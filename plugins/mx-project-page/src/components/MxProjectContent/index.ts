export { MxProjectContent } from './MxProjectContent';
