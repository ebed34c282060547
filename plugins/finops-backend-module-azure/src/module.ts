import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { finopsCostSourcesExtensionPoint } from '@finops-backstage/plugin-finops-node';
import { readAzureCostSources } from './readAzureCostSources';

/** Adds the Azure Cost Management sources configured under `finops.sources.azure`. */
export const finopsModuleAzure = createBackendModule({
  pluginId: 'finops',
  moduleId: 'azure',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        sources: finopsCostSourcesExtensionPoint,
      },
      async init({ config, logger, sources }) {
        const azure = readAzureCostSources(config, logger);
        sources.addCostSource(...azure);
        if (azure.length > 0) {
          logger.info(
            `Azure Cost Management sources: ${azure
              .map(source => source.key)
              .join(', ')}`,
          );
        }
      },
    });
  },
});
