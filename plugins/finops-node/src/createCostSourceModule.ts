import {
  LoggerService,
  RootConfigService,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { CostSource } from './CostSource';
import { finopsCostSourcesExtensionPoint } from './extensions';

/**
 * A backend module of the FinOps plugin that adds the cost sources its config declares, and logs
 * them under `name` (e.g. `AWS Cost Explorer sources: aws-prod, aws-data`).
 */
export function createCostSourceModule(options: {
  moduleId: string;
  /** What the log calls the sources. */
  name: string;
  createSources(deps: {
    config: RootConfigService;
    logger: LoggerService;
  }): CostSource[];
}) {
  return createBackendModule({
    pluginId: 'finops',
    moduleId: options.moduleId,
    register(reg) {
      reg.registerInit({
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          sources: finopsCostSourcesExtensionPoint,
        },
        async init({ config, logger, sources }) {
          const created = options.createSources({ config, logger });
          if (created.length > 0) {
            sources.addCostSource(...created);
            logger.info(
              `${options.name} sources: ${created
                .map(source => source.key)
                .join(', ')}`,
            );
          }
        },
      });
    },
  });
}
