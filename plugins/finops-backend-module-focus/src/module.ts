import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { finopsCostSourcesExtensionPoint } from '@finops-backstage/plugin-finops-node';
import { createFocusSources } from './focus/createFocusSources';

/** Adds the FOCUS files cost sources configured under `finops.sources.focus`. */
export const finopsModuleFocus = createBackendModule({
  pluginId: 'finops',
  moduleId: 'focus',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        sources: finopsCostSourcesExtensionPoint,
      },
      async init({ config, logger, sources }) {
        const focusSources = createFocusSources({ config, logger });
        if (focusSources.length > 0) {
          sources.addCostSource(...focusSources);
          logger.info(
            `FOCUS sources: ${focusSources
              .map(source => source.key)
              .join(', ')}`,
          );
        }
      },
    });
  },
});
