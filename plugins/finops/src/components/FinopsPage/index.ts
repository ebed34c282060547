export { FinopsPage } from './FinopsPage';
