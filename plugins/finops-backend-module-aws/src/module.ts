import { createBackendModule } from '@backstage/backend-plugin-api';

/** Adds the aws cost sources configured under `finops.sources.aws`. */
export const finopsModuleAws = createBackendModule({
  pluginId: 'finops',
  moduleId: 'aws',
  register(reg) {
    reg.registerInit({
      deps: {},
      async init() {},
    });
  },
});
