import { createCostSourceModule } from '@finops-backstage/plugin-finops-node';
import { readAzureCostSources } from './readAzureCostSources';

/** Adds the Azure Cost Management sources configured under `finops.sources.azure`. */
export const finopsModuleAzure = createCostSourceModule({
  moduleId: 'azure',
  name: 'Azure Cost Management',
  createSources: ({ config, logger }) => readAzureCostSources(config, logger),
});
