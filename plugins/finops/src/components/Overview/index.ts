export { OverviewContent } from './OverviewContent';
