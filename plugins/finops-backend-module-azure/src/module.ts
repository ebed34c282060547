import { createBackendModule } from '@backstage/backend-plugin-api';

/** Adds the azure cost sources configured under `finops.sources.azure`. */
export const finopsModuleAzure = createBackendModule({
  pluginId: 'finops',
  moduleId: 'azure',
  register(reg) {
    reg.registerInit({
      deps: {},
      async init() {},
    });
  },
});
