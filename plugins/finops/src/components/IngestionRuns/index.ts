export { IngestionRunsContent } from './IngestionRunsContent';
