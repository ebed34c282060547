export { TagComplianceContent } from './TagComplianceContent';
