import { createBackendModule } from '@backstage/backend-plugin-api';

/** Adds the focus cost sources configured under `finops.sources.focus`. */
export const finopsModuleFocus = createBackendModule({
  pluginId: 'finops',
  moduleId: 'focus',
  register(reg) {
    reg.registerInit({
      deps: {},
      async init() {},
    });
  },
});
