import { createCostSourceModule } from '@finops-backstage/plugin-finops-node';
import { createAwsSources } from './createAwsSources';

/** Adds the AWS Cost Explorer sources configured under `finops.sources.aws`. */
export const finopsModuleAws = createCostSourceModule({
  moduleId: 'aws',
  name: 'AWS Cost Explorer',
  createSources: ({ config }) => createAwsSources(config),
});
