export { RefreshAction } from './RefreshAction';
