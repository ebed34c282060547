import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { finopsCostSourcesExtensionPoint } from '@finops-backstage/plugin-finops-node';
import { createAwsSources } from './createAwsSources';

/** Adds the AWS Cost Explorer sources configured under `finops.sources.aws`. */
export const finopsModuleAws = createBackendModule({
  pluginId: 'finops',
  moduleId: 'aws',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        sources: finopsCostSourcesExtensionPoint,
      },
      async init({ config, logger, sources }) {
        const aws = createAwsSources(config);
        if (aws.length > 0) {
          sources.addCostSource(...aws);
          logger.info(
            `AWS Cost Explorer sources: ${aws.map(s => s.key).join(', ')}`,
          );
        }
      },
    });
  },
});
