import { createCostSourceModule } from '@finops-backstage/plugin-finops-node';
import { createFocusSources } from './focus/createFocusSources';

/** Adds the FOCUS files cost sources configured under `finops.sources.focus`. */
export const finopsModuleFocus = createCostSourceModule({
  moduleId: 'focus',
  name: 'FOCUS',
  createSources: ({ config, logger }) => createFocusSources({ config, logger }),
});
