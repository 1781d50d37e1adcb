export { UpgradesPage } from './UpgradesPage';
